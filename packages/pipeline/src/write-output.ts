import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OdeflowError } from '@odeflow/core';
import { writeFileAtomic } from '@odeflow/train/node';

/** Create the folder of an output file (IO_ERROR naming it when that fails). */
export async function ensureOutputFolder(file: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (e) {
    throw new OdeflowError('IO_ERROR', `Could not create the output folder ${dirname(file)}: ${(e as Error).message}. Choose a writable --out folder.`, { path: dirname(file) });
  }
}

/**
 * Write an output file of a run atomically (temporary file, fsync, rename — training's `writeFileAtomic`),
 * creating its folder first: an interrupted run leaves the previous file or the complete new one, never
 * a truncated file that still parses.
 */
export async function writeOutput(file: string, text: string): Promise<void> {
  await ensureOutputFolder(file);
  await writeFileAtomic(file, text);
}
