/** A stable number 0–99 for a text (FNV-1a): the demo's choices are the same on every load. */
export function roll(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return Math.abs(h) % 100;
}
