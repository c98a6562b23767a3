/**
 * A progress line for long CLI commands: redrawn in place on a terminal, printed at every tenth
 * otherwise (CI logs stay short).
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  const started = Date.now();
  return {
    update(done: number, total: number) {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (stream.isTTY) {
        stream.write(`\r${label} ${done}/${total} (${pct}%)`);
      } else if (Math.floor(pct / 10) !== lastTenth) {
        lastTenth = Math.floor(pct / 10);
        stream.write(`${label} ${done}/${total} (${pct}%)\n`);
      }
    },
    step(text: string) {
      stream.write(`${stream.isTTY ? '\r\x1b[K' : ''}${text}\n`);
    },
    done(text: string) {
      const s = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${stream.isTTY ? '\r\x1b[K' : ''}${text} (${s} s)\n`);
    },
  };
}
