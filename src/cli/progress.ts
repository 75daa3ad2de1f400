/** A one-line progress bar on standard error, shown only when it is a terminal. */
export interface Progress {
  tick(label?: string): void;
  done(): void;
}

export function progressBar(
  total: number,
  title: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY || total <= 1) return { tick() {}, done() {} };
  let n = 0;
  const width = 24;
  // Some terminals (and pseudo-terminals) report no width.
  const columns = (): number => Math.max(40, stream.columns || 80);
  const started = Date.now();
  const draw = (label = ''): void => {
    const filled = Math.round((n / total) * width);
    const rate = n / Math.max(0.001, (Date.now() - started) / 1000);
    const cols = columns();
    const line = `${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} ${rate.toFixed(1)}/s ${label}`;
    stream.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
  };
  return {
    tick(label) {
      n++;
      draw(label);
    },
    done() {
      stream.write(`\r${' '.repeat(columns() - 1)}\r`);
    },
  };
}
