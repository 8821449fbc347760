import * as tf from '@tensorflow/tfjs-core';

/** What the WASM kernels run with in this process. */
export interface WasmFeatures {
  /** The SIMD binary is in use. */
  readonly simd: boolean;
  /** The multithreaded binary is in use (never in Node). */
  readonly threads: boolean;
}

/** Report whether tfjs's WASM kernels use SIMD and threads here (tfjs detects both at start-up). */
export async function wasmFeatures(): Promise<WasmFeatures> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return { simd, threads };
}
