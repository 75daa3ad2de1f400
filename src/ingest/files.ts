/**
 * Reading files for ingest: only regular files are read. A FIFO would block the run for ever, a device
 * like /dev/zero never ends, a socket cannot be opened: each is refused with an error naming it.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { formatBytes } from './decode.js';
import { InputError } from '../model/errors.js';

/**
 * Read a regular file whole, refusing anything else and anything over `maxBytes`. The file is opened
 * without blocking and checked on the open handle, so a FIFO put in its place after a check cannot hang
 * the read.
 */
export async function readRegularFile(path: string, maxBytes?: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new InputError(path, describeFsError(err));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputError(path, `${fileKind(info)}, not a regular file: not read`);
    if (maxBytes !== undefined && info.size > maxBytes)
      throw new InputError(
        path,
        `file is ${formatBytes(info.size)}, larger than the limit of ${formatBytes(maxBytes)}`,
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** What a file that is not a regular file is, in words. */
export function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'not a directory (a path through a file)';
  if (code === 'ELOOP') return 'too many symbolic links';
  // Opening a Unix socket as a file fails with ENXIO.
  if (code === 'ENXIO') return 'a socket or a device with nothing behind it, not a regular file: not read';
  return (err as Error).message;
}
