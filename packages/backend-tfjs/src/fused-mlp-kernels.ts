import * as tf from '@tensorflow/tfjs-core';
import type { FusedKernelIo } from './fused-kernel-io.js';
import { FUSED_MLP_VJP_KERNEL, fusedMlpKernelName } from './fused-mlp-kernel-names.js';
import type { FusedMlpPrograms } from './fused-mlp-programs.js';

function paramInputs(inputs: tf.NamedTensorInfoMap, count: number): tf.TensorInfo[] {
  const out: tf.TensorInfo[] = [];
  for (let k = 0; k < count; k++) out.push(inputs[`p${k}`] as tf.TensorInfo);
  return out;
}

/**
 * The fused MLP kernels on tfjs kernels (cpu, wasm): {@link FUSED_MLP_VJP_KERNEL} computes a block's VJP, and
 * per parameter count a forward kernel ({@link fusedMlpKernelName}) computes f — each one tfjs dispatch whose
 * body runs odeflow's own WebAssembly MLP kernels (`WasmMlpProgram` from @odeflow/blocks: float64 inside, float32
 * results) on the inputs' values. The forward kernels get tfjs gradients (through the VJP kernel), so a block
 * evaluated under a tfjs tape differentiates like the op-by-op realisation. tfjs kernels are process-wide:
 * one instance per process ({@link sharedFusedMlpKernels}), registered on each kind of tfjs kernels with
 * {@link FusedMlpKernels.register}.
 */
export class FusedMlpKernels {
  /** The programs the kernels run, by the kernels' `program` attribute. */
  readonly programs: FusedMlpPrograms;
  private readonly forwardCounts = new Set<number>();
  private readonly backends = new Map<string, FusedKernelIo>();

  /** @param programs - the program registry */
  constructor(programs: FusedMlpPrograms) {
    this.programs = programs;
  }

  /** Register the kernels on the tfjs kernels named `backendName`, reaching their memory through `io` (once per name). */
  register(backendName: string, io: FusedKernelIo): void {
    if (this.backends.has(backendName)) return;
    this.backends.set(backendName, io);
    const programs = this.programs;
    tf.registerKernel({
      kernelName: FUSED_MLP_VJP_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend: kb, attrs }) => {
        const backend = kb as tf.KernelBackend;
        const entry = programs.get(attrs?.program as number);
        const y = inputs.y as tf.TensorInfo;
        const params = paramInputs(inputs, entry.paramCount);
        entry.syncParams(io, backend, params);
        const out = io.outputs(backend, [y.shape, y.shape, ...params.map((p) => p.shape)]);
        const yv = io.read(backend, y);
        entry.lastDt = entry.program.vjp(
          attrs?.t as number,
          yv,
          io.read(backend, inputs.a as tf.TensorInfo),
          yv.length / entry.inputSize,
          out.data[0],
          out.data[1],
          out.data.slice(2),
        );
        return out.infos;
      },
    });
    for (const count of this.forwardCounts) this.registerForward(count, backendName, io);
  }

  /** The forward kernel's name for blocks of `paramCount` parameter tensors, registered on first use. */
  forwardKernel(paramCount: number): string {
    const name = fusedMlpKernelName(paramCount);
    if (this.forwardCounts.has(paramCount)) return name;
    this.forwardCounts.add(paramCount);
    for (const [backendName, io] of this.backends) this.registerForward(paramCount, backendName, io);
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

  private registerForward(paramCount: number, backendName: string, io: FusedKernelIo): void {
    const programs = this.programs;
    tf.registerKernel({
      kernelName: fusedMlpKernelName(paramCount),
      backendName,
      kernelFunc: ({ inputs, backend: kb, attrs }) => {
        const backend = kb as tf.KernelBackend;
        const entry = programs.get(attrs?.program as number);
        const y = inputs.y as tf.TensorInfo;
        entry.syncParams(io, backend, paramInputs(inputs, entry.paramCount));
        const out = io.outputs(backend, [y.shape]);
        const yv = io.read(backend, y);
        entry.program.forward(attrs?.t as number, yv, yv.length / entry.inputSize, out.data[0]);
        return out.infos[0];
      },
    });
  }
}
