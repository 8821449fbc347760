import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OdeflowError } from '@odeflow/core';

/**
 * Write `data` to `path` atomically: into a temporary file in the same folder, flushed to disk, then renamed
 * over `path`. Readers see either the previous file or the complete new one — an interrupted run never
 * leaves a results file that parses but is truncated. Parent folders are created.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new OdeflowError('IO_ERROR', `Could not write ${path}: ${e instanceof Error ? e.message : String(e)}. Check that the output folder is writable.`, { path });
  }
}
