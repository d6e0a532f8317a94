/**
 * A progress bar for long runs: redrawn in place on a terminal (at most five times a second), and
 * on anything else (CI logs, a pipe) a plain line at each quarter, so logs stay readable.
 */
export interface ProgressBar {
  advance(by: number): void;
  finish(): void;
}

export function createProgressBar(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  const started = performance.now();
  let done = 0;
  let lastDraw = 0;
  let lastQuarter = 0;
  const line = () => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && total > done ? ` · ${Math.ceil((total - done) / rate)} s left` : '';
    const width = 30;
    const filled = Math.round(share * width);
    return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} · ${Math.round(rate).toLocaleString('en-US')}/s${eta}`;
  };
  return {
    advance(by) {
      done += by;
      if (stream.isTTY) {
        const now = performance.now();
        if (now - lastDraw > 200) {
          lastDraw = now;
          stream.write(`\r${line()}\u001b[K`);
        }
      } else {
        const quarter = total > 0 ? Math.floor((done / total) * 4) : 4;
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          stream.write(`${line()}\n`);
        }
      }
    },
    finish() {
      stream.write(stream.isTTY ? `\r${line()}\u001b[K\n` : `${line()}\n`);
    },
  };
}
