import { OdeflowError, type TensorBackend } from '@odeflow/core';
import { parseParams, serialiseParams, type LoadedParams, type SerialiseParamsOptions } from '../params-json.js';
import { writeFileAtomic, type AtomicFileSystem } from './write-file-atomic.js';

/** Options of {@link saveParams}. */
export interface SaveParamsOptions extends SerialiseParamsOptions {
  /** File-system calls (default node:fs/promises); for tests and custom storage. */
  readonly fs?: AtomicFileSystem;
}

/**
 * Save parameters as JSON at `path` with an atomic write (temporary file, fsync, rename): a crash
 * mid-write leaves the previous file intact. Float64 values round-trip exactly. Node only (the browser can
 * store `serialiseParams`' text itself).
 * @throws OdeflowError `IO_ERROR` when the file cannot be written, `NON_FINITE_STATE` for NaN/∞ values
 */
export async function saveParams<T>(path: string, params: readonly T[], backend: TensorBackend<T>, options: SaveParamsOptions = {}): Promise<void> {
  const text = serialiseParams(params, backend, options);
  await writeFileAtomic(path, text, options.fs === undefined ? {} : { fs: options.fs });
}

/** Largest parameters file {@link loadParams} reads (bytes). */
export const MAX_PARAMS_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Load parameters saved by {@link saveParams} onto `backend` (any backend: a file saved from js loads on
 * tfjs, rounded to float32). Only a regular file is read (a device or FIFO is refused after `fstat`, unread).
 * @throws OdeflowError `IO_ERROR` when the file cannot be read or is not a regular file, `LIMIT_EXCEEDED` when
 * it is larger than {@link MAX_PARAMS_FILE_BYTES}, `INVALID_SPEC` when it is malformed
 */
export async function loadParams<T>(path: string, backend: TensorBackend<T>): Promise<LoadedParams<T>> {
  const { open } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  let text: string;
  try {
    // non-blocking: a FIFO without a writer must not hang the open
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new OdeflowError('IO_ERROR', `Could not read parameters from ${path}: not a regular file.`, { path });
      if (st.size > MAX_PARAMS_FILE_BYTES) {
        throw new OdeflowError('LIMIT_EXCEEDED', `Parameters file ${path} is larger than the limit of ${MAX_PARAMS_FILE_BYTES} bytes.`, { path, limit: MAX_PARAMS_FILE_BYTES });
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof OdeflowError) throw e;
    throw new OdeflowError('IO_ERROR', `Could not read parameters from ${path}: ${(e as Error).message}.`, { path, cause: e });
  }
  return parseParams(text, backend);
}
