import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isCleanText } from '../../contracts/text.js';
import { AppError } from './errors.js';
import { processAlive } from './process.js';

/**
 * Where uploaded files wait while they are processed (an import's XLSX or CSV holds residents'
 * ID numbers and phones in plain text): a folder only this user can open, files only this user
 * can read, each removed when its work ends, and leftovers of a dead process swept at start.
 * Files are named `<pid>-<uuid>` so that a sweep never removes a live process's file.
 */
export class UploadStore {
  constructor(readonly dir: string) {}

  /** Creates the folder (0700) and removes files left by processes that no longer run. */
  static open(dir: string): UploadStore {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    const store = new UploadStore(dir);
    store.sweep();
    return store;
  }

  /** A private store in the system's temporary folder (tests, and servers given no data dir). */
  static temporary(): UploadStore {
    return new UploadStore(fs.mkdtempSync(path.join(os.tmpdir(), 'linli-uploads-')));
  }

  /** Removes files whose process is gone; answers how many. */
  sweep(): number {
    let removed = 0;
    for (const name of fs.readdirSync(this.dir)) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) continue;
      if (pid === process.pid) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** Streams a body to a new private file (0600); removes it if the stream fails. */
  async save(body: NodeJS.ReadableStream): Promise<string> {
    const file = path.join(this.dir, `${process.pid}-${crypto.randomUUID()}`);
    try {
      await pipeline(body, fs.createWriteStream(file, { mode: 0o600, flags: 'wx' }));
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    }
    return file;
  }

  remove(file: string): void {
    fs.rmSync(file, { force: true });
  }
}

/** The file name a client sent in `X-File-Name` (percent-encoded UTF-8), checked: 400 when it is not a name. */
export function uploadFileName(header: string | string[] | undefined, fallback = 'upload'): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === '') return fallback;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw badName();
  }
  name = path.basename(name.replace(/\\/g, '/')).trim();
  if (name === '' || name.length > 200 || !isCleanText(name)) throw badName();
  return name;
}

function badName(): AppError {
  return new AppError(
    'validation',
    {
      zh: '文件名无效（X-File-Name 应为 URL 编码的文件名，不超过 200 个字符）',
      en: 'Invalid file name (X-File-Name: a percent-encoded name of at most 200 characters)',
    },
    { issues: [{ path: 'headers.x-file-name', message: { zh: '文件名无效', en: 'invalid file name' } }] },
  );
}

/** True for a body parsed as a stream (an upload sent with a file content type). */
export function isStream(body: unknown): body is NodeJS.ReadableStream {
  return typeof (body as { pipe?: unknown } | null)?.pipe === 'function';
}
