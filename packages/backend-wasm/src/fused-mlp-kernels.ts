import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_MLP_VJP_KERNEL, fusedMlpKernelName } from './fused-mlp-kernel-names.js';
import type { FusedMlpPrograms } from './fused-mlp-programs.js';

function paramInputs(inputs: tf.NamedTensorInfoMap, count: number): tf.TensorInfo[] {
  const out: tf.TensorInfo[] = [];
  for (let k = 0; k < count; k++) out.push(inputs[`p${k}`] as tf.TensorInfo);
  return out;
}

/**
 * The fused MLP kernels on tfjs's `wasm` backend. {@link FUSED_MLP_VJP_KERNEL} computes a block's VJP, and
 * per parameter count a forward kernel ({@link fusedMlpKernelName}) computes f — each one tfjs dispatch whose
 * body runs odeflow's own WebAssembly MLP kernels on copies of the inputs (float64 inside, float32 results).
 * The forward kernels get tfjs gradients (through the VJP kernel), so a block evaluated under a tfjs tape
 * differentiates like the op-by-op realisation.
 */
export class FusedMlpKernels {
  /** The programs the kernels run, by the kernels' `program` attribute. */
  readonly programs: FusedMlpPrograms;
  private readonly forwardCounts = new Set<number>();

  /**
   * Registers the VJP kernel (tfjs kernels are process-wide: create one instance per process).
   * @param programs - the program registry
   */
  constructor(programs: FusedMlpPrograms) {
    this.programs = programs;
    tf.registerKernel({
      kernelName: FUSED_MLP_VJP_KERNEL,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as BackendWasm;
        const entry = programs.get(attrs?.program as number);
        const y = inputs.y as tf.TensorInfo;
        const a = inputs.a as tf.TensorInfo;
        const params = paramInputs(inputs, entry.paramCount);
        entry.syncParams(b, params);
        const outs = [b.makeOutput(y.shape, 'float32'), b.makeOutput(y.shape, 'float32')];
        for (const p of params) outs.push(b.makeOutput(p.shape, 'float32'));
        // views after every allocation: makeOutput may grow the heap, which detaches older views
        const yv = b.typedArrayFromHeap(y) as Float32Array;
        const views = outs.map((o) => b.typedArrayFromHeap(o) as Float32Array);
        entry.lastDt = entry.program.vjp(
          attrs?.t as number,
          yv,
          b.typedArrayFromHeap(a) as Float32Array,
          yv.length / entry.inputSize,
          views[0],
          views[1],
          views.slice(2),
        );
        return outs;
      },
    });
  }

  /** The forward kernel's name for blocks of `paramCount` parameter tensors, registered on first use. */
  forwardKernel(paramCount: number): string {
    const name = fusedMlpKernelName(paramCount);
    if (this.forwardCounts.has(paramCount)) return name;
    this.forwardCounts.add(paramCount);
    const programs = this.programs;
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as BackendWasm;
        const entry = programs.get(attrs?.program as number);
        const y = inputs.y as tf.TensorInfo;
        entry.syncParams(b, paramInputs(inputs, entry.paramCount));
        const out = b.makeOutput(y.shape, 'float32');
        const yv = b.typedArrayFromHeap(y) as Float32Array;
        const ov = b.typedArrayFromHeap(out) as Float32Array;
        entry.program.forward(attrs?.t as number, yv, yv.length / entry.inputSize, ov);
        return out;
      },
    });
    const names = Array.from({ length: paramCount }, (_, k) => `p${k}`);
    tf.registerGradient({
      kernelName: name,
      inputsToSave: ['y', ...names],
      gradFunc: (dy, saved, attrs) => {
        // tfjs asks for each input's gradient inside its own tidy, which would dispose the other outputs of a
        // shared VJP; so each asks the VJP kernel anew (taped gradients of f are not the hot path: the
        // sensitivities call the VJP kernel directly)
        const vjp = (): tf.Tensor[] => {
          const inputs: tf.NamedTensorMap = { y: saved[0], a: dy as tf.Tensor };
          names.forEach((p, k) => (inputs[p] = saved[1 + k]));
          return tf.engine().runKernel(FUSED_MLP_VJP_KERNEL, inputs, attrs as tf.NamedAttrMap) as tf.Tensor[];
        };
        const out: Record<string, () => tf.Tensor> = { y: () => vjp()[1] };
        names.forEach((p, k) => (out[p] = () => vjp()[2 + k]));
        return out;
      },
    });
    return name;
  }
}
