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

/**
 * Load parameters saved by {@link saveParams} onto `backend` (any backend: a file saved from js loads on
 * tfjs, rounded to float32).
 * @throws OdeflowError `IO_ERROR` when the file cannot be read, `INVALID_SPEC` when it is malformed
 */
export async function loadParams<T>(path: string, backend: TensorBackend<T>): Promise<LoadedParams<T>> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new OdeflowError('IO_ERROR', `Could not read parameters from ${path}: ${(e as Error).message}.`, { path, cause: e });
  }
  return parseParams(text, backend);
}
