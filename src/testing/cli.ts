/** Run the sitrep CLI in tests: in this process (no start-up cost per command), or as a real process. */
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** The CLI run in this process, capturing what it prints; `tty` makes standard output a terminal. */
export async function sitrep(args: string[], o: { tty?: boolean } = {}): Promise<CliRun> {
  const captured = { stdout: '', stderr: '' };
  const sink = (name: 'stdout' | 'stderr'): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        captured[name] += String(chunk);
        done();
      },
    });
  const stdout = Object.assign(sink('stdout'), { isTTY: o.tty === true });
  const code = await main(['node', 'sitrep', ...args], { stdout, stderr: sink('stderr') });
  return { code, ...captured };
}

/** The CLI as a real process, for what only a process has: standard input, the exit code of the binary. */
export function spawnSitrep(args: string[], input?: string): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, SITREP_DB: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
