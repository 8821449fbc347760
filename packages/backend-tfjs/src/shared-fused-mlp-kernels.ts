import { loadMlpKernels, loadMlpKernelsSync } from '@odeflow/blocks';
import { OdeflowError } from '@odeflow/core';
import { FusedMlpKernels } from './fused-mlp-kernels.js';
import { FusedMlpPrograms } from './fused-mlp-programs.js';

let shared: FusedMlpKernels | undefined;

/**
 * The process's {@link FusedMlpKernels}, over @odeflow/blocks' WebAssembly MLP kernel module: loaded asynchronously
 * (browsers refuse to compile it synchronously on the main thread), once.
 * @throws OdeflowError `BACKEND_UNAVAILABLE` when the WebAssembly kernels cannot be loaded
 */
export async function sharedFusedMlpKernels(): Promise<FusedMlpKernels> {
  if (shared !== undefined) return shared;
  let module = loadMlpKernelsSync();
  if (module === undefined) {
    try {
      module = await loadMlpKernels();
    } catch (e) {
      throw new OdeflowError(
        'BACKEND_UNAVAILABLE',
        `odeflow's WebAssembly MLP kernels failed to load (${String(e)}); pass fusedBlocks: false to run blocks op by op.`,
      );
    }
  }
  shared ??= new FusedMlpKernels(new FusedMlpPrograms(module));
  return shared;
}
