import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { FusedKernelIo } from '@odeflow/backend-tfjs';

/** `FusedKernelIo` of tfjs's wasm kernels: views of their heap, outputs made by `makeOutput`. */
export const wasmFusedKernelIo: FusedKernelIo = {
  read(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array {
    return (backend as unknown as BackendWasm).typedArrayFromHeap(info) as Float32Array;
  },
  outputs(backend: tf.KernelBackend, shapes: readonly (readonly number[])[]) {
    const b = backend as unknown as BackendWasm;
    const infos = shapes.map((s) => b.makeOutput([...s], 'float32'));
    // views after every allocation: makeOutput may grow the heap, which detaches older views
    return { infos, data: infos.map((i) => b.typedArrayFromHeap(i) as Float32Array) };
  },
};
