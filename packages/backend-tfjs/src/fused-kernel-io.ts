import type * as tf from '@tensorflow/tfjs-core';

/**
 * How odeflow's fused kernels reach the memory of one kind of tfjs kernels: read an input's float32 values
 * and make float32 outputs to write into. Reads and writes are only valid inside the kernel that asked.
 */
export interface FusedKernelIo {
  /** The values of a float32 input (a view where the kernels allow it: no copy). */
  read(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array;
  /**
   * New float32 outputs of the given shapes and arrays to write their values into; all are made before any
   * array is handed out (on tfjs-wasm a later allocation may move the heap under earlier views).
   */
  outputs(backend: tf.KernelBackend, shapes: readonly (readonly number[])[]): FusedKernelOutputs;
}

/** Outputs made by {@link FusedKernelIo.outputs}. */
export interface FusedKernelOutputs {
  /** The outputs, for the kernel to return. */
  readonly infos: tf.TensorInfo[];
  /** Each output's values, to write into. */
  readonly data: Float32Array[];
}

/** What the fused kernels need of tfjs's cpu backend (`MathBackendCPU`): its data store and makeTensorInfo. */
interface CpuKernels {
  data: { get(dataId: object): { values: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** {@link FusedKernelIo} of tfjs's cpu kernels: their tensors are JS typed arrays, read and made in place. */
export const cpuFusedKernelIo: FusedKernelIo = {
  read(backend, info) {
    return (backend as unknown as CpuKernels).data.get(info.dataId)!.values as Float32Array;
  },
  outputs(backend, shapes) {
    const cpu = backend as unknown as CpuKernels;
    const infos: tf.TensorInfo[] = [];
    const data: Float32Array[] = [];
    for (const shape of shapes) {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      infos.push(cpu.makeTensorInfo([...shape], 'float32', values));
      data.push(values);
    }
    return { infos, data };
  },
};
