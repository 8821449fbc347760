import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OdeflowError } from '@odeflow/core';
import { staleTempNames, tempName } from '@odeflow/train/node';

/** Files that mark a folder as odeflow's output (`odeflow run`, `odeflow compare-memory`), which a later run may replace. */
export const OUTPUT_FOLDER_MARKERS: readonly string[] = ['results.json', 'memory.json'];

const ioError = (what: string, path: string, e: unknown) =>
  new OdeflowError('IO_ERROR', `Could not ${what} ${path}: ${(e as Error).message}. Choose a writable --out folder.`, { path, cause: e });

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Remove what killed runs left beside `target`: their temporary folders, and the previous folder set aside
 * during a swap — put back when the swap did not finish (the target is missing), else removed.
 */
export async function cleanStaleOutputFolders(target: string): Promise<void> {
  const parent = dirname(resolve(target));
  const base = basename(resolve(target));
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const n of staleTempNames(names, base, ['old'])) {
    if (!(await exists(target))) await rename(join(parent, n), target).catch(() => undefined);
    else await rm(join(parent, n), { recursive: true, force: true }).catch(() => undefined);
  }
  for (const n of staleTempNames(names, base, ['tmp'])) await rm(join(parent, n), { recursive: true, force: true }).catch(() => undefined);
}

/** Refuse to replace a file, or a non-empty folder that odeflow did not write (it may hold the user's files). */
async function checkReplaceable(target: string): Promise<void> {
  const st = await lstat(target).catch(() => undefined);
  if (st === undefined) return;
  if (!st.isDirectory()) {
    throw new OdeflowError('INVALID_ARGUMENT', `The output folder ${target} is a file; choose another --out folder.`, { path: target });
  }
  const names = await readdir(target);
  if (names.length === 0 || names.some((n) => OUTPUT_FOLDER_MARKERS.includes(n))) return;
  throw new OdeflowError(
    'INVALID_ARGUMENT',
    `The output folder ${target} holds files odeflow did not write; a run replaces its output folder whole, so choose a new or empty --out folder.`,
    { path: target },
  );
}

async function syncFolder(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    await d.sync().finally(() => d.close());
  } catch {
    // folders cannot be synced on some platforms; the rename is done either way
  }
}

/** Move the complete folder `tmp` to `target`, setting a previous `target` aside first and removing it after. */
async function swapInto(tmp: string, target: string): Promise<void> {
  if (!(await exists(target))) return rename(tmp, target);
  const old = join(dirname(target), tempName(basename(target), 'old'));
  await rename(target, old);
  try {
    await rename(tmp, target);
  } catch (e) {
    await rename(old, target).catch(() => undefined);
    throw e;
  }
  await rm(old, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Write a whole output folder: `fill` writes into a fresh temporary folder beside `target`, which then
 * replaces `target` by renames — readers see the previous folder or the complete new one, never a mix (for
 * the instant between the two renames of a replacement, neither; a kill there leaves the previous folder
 * set aside, and the next run puts it back). On failure the temporary folder is removed and `target` is
 * untouched; leftovers of killed runs are cleaned first. `target` must be missing, empty, or a folder
 * odeflow wrote (one holding a file of {@link OUTPUT_FOLDER_MARKERS}), so that no user's folder is replaced.
 * @returns what `fill` returned
 * @throws OdeflowError IO_ERROR when the folder cannot be written, INVALID_ARGUMENT when `target` is not replaceable
 */
export async function writeOutputFolder<R>(target: string, fill: (dir: string) => Promise<R>): Promise<R> {
  const abs = resolve(target);
  const parent = dirname(abs);
  const base = basename(abs);
  await mkdir(parent, { recursive: true }).catch((e: unknown) => {
    throw ioError('create the folder', parent, e);
  });
  await cleanStaleOutputFolders(abs);
  await checkReplaceable(abs);
  const tmp = join(parent, tempName(base, 'tmp'));
  let result: R;
  try {
    await mkdir(tmp).catch((e: unknown) => {
      throw ioError('create the folder', tmp, e);
    });
    result = await fill(tmp);
    await syncFolder(tmp);
    await swapInto(tmp, abs);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof OdeflowError) throw e;
    throw ioError('write the output folder', abs, e);
  }
  await syncFolder(parent);
  return result;
}
