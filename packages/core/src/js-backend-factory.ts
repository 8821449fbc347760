import { loadMlpKernels, loadMlpKernelsSync } from './blocks/mlp-kernel-module.js';
import { JsBackend } from './js-backend.js';
import type { BackendFactory } from './tokens.js';

/** Creates the float64 `js` backend (one instance per factory, created on first use). */
export class JsBackendFactory implements BackendFactory {
  /** Registered name. */
  readonly name = 'js';
  /** One-line description. */
  readonly description = 'float64 typed arrays in plain JavaScript, MLP blocks in WebAssembly where available; no dependencies (default)';
  private instance: JsBackend | undefined;

  /**
   * The backend, created on first call. Also loads the WebAssembly MLP kernels its blocks run on:
   * synchronously where the runtime allows it (Node), else (a browser's main thread refuses to compile
   * the module synchronously) asynchronously, returning a promise, so that blocks realised afterwards find
   * the kernels loaded. Without WebAssembly, blocks run on the typed-array kernels.
   */
  create(): JsBackend | Promise<JsBackend> {
    const backend = (this.instance ??= new JsBackend());
    if (loadMlpKernelsSync() !== undefined || typeof WebAssembly !== 'object') return backend;
    return loadMlpKernels().then(
      () => backend,
      () => backend,
    );
  }
}
