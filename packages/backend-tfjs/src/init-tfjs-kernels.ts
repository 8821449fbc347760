import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError } from '@odeflow/core';

/**
 * Make sure the tfjs backend named `tfjsBackend` is registered and initialised, initialising it here when its
 * factory is synchronous (cpu). Asynchronous ones (wasm) cannot be awaited from a constructor, so they must
 * have been set up already (createTfjsBackend does that); otherwise this throws `BACKEND_UNAVAILABLE`, with
 * a message saying what to do instead.
 * @param tfjsBackend - name of the tfjs backend whose kernels will run the ops
 */
export function initTfjsKernels(tfjsBackend: string): void {
  if (tf.findBackendFactory(tfjsBackend) == null) {
    throw new OdeflowError(
      'BACKEND_UNAVAILABLE',
      `tfjs backend "${tfjsBackend}" is not registered. Import its package first ` +
        `(e.g. '@tensorflow/tfjs-backend-cpu'), or use createTfjsBackend().`,
      { tfjsBackend },
    );
  }
  if (tf.findBackend(tfjsBackend) == null) {
    // Backends with a synchronous factory (cpu) initialise right here; asynchronous ones (wasm) must be
    // awaited first, which createTfjsBackend does.
    void tf.setBackend(tfjsBackend);
    if (tf.findBackend(tfjsBackend) == null) {
      throw new OdeflowError(
        'BACKEND_UNAVAILABLE',
        `tfjs backend "${tfjsBackend}" initialises asynchronously. Create the backend with ` +
          `await createTfjsBackend({ tfjsBackend: "${tfjsBackend}" }) instead of the constructor.`,
        { tfjsBackend },
      );
    }
  }
}
