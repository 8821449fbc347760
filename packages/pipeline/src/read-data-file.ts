import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { OdeflowError } from '@odeflow/core';
import { PIPELINE_LIMITS } from './pipeline-limits.js';

/** Where a data file may be read from, and which spec field named it. */
export interface ReadDataFileOptions {
  /** Folder relative paths are resolved against; reads are allowed below it. */
  readonly baseDir: string;
  /** Further folders reads are allowed below (the CLI's `--allow-read DIR`). */
  readonly allowRead?: readonly string[];
  /** Spec path of the field naming the file, e.g. `stages[0].path`, for messages. */
  readonly at: string;
  /** What the file should be, for messages (default `file`, e.g. `CSV file`). */
  readonly what?: string;
  /** Largest file read, bytes (default PIPELINE_LIMITS.csvBytes). */
  readonly maxBytes?: number;
}

/** A regular file read whole. */
export interface RegularFileText {
  /** Its contents, decoded as UTF-8. */
  readonly text: string;
}

/** Why a file was not read. */
export interface RegularFileProblem {
  /** `unreadable` (missing, no permission), `not-regular` (folder, device...), `too-large`, `changed` (grew while read). */
  readonly problem: 'unreadable' | 'not-regular' | 'too-large' | 'changed';
  /** Details for messages: an errno code, what the file is, its size. Never its contents. */
  readonly reason: string;
}

/** The text of a regular file, or why it was not read. */
export type RegularFileRead = RegularFileText | RegularFileProblem;

/**
 * Read a regular file of at most `maxBytes` as UTF-8: `fstat` on the open handle refuses a folder, device,
 * FIFO or socket (opened non-blocking, so a FIFO without a writer does not wait), and at most `maxBytes + 1`
 * bytes are read, so a file that grows meanwhile is bounded too. Never throws for the file's sake.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<RegularFileRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { problem: 'unreadable', reason: (e as NodeJS.ErrnoException).code ?? 'error' };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { problem: 'not-regular', reason: st.isDirectory() ? 'a folder' : 'a device, FIFO or socket' };
    if (st.size > maxBytes) return { problem: 'too-large', reason: `${st.size} bytes` };
    const buf = Buffer.alloc(Math.min(maxBytes + 1, st.size + 65536));
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > maxBytes) return { problem: 'too-large', reason: `over ${maxBytes} bytes` };
      if (n === buf.length) return { problem: 'changed', reason: 'it grew while being read' };
    }
    return { text: buf.toString('utf8', 0, n) };
  } catch (e) {
    return { problem: 'unreadable', reason: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

const inside = (root: string, file: string) => {
  const r = relative(root, file);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

const realFolder = (dir: string) => realpath(dir).catch(() => resolve(dir));

/**
 * Read a data file named by a spec, as UTF-8 text: only below `baseDir` or an allowed folder (symbolic links
 * resolved first), only a regular file of at most `maxBytes` ({@link readRegularFile}). Errors name the spec
 * field and the file, never its contents.
 * @throws OdeflowError INVALID_SPEC (missing, outside the allowed folders, not a regular file), LIMIT_EXCEEDED (too large)
 */
export async function readDataFile(path: string, options: ReadDataFileOptions): Promise<string> {
  const { at } = options;
  const what = options.what ?? 'file';
  const file = resolve(options.baseDir, path);
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    throw new OdeflowError('INVALID_SPEC', `${at}: expected a readable ${what}; could not read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { path: at, file });
  }
  const roots = await Promise.all([options.baseDir, ...(options.allowRead ?? [])].map(realFolder));
  if (!roots.some((r) => inside(r, real))) {
    throw new OdeflowError(
      'INVALID_SPEC',
      `${at}: expected a ${what} below the spec's folder ${roots[0]}; ${file} is outside it. Move the file there, or allow its folder explicitly (odeflow run --allow-read DIR, or the allowRead option).`,
      { path: at, file },
    );
  }
  const limit = options.maxBytes ?? PIPELINE_LIMITS.csvBytes;
  const r = await readRegularFile(real, limit);
  if ('text' in r) return r.text;
  if (r.problem === 'too-large') {
    throw new OdeflowError('LIMIT_EXCEEDED', `${at}: ${file} is larger than the limit of ${limit} bytes (${r.reason}); use a smaller file.`, { path: at, file, limit });
  }
  const expected = r.problem === 'not-regular' ? `a regular ${what}; ${file} is ${r.reason}` : `a readable ${what}; could not read ${file} (${r.reason})`;
  throw new OdeflowError('INVALID_SPEC', `${at}: expected ${expected}.`, { path: at, file });
}
