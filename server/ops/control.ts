import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * A running server's control socket in its data directory (`linli.sock`, the owner only): how
 * `linli backup` and `linli doctor` reach a street's embedded database while the server has it
 * open (PGlite's files are one process's alone). One JSON request per connection, one answer.
 */
export type ControlRequest = { op: 'backup'; file: string } | { op: 'doctor' };
export type ControlAnswer = { ok: true; result: unknown } | { ok: false; error: string };

export const socketPath = (dataDir: string) => path.join(dataDir, 'linli.sock');

export function startControlSocket(
  dataDir: string,
  handle: (r: ControlRequest) => Promise<unknown>,
): { close(): Promise<void> } {
  const file = socketPath(dataDir);
  fs.rmSync(file, { force: true }); // left by a process that died
  const server = net.createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
      if (!text.includes('\n')) return;
      const answer = (async (): Promise<ControlAnswer> => {
        try {
          return { ok: true, result: await handle(JSON.parse(text.trim()) as ControlRequest) };
        } catch (err) {
          return { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
      })();
      void answer.then((a) => socket.end(`${JSON.stringify(a)}\n`));
    });
    socket.on('error', () => undefined);
  });
  server.listen(file, () => fs.chmodSync(file, 0o600));
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      }),
  };
}

/** Asks the server holding `dataDir` (null when no server answers there). */
export function askServer(dataDir: string, request: ControlRequest): Promise<ControlAnswer | null> {
  const file = socketPath(dataDir);
  if (!fs.existsSync(file)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = net.connect(file);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text) as ControlAnswer);
      } catch {
        resolve(null);
      }
    });
    socket.on('error', () => resolve(null));
  });
}
