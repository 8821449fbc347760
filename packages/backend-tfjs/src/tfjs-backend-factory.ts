import type { BackendFactory } from '@odeflow/core';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsBackend } from './tfjs-backend.js';

/** Creates the float32 `tfjs` backend on tfjs's cpu kernels, once, on first use. */
export class TfjsBackendFactory implements BackendFactory {
  /** Registered name. */
  readonly name = 'tfjs';
  /** One-line description. */
  readonly description = 'TensorFlow.js cpu kernels, float32, autodiff VJPs';
  private created: Promise<TfjsBackend> | undefined;

  /** The backend, initialised on the first call; later calls return the same instance. */
  create(): Promise<TfjsBackend> {
    this.created ??= createTfjsBackend({ name: 'tfjs', tfjsBackend: 'cpu' }).catch((e: unknown) => {
      this.created = undefined;
      throw e;
    });
    return this.created;
  }
}
