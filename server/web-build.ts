import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

const SOURCES = [
  'web/src',
  'web/index.html',
  'web/m.html',
  'web/public',
  'web/vite.config.ts',
  'contracts',
  'package-lock.json',
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** True when web/dist is missing or older than any of the console's sources. */
export function webBuildIsStale(root: string): boolean {
  const built = path.join(root, 'web', 'dist', 'index.html');
  if (!fs.existsSync(built) || !fs.existsSync(path.join(root, 'web', 'dist', 'm.html'))) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > builtAt);
}

/**
 * Builds the console with Vite when it is missing or stale, in a child process so that the build
 * takes the second core while this one prepares the database (a first start overlaps the two).
 * Vite is a development dependency: an installation without it serves whatever build it was
 * shipped with.
 */
export async function ensureWebBuild(root: string, log: (line: string) => void): Promise<void> {
  if (!webBuildIsStale(root)) return;
  const bin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(bin)) {
    log('未安装 Vite，跳过前端构建 / Vite is not installed: serving the existing console build, if any');
    return;
  }
  log('正在构建控制台 / building the console (web/dist) …');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [bin, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`控制台构建失败 / the console build failed (exit ${code})`);
  log(`控制台已构建 / console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
