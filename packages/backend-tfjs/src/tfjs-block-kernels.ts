import type * as tf from '@tensorflow/tfjs-core';
import type { Dynamics, FusedBlockKernels, MlpLayout, ResolvedMlpBlockSpec, WasmMlpPlan } from '@odeflow/core';
import type { FusedMlpKernels } from './fused-mlp-kernels.js';
import type { TfjsBackend } from './tfjs-backend.js';
import { TfjsFusedMlpDynamics } from './tfjs-fused-mlp-dynamics.js';

/**
 * Fused block kernels of a tfjs backend (`tfjs` on cpu kernels, `wasm`): every MLP block spec (any widths,
 * activations, time input, input transform) runs as one kernel per f and one per VJP (see
 * {@link TfjsFusedMlpDynamics}).
 */
export class TfjsBlockKernels implements FusedBlockKernels<tf.Tensor> {
  /** What the kernels are. */
  readonly description: string;
  private readonly backend: TfjsBackend;
  private readonly kernels: FusedMlpKernels;

  /**
   * @param backend - the tfjs backend; its kernels must have been registered with `kernels.register`
   * @param kernels - the registered fused kernels and their programs
   */
  constructor(backend: TfjsBackend, kernels: FusedMlpKernels) {
    this.description = `odeflow's WebAssembly MLP kernels inside one tfjs ${backend.tfjsBackend} kernel per f and per VJP, float64 inside, float32 results`;
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
    return new TfjsFusedMlpDynamics(spec.name, this.backend, entry, this.kernels.forwardKernel(entry.paramCount), layout);
  }
}
