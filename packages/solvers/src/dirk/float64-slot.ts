import type { TensorBackend } from '@odeflow/core';

/**
 * A float64 buffer and a tensor holding the same values. On backends whose `inPlace.view` exposes a tensor's
 * data the two are one memory (writes to `data` are the tensor's, nothing is allocated); elsewhere
 * {@link Float64Slot.publish} replaces the tensor by a new one from the buffer, disposing the old.
 */
export class Float64Slot<T> {
  /** The values, in float64. */
  readonly data: Float64Array;
  /** A tensor with those values (after {@link Float64Slot.publish} on backends without views). */
  tensor: T;
  private readonly viewing: boolean;

  /**
   * @param backend - the tensors' backend
   * @param shape - the state's shape
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly shape: readonly number[],
  ) {
    this.tensor = backend.zeros(shape);
    const view = backend.inPlace?.view;
    this.viewing = view !== undefined;
    this.data = view ? view(this.tensor) : new Float64Array(backend.size(this.tensor));
  }

  /** Make the tensor hold the buffer's values (a no-op when they share memory). */
  publish(): void {
    if (this.viewing) return;
    this.backend.dispose(this.tensor);
    this.tensor = this.backend.fromArray(this.data, this.shape);
  }

  /** Read `x`'s values into the buffer only (the tensor is stale until published, on backends without views). */
  read(x: T): void {
    const view = this.backend.inPlace?.view;
    this.data.set(view ? view(x) : this.backend.toFloat64Array(x));
  }

  /** Read `x`'s values into the buffer and the tensor. */
  load(x: T): void {
    this.read(x);
    this.publish();
  }

  /** Release the tensor. */
  dispose(): void {
    this.backend.dispose(this.tensor);
  }
}
