import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError } from '@odeflow/core';
import { checkBackendOptions } from './check-backend-options.js';
import { cpuFusedKernelIo } from './fused-kernel-io.js';
import { FusedMlpKernels } from './fused-mlp-kernels.js';
import { requireGradients } from './require-gradients.js';
import { sharedFusedMlpKernels } from './shared-fused-mlp-kernels.js';
import { TfjsBackend, type TfjsBackendOptions } from './tfjs-backend.js';
import { registerTfjsBlockRealisation } from './tfjs-fused-mlp-realisation.js';

/** Options of {@link createTfjsBackend}. */
export interface CreateTfjsBackendOptions extends TfjsBackendOptions {
  /**
   * On tfjs's cpu kernels, run neural blocks as fused kernels (one dispatch per f and per VJP whose body is
   * odeflow's WebAssembly MLP code; see `tfjsFusedMlpRealisation`) — default true. `false` realises them op by
   * op. Ignored when {@link TfjsBackendOptions.fusedMlp} is given or the kernels are not `cpu`.
   */
  readonly fusedBlocks?: boolean;
}

/**
 * Initialise the tfjs kernels named by `options.tfjsBackend` (default `cpu`) and return a backend over them.
 * Use this rather than the constructor for kernels that start asynchronously (wasm, webgl). On the cpu
 * kernels, neural blocks run as fused kernels unless `fusedBlocks: false`.
 * Fails with `BACKEND_UNAVAILABLE` when tfjs cannot initialise them or has no gradients registered, with
 * `INVALID_ARGUMENT` for options that are unknown or of the wrong type.
 */
export async function createTfjsBackend(options: CreateTfjsBackendOptions = {}): Promise<TfjsBackend> {
  checkBackendOptions('createTfjsBackend', options, {
    name: 'string',
    tfjsBackend: 'string',
    explicitTransposes: 'boolean',
    fusedMlp: { test: (v) => v instanceof FusedMlpKernels, expected: 'FusedMlpKernels (sharedFusedMlpKernels())' },
    fusedBlocks: 'boolean',
  });
  requireGradients();
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
  let fusedMlp = options.fusedMlp;
  if (fusedMlp === undefined && kernels === 'cpu' && options.fusedBlocks !== false) {
    fusedMlp = await sharedFusedMlpKernels();
    fusedMlp.register('cpu', cpuFusedKernelIo);
  }
  const backend = new TfjsBackend({ ...options, fusedMlp });
  // blocks find the fused kernels through @odeflow/blocks' registry, by backend name
  if (fusedMlp !== undefined) registerTfjsBlockRealisation(backend.name);
  return backend;
}
