import { ContainerModule } from 'inversify';
import { bindNamed, TOKENS } from '@odeflow/core';
import type { WasmBackendOptions } from './create-wasm-backend.js';
import { WasmBackendFactory } from './wasm-backend-factory.js';

/**
 * A module binding the `wasm` backend factory with the given options, e.g. the `wasmPaths` a browser
 * build serves the binaries from.
 */
export function createWasmModule(options: WasmBackendOptions = {}): ContainerModule {
  return new ContainerModule((o) => {
    bindNamed(o, TOKENS.Backend, 'wasm', new WasmBackendFactory(options));
  });
}

/** Binds the `wasm` backend factory with default options (in Node the binaries load from their package). */
export const wasmModule = createWasmModule();
