import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { checkBackendOptions, createTfjsBackend, sharedFusedMlpKernels, type FusedMlpKernels, type TfjsBackend } from '@odeflow/backend-tfjs';
import { registerWasmMatMulGradient } from './register-wasm-mat-mul-gradient.js';
import { wasmFusedKernelIo } from './wasm-fused-kernel-io.js';

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Where the `.wasm` binaries are served from. In Node leave it unset: the binaries load from the
   * `@tensorflow/tfjs-backend-wasm` package folder. In browsers (and in bundles that do not copy the
   * binaries next to the script) serve `tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm` and
   * `tfjs-backend-wasm-threaded-simd.wasm` from `node_modules/@tensorflow/tfjs-backend-wasm/dist/` and
   * pass their folder URL with a trailing slash (e.g. `'/static/tfjs-wasm/'`, or a CDN such as
   * `'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm@4.22.0/dist/'`), or a map from each
   * file name to its full URL. Only honoured before the wasm kernels first start in this process.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** Fetch the binaries with the platform's `fetch` (passed to tfjs's `setWasmPaths`). */
  readonly usePlatformFetch?: boolean;
  /**
   * Use the SIMD binary when the runtime supports it (default true; Node 20 does). `false` forces the
   * plain binary, e.g. to compare speeds. Only honoured before the wasm kernels first start.
   */
  readonly simd?: boolean;
  /**
   * Run neural blocks as fused kernels (one dispatch per f and per VJP; see `tfjsFusedMlpRealisation`) — default
   * true. `false` realises them op by op in tfjs-wasm kernels (7 dispatches per f, 21 per VJP of a 2-layer
   * MLP), e.g. to compare.
   */
  readonly fusedBlocks?: boolean;
}


function isWasmPaths(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every((url) => typeof url === 'string');
}

/**
 * Start tfjs's WASM kernels (registering them is a side effect of importing this package) and return
 * the odeflow backend named `wasm` over them: the same {@link TfjsBackend} op code as `tfjs`, float32, with
 * autodiff VJPs; matMul and its gradient avoid tfjs-wasm's slow transposed-operand path (see
 * {@link registerWasmMatMulGradient}); neural blocks run as fused kernels of odeflow's own WebAssembly (see
 * {@link WasmBackendOptions.fusedBlocks}). Multithreading is off in Node (tfjs hard-wires one thread there).
 * Fails with `BACKEND_UNAVAILABLE` when the binary cannot be loaded (wrong `wasmPaths`), with `INVALID_ARGUMENT`
 * for options that are unknown or of the wrong type.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<TfjsBackend> {
  checkBackendOptions('createWasmBackend', options, {
    wasmPaths: { test: isWasmPaths, expected: "a folder URL ending in '/' or a map from file name to URL" },
    usePlatformFetch: 'boolean',
    simd: 'boolean',
    fusedBlocks: 'boolean',
  });
  if (tf.findBackend('wasm') == null) {
    if (options.wasmPaths !== undefined) {
      setWasmPaths(options.wasmPaths as string | { [path: string]: string }, options.usePlatformFetch);
    }
    if (options.simd === false) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  }
  let fused: FusedMlpKernels | undefined;
  if (options.fusedBlocks !== false) {
    fused = await sharedFusedMlpKernels();
    fused.register('wasm', wasmFusedKernelIo);
  }
  const backend = await createTfjsBackend({
    name: 'wasm',
    tfjsBackend: 'wasm',
    fusedMlp: fused,
  });
  registerWasmMatMulGradient();
  return backend;
}
