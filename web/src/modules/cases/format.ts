/** How the case pages show clocks, supervision and times (shared by the console and the phone). */
export const CLOCK_COLORS = { none: 'default', ok: 'green', warning: 'orange', overdue: 'red' } as const;
export const SUPERVISION_COLORS = { none: 'default', normal: 'blue', yellow: 'gold', red: 'red' } as const;

export function fmtTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16) : '—';
}
