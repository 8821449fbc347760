import type * as tf from '@tensorflow/tfjs-core';
import type { Dynamics, FusedBlockKernels, MlpLayout, ResolvedMlpBlockSpec, WasmMlpPlan } from '@odeflow/core';
import type { TfjsBackend } from '@odeflow/backend-tfjs';
import type { FusedMlpKernels } from './fused-mlp-kernels.js';
import { WasmFusedMlpDynamics } from './wasm-fused-mlp-dynamics.js';

/**
 * The `wasm` backend's fused block kernels: every MLP block spec (any widths, activations, time input,
 * input transform) runs as one kernel per f and one per VJP (see {@link WasmFusedMlpDynamics}).
 */
export class WasmBlockKernels implements FusedBlockKernels<tf.Tensor> {
  /** What the kernels are. */
  readonly description = "odeflow's WebAssembly MLP kernels inside tfjs-wasm kernels, float64 inside, float32 results";
  private readonly backend: TfjsBackend;
  private readonly kernels: FusedMlpKernels;

  /**
   * @param backend - the `wasm` backend
   * @param kernels - the registered fused kernels and their programs
   */
  constructor(backend: TfjsBackend, kernels: FusedMlpKernels) {
    this.backend = backend;
    this.kernels = kernels;
  }

  /** Fused dynamics for `spec` (every MLP spec is accepted). */
  mlp(spec: ResolvedMlpBlockSpec, layout: MlpLayout): Dynamics<tf.Tensor> {
    const plan: WasmMlpPlan = {
      inputSize: spec.inputSize,
      power: spec.inputTransform === 'cube' ? 3 : spec.inputTransform === 'square' ? 2 : 1,
      layers: layout.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, activation: l.activation, timeWeight: l.timeWeight >= 0 })),
    };
    const entry = this.kernels.programs.forPlan(plan);
    return new WasmFusedMlpDynamics(spec.name, this.backend, entry, this.kernels.forwardKernel(entry.paramCount), layout);
  }
}
