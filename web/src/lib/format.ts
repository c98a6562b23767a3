/**
 * One way to show dates and times in the whole web: Chinese conventions, in the street's time zone
 * (China Standard Time, whatever the browser's zone), `2026-12-02 20:32`, and relative times where
 * people expect them ("3小时后超期", "2天前").
 */
const ZONE = 'Asia/Shanghai';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pieces(d: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(d).map((p) => [p.type, p.value]));
}

/** `2026-12-02 20:32` (or `—` for nothing). */
export function fmtDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const p = pieces(new Date(value));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-12-02`. */
export function fmtDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const p = pieces(new Date(value));
  return `${p.year}-${p.month}-${p.day}`;
}

/** How far a moment is from now, in words: `3小时后` / `2天前` (`in 3 hours` / `2 days ago`). */
export function fmtRelative(value: string | Date, lang: 'zh' | 'en', now = Date.now()): string {
  const ms = new Date(value).getTime() - now;
  const abs = Math.abs(ms);
  const units: [number, string, string][] = [
    [86_400_000, '天', 'day'],
    [3_600_000, '小时', 'hour'],
    [60_000, '分钟', 'minute'],
  ];
  const [size, zh, en] = units.find(([u]) => abs >= u) ?? [60_000, '分钟', 'minute'];
  const n = Math.max(1, Math.round(abs / size));
  if (lang === 'zh') return ms >= 0 ? `${n}${zh}后` : `${n}${zh}前`;
  const word = `${n} ${en}${n === 1 ? '' : 's'}`;
  return ms >= 0 ? `in ${word}` : `${word} ago`;
}
