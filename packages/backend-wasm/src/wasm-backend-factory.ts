import type { BackendFactory } from '@odeflow/core';
import type { TfjsBackend } from '@odeflow/backend-tfjs';
import { createWasmBackend, type WasmBackendOptions } from './create-wasm-backend.js';

/** Creates the float32 `wasm` backend (tfjs's WASM kernels), once, on first use. */
export class WasmBackendFactory implements BackendFactory {
  /** Registered name. */
  readonly name = 'wasm';
  /** One-line description. */
  readonly description = 'TensorFlow.js WASM kernels (SIMD), float32, autodiff VJPs';
  private readonly options: WasmBackendOptions;
  private created: Promise<TfjsBackend> | undefined;

  /** @param options - where the `.wasm` binaries live and whether to use SIMD */
  constructor(options: WasmBackendOptions = {}) {
    this.options = options;
  }

  /** The backend, initialised on the first call; later calls return the same instance. */
  create(): Promise<TfjsBackend> {
    this.created ??= createWasmBackend(this.options).catch((e: unknown) => {
      this.created = undefined;
      throw e;
    });
    return this.created;
  }
}
