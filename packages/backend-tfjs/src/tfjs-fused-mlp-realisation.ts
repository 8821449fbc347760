import { getBlockRealisation, registerBlockRealisation, wasmMlpPlan, type BlockRealisationEntry } from '@odeflow/blocks';
import type { TensorBackend } from '@odeflow/core';
import type { FusedMlpKernels } from './fused-mlp-kernels.js';
import type { TfjsBackend } from './tfjs-backend.js';
import { TfjsFusedMlpDynamics } from './tfjs-fused-mlp-dynamics.js';

/** The fused kernels a tfjs backend was created with, if any (see `TfjsBackendOptions.fusedMlp`). */
function fusedKernelsOf(backend: TensorBackend<unknown>): FusedMlpKernels | undefined {
  return (backend as Partial<Pick<TfjsBackend, 'fusedMlp'>>).fusedMlp;
}

/**
 * The fused realisation of MLP blocks on the tfjs backend named `backendName` (`tfjs` on cpu kernels,
 * `wasm`): every MLP spec (any widths, activations, time input, input transform) runs as one tfjs kernel per
 * f and one per VJP (see {@link TfjsFusedMlpDynamics}), whose body is odeflow's WebAssembly MLP code. Offered by
 * the backends created with fused kernels (`createTfjsBackend`/`createWasmBackend` unless `fusedBlocks: false`).
 * `auto` times it against the op-by-op realisation once per architecture and keeps the cheaper.
 */
export function tfjsFusedMlpRealisation(backendName: string): BlockRealisationEntry {
  return {
    kind: 'mlp',
    backend: backendName,
    realisation: 'fused-kernel',
    description: "odeflow's WebAssembly MLP kernels inside one tfjs kernel per f and per VJP, float64 inside, float32 results",
    // one dispatch wins for small blocks; tfjs's own float32 matrix products can win for wide ones
    measureAgainstBackendOps: true,
    available: (backend) => fusedKernelsOf(backend) !== undefined,
    create(spec, layout, backend) {
      const kernels = fusedKernelsOf(backend);
      if (kernels === undefined) return undefined;
      const entry = kernels.programs.forPlan(wasmMlpPlan(spec, layout));
      return new TfjsFusedMlpDynamics(spec.name, backend as TfjsBackend, entry, kernels.forwardKernel(entry.paramCount), layout);
    },
  };
}

/**
 * Register {@link tfjsFusedMlpRealisation} for `backendName` in @odeflow/blocks' default registry, unless a
 * fused realisation is registered for that name already. `createTfjsBackend` calls it for every backend it
 * creates with fused kernels; call it yourself when you construct a `TfjsBackend` with `fusedMlp` directly.
 */
export function registerTfjsBlockRealisation(backendName: string): void {
  const existing = getBlockRealisation('mlp', backendName, 'fused-kernel');
  if (existing === undefined || existing.backend !== backendName) registerBlockRealisation(tfjsFusedMlpRealisation(backendName));
}
