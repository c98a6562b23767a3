/**
 * Tables that scroll (antd sets `overflow: auto` on their container when `scroll` is given) can be
 * scrolled from the keyboard: each such container becomes a named, focusable region (WCAG 2.1.1;
 * axe-core's scrollable-region-focusable). antd offers no prop for it, so the console watches for them.
 */
export function keyboardScrollableTables(root: HTMLElement, label: () => string): () => void {
  const mark = () => {
    for (const el of root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
      if (el.hasAttribute('tabindex')) continue;
      const style = getComputedStyle(el);
      if (!/auto|scroll/.test(`${style.overflowX} ${style.overflowY}`)) continue;
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', label());
    }
  };
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      mark();
    });
  });
  observer.observe(root, { childList: true, subtree: true });
  mark();
  return () => observer.disconnect();
}
