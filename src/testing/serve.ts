/**
 * The real server for browser tests and the dashboard bench: the inputs ingested into a fresh database,
 * then `sitrep serve` (the built CLI, as a user starts it) on an ephemeral loopback port.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ingest } from '../app/ingest.js';
import { withStore } from '../app/open.js';
import { ROOT, tempDir } from './fixtures.js';

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  db: string;
  close: () => Promise<void>;
}

const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Ingest `inputs` (files or folders; stories placed) and serve them; `close` stops the server and removes the data. */
export async function startServer(inputs: string[], args: string[] = []): Promise<TestServer> {
  const { dir, cleanup } = tempDir('sitrep-serve-');
  const db = join(dir, 'sitrep.db');
  try {
    await withStore(db, 'write', async (store) => {
      if (inputs.length) await ingest(store, inputs);
    });
  } catch (err) {
    cleanup();
    throw err;
  }
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--db', db, '--host', '127.0.0.1', '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let said = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      said += chunk.toString('utf8');
      // `sitrep serve` says where it listens: "serving <db> at http://127.0.0.1:<port> (…)".
      const m = / at (?<url>http:\/\/[^\s/]+)/.exec(said);
      if (m) resolve(m.groups!.url!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`sitrep serve exited (${code}) before listening:\n${said}`)),
    );
  }).catch((err: unknown) => {
    cleanup();
    throw err;
  });
  return {
    url,
    db,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      cleanup();
    },
  };
}
