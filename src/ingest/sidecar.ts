import { dirname, resolve } from 'node:path';
import { InputError } from '../model/errors.js';
import { readRegularFile } from './files.js';
import type { SourceMeta } from '../model/raw.js';

/** File name of the metadata sidecar that is read automatically beside the inputs. */
export const SIDECAR_NAME = 'meta.jsonl';

/**
 * Read a sidecar: one JSON object per line with `file` (relative to the sidecar) and any of `url`,
 * `title`, `outlet`, `published`, `language`, `id`. Returns absolute file path -> metadata.
 * Only a regular file is read: a FIFO or a device in its place is refused, naming it.
 */
export async function loadSidecar(path: string): Promise<Map<string, SourceMeta>> {
  let content: string;
  try {
    content = (await readRegularFile(path)).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || (err instanceof InputError && err.reason === 'no such file or directory'))
      throw new SidecarMissingError(path);
    throw err;
  }
  const out = new Map<string, SourceMeta>();
  const dir = dirname(resolve(path));
  content.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      throw new InputError(`${path}#${i + 1}`, `invalid JSON in metadata file (${(err as Error).message})`);
    }
    if (typeof rec.file !== 'string' || !rec.file)
      throw new InputError(`${path}#${i + 1}`, 'metadata line needs a "file" field');
    const meta: SourceMeta = { origin: 'sidecar' };
    for (const k of ['url', 'title', 'outlet', 'published', 'language'] as const) {
      if (typeof rec[k] === 'string' && rec[k]) meta[k] = rec[k] as string;
    }
    if (typeof rec.id === 'string' && rec.id) meta.externalId = rec.id;
    out.set(resolve(dir, rec.file), meta);
  });
  return out;
}

/** The sidecar named does not exist (beside the inputs, that only means there is none). */
export class SidecarMissingError extends InputError {
  constructor(path: string) {
    super(path, 'metadata file not found');
    this.name = 'SidecarMissingError';
  }
}
