/**
 * Registers the service worker (web/public/sw.js) that keeps the app shell and the grid worker's
 * round usable with no network. Not in development, where Vite serves the sources.
 */
export function registerServiceWorker(): void {
  if ('serviceWorker' in navigator && import.meta.env.PROD)
    void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
