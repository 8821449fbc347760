/**
 * A tensor of the `js` backend: a Float64Array in row-major order and its shape. Mutable only through
 * the backend's in-place ops; user code should treat it as a value.
 */
export class JsTensor {
  /** Row-major data. */
  readonly data: Float64Array;
  /** Shape; the product of its entries equals data.length. */
  readonly shape: readonly number[];
  /** Set once the tensor has been released (its bytes no longer count as held). */
  disposed = false;
  /** Set when the tensor is exempt from the enclosing tidy. */
  kept = false;
  /**
   * Write counter: bumped by every write through odeflow's API — the backend's in-place ops, the optimizers,
   * {@link markParamsChanged}. Blocks compare (tensor, version) pairs instead of all values to learn whether
   * their parameters changed; code that writes into `data` directly should call {@link markParamsChanged}.
   */
  version = 0;

  /**
   * @param data - row-major data (taken, not copied)
   * @param shape - shape whose entries multiply to data.length
   */
  constructor(data: Float64Array, shape: readonly number[]) {
    this.data = data;
    this.shape = shape;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** The data as a plain array (a copy). */
  toArray(): number[] {
    return Array.from(this.data);
  }
}
