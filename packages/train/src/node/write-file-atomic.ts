import { OdeflowError } from '@odeflow/core';
import { staleTempNames, tempName } from './temp-names.js';

/** The part of a file handle {@link writeFileAtomic} uses (node:fs/promises' FileHandle fits). */
export interface AtomicFileHandle {
  /** Write the whole text. */
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  /** Flush the file's data to the disk. */
  sync(): Promise<void>;
  /** Close the handle. */
  close(): Promise<void>;
}

/** The file-system calls {@link writeFileAtomic} makes (node:fs/promises fits); injectable for tests. */
export interface AtomicFileSystem {
  /** Open a file (`wx`: create, fail if it exists; `r`: read, used to sync the directory). */
  open(path: string, flags: string): Promise<AtomicFileHandle>;
  /** Atomically replace `to` by `from` (same directory, so the same file system). */
  rename(from: string, to: string): Promise<void>;
  /** Remove a file; `force` ignores a missing one. */
  rm(path: string, options: { force: boolean }): Promise<void>;
  /** List a folder (when given, temporary files left by killed writers are removed before writing). */
  readdir?(path: string): Promise<string[]>;
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File-system calls to use (default node:fs/promises). */
  readonly fs?: AtomicFileSystem;
}

function splitPath(path: string): { dir: string; base: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? { dir: '.', base: path } : { dir: path.slice(0, cut) || '/', base: path.slice(cut + 1) };
}

/**
 * Write `text` to `path` so that readers see either the old file or the complete new one, never a part:
 * the text goes to a temporary file in the same directory, is flushed to disk (fsync), and is renamed over
 * `path`; the directory is then synced so that the rename itself survives a power cut. If anything fails
 * before the rename, the temporary file is removed and the previous file is untouched. Temporary files of
 * `path` left by writers that were killed (their process is gone) are removed first.
 * @throws OdeflowError `IO_ERROR` with the underlying cause
 */
export async function writeFileAtomic(path: string, text: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const fs: AtomicFileSystem = options.fs ?? ((await import('node:fs/promises')) as unknown as AtomicFileSystem);
  const { dir, base } = splitPath(path);
  await removeStale(fs, dir, base);
  const tmp = `${dir}/${tempName(base, 'tmp')}`;
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new OdeflowError('IO_ERROR', `Could not write ${path}: ${(e as Error).message}. The previous file, if any, is unchanged.`, { path, cause: e });
  }
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // directories cannot be opened or synced on some platforms (Windows); the rename is done either way
  }
}

async function removeStale(fs: AtomicFileSystem, dir: string, base: string): Promise<void> {
  if (fs.readdir === undefined) return;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return; // a missing folder fails the write below, with its own message
  }
  for (const n of staleTempNames(names, base, ['tmp'])) await fs.rm(`${dir}/${n}`, { force: true }).catch(() => undefined);
}
