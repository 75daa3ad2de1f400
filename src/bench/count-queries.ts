/**
 * Loaded into a benched worker with `node --import`: counts the statements the process sends to
 * PostgreSQL (its store's and pg-boss's, which share one `pg`), by kind, with the wall time spent waiting
 * for each kind's answers, and writes them to stderr on exit as one `bench-queries {…}` line. Round trips
 * and lock waits are counted, not guessed, and do not depend on what else the machine runs.
 */
import pg from 'pg';

interface Tally {
  n: number;
  ms: number;
}

const tallies = new Map<string, Tally>();

/** A statement's kind: its first words, with the names and numbers that vary taken out. */
export function kindOf(text: string): string {
  const words = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\$\d+/g, '$')
    .replace(/\b\d+\b/g, 'N')
    .split(' ');
  return words.slice(0, 6).join(' ').slice(0, 80);
}

function textOf(args: unknown[]): string | null {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'text' in first && typeof first.text === 'string')
    return first.text;
  return null;
}

const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
  const text = textOf(args);
  if (text === null) return original.apply(this, args);
  const kind = kindOf(text);
  const started = performance.now();
  const count = (): void => {
    const t = tallies.get(kind) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += performance.now() - started;
    tallies.set(kind, t);
  };
  // A pool asks with a callback; everything else gets a promise.
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback === 'function') {
    args[last] = (...answer: unknown[]): unknown => {
      count();
      return (callback as (...a: unknown[]) => unknown)(...answer);
    };
    return original.apply(this, args);
  }
  const result = original.apply(this, args);
  if (result instanceof Promise) result.then(count, count);
  return result;
} as typeof pg.Client.prototype.query;

process.on('exit', () => {
  const kinds = Object.fromEntries([...tallies].sort((a, b) => b[1].n - a[1].n));
  process.stderr.write(`bench-queries ${JSON.stringify(kinds)}\n`);
});
