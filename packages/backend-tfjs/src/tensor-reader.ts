import * as tf from '@tensorflow/tfjs-core';

/** tfjs-wasm's backend: tensors live in its heap, which it can show without copying. */
interface HeapViews {
  typedArrayFromHeap(info: { dataId: object; shape: number[]; dtype: tf.DataType }): ArrayLike<number>;
}

/**
 * Reads a tensor's values back to JS for the reductions and the untaped lincomb of a tfjs-backed backend,
 * without a copy when the kernels' backend can lend a view of its memory (tfjs-wasm's heap).
 */
export class TensorReader {
  // the kernels' backend when it can lend a view of a tensor's memory (tfjs-wasm's heap), else undefined
  private readonly heap: HeapViews | undefined;

  /**
   * @param engine - tfjs's engine, whose tensor registry tells which backend holds a tensor's data
   * @param tfjsBackend - name of the (initialised) tfjs backend whose kernels run the ops
   */
  constructor(
    private readonly engine: ReturnType<typeof tf.engine>,
    tfjsBackend: string,
  ) {
    const kernels = tf.findBackend(tfjsBackend) as unknown as Partial<HeapViews> | null;
    if (kernels !== null && typeof kernels.typedArrayFromHeap === 'function') this.heap = kernels as HeapViews;
  }

  /**
   * The values of x for reading right away, before any other tfjs call: on tfjs-wasm a view of its heap
   * (no copy, no allocation: most of what the solver reads back is small states, read once), else a copy
   * from dataSync. The view is only valid until the heap next grows, i.e. until the next tensor is made.
   * @param x - the tensor to read
   * @returns its values, valid until the next tfjs call
   */
  read(x: tf.Tensor): ArrayLike<number> {
    const heap = this.heap;
    if (heap !== undefined && x.dtype === 'float32') {
      const info = (this.engine.state.tensorInfo as WeakMap<object, { backend: unknown }>).get(x.dataId);
      // data elsewhere (another tfjs backend) or a disposed tensor: dataSync moves it or throws the usual error
      if (info !== undefined && info.backend === heap && !x.isDisposed) return heap.typedArrayFromHeap(x);
    }
    return x.dataSync() as Float32Array;
  }
}
