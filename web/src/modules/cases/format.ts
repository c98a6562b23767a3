/** How the case pages show clocks, supervision and times (shared by the console and the phone). */
export const CLOCK_COLORS = { none: 'default', ok: 'green', warning: 'orange', overdue: 'red' } as const;
export const SUPERVISION_COLORS = { none: 'default', normal: 'blue', yellow: 'gold', red: 'red' } as const;

/** A moment as the whole web shows it (lib/format.ts). */
export { fmtDateTime as fmtTime } from '../../lib/format.js';
