import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError } from '@odeflow/core';
import { TfjsBackend, type TfjsBackendOptions } from './tfjs-backend.js';

/**
 * Initialise the tfjs kernels named by `options.tfjsBackend` (default `cpu`) and return a backend over them.
 * Use this rather than the constructor for kernels that start asynchronously (wasm, webgl).
 * Fails with `BACKEND_UNAVAILABLE` when tfjs cannot initialise them.
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const kernels = options.tfjsBackend ?? 'cpu';
  if (tf.findBackendFactory(kernels) == null) {
    throw new OdeflowError(
      'BACKEND_UNAVAILABLE',
      `tfjs backend "${kernels}" is not registered (registered: ${tf.engine().backendNames().join(', ') || 'none'}). ` +
        `Import its package (e.g. '@tensorflow/tfjs-backend-${kernels}') before creating the backend.`,
      { tfjsBackend: kernels },
    );
  }
  if (tf.findBackend(kernels) == null) {
    const previous = tf.engine().backendName;
    const ok = await tf.setBackend(kernels);
    if (!ok) {
      throw new OdeflowError(
        'BACKEND_UNAVAILABLE',
        `tfjs backend "${kernels}" failed to initialise (see tfjs's console message above for the cause).`,
        { tfjsBackend: kernels },
      );
    }
    // Leave the process's active tfjs backend as it was; each odeflow backend activates its own per op.
    if (previous && previous !== kernels && tf.findBackend(previous) != null) await tf.setBackend(previous);
  }
  return new TfjsBackend(options);
}
