import { JsTensor, type Dynamics, type TensorBackend } from '@odeflow/core';
import { checkShape } from '../check-shape.js';

/** One state-sized vector of a Rosenbrock step: its float64 values and the backend tensor the loop sees. */
export interface StageVector<T> {
  /** The values, read and written by the method. */
  readonly data: Float64Array;
  /** The tensor holding them: on `js` the same memory, elsewhere refreshed by {@link StageBuffers.publish}. */
  tensor: T | undefined;
}

/**
 * The state-sized float64 vectors of one Rosenbrock solve, and the bridge between them and the backend's
 * tensors. Rosenbrock stages are linear solves on float64 data (the LU factors live there), so the method
 * computes on Float64Arrays. On `js` every vector is a backend tensor whose data the method writes in
 * place (f through `fInto` when the dynamics has it), so a step allocates nothing; on other backends a
 * tensor is made from the values when f or the loop needs one, and released when superseded.
 */
export class StageBuffers<T> {
  /** Number of state components. */
  readonly n: number;
  /** Shape of the state. */
  readonly shape: readonly number[];
  /** True when tensors share memory with their vectors (`js`): nothing is copied. */
  readonly shared: boolean;
  private readonly vectors: StageVector<T>[] = [];

  /**
   * @param backend - backend of the solve
   * @param dynamics - the right-hand side
   * @param params - its parameters
   * @param y0 - a tensor of the state's shape (not taken)
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: Dynamics<T>,
    private readonly params: readonly T[],
    y0: T,
  ) {
    this.shape = [...backend.shape(y0)];
    this.n = backend.size(y0);
    this.shared = y0 instanceof JsTensor && backend.inPlace !== undefined;
  }

  /** A new vector of the state's size (zeros), released by {@link StageBuffers.dispose}. */
  vector(): StageVector<T> {
    let v: StageVector<T>;
    if (this.shared) {
      const t = this.backend.zeros(this.shape);
      v = { data: (t as unknown as JsTensor).data, tensor: t };
    } else {
      v = { data: new Float64Array(this.n), tensor: undefined };
    }
    this.vectors.push(v);
    return v;
  }

  /** The tensor of `v`, current with its values. */
  publish(v: StageVector<T>): T {
    if (this.shared) return v.tensor!;
    if (v.tensor !== undefined) this.backend.dispose(v.tensor);
    v.tensor = this.backend.fromArray(v.data, this.shape);
    return v.tensor;
  }

  /** into ← the values of tensor x (x is not taken). */
  read(x: T, into: StageVector<T>): void {
    into.data.set(x instanceof JsTensor ? x.data : this.backend.toFloat64Array(x));
  }

  /** The tensor of `y` for calling the dynamics: its own on `js`, else a fresh one the caller releases. */
  private input(y: StageVector<T>): T {
    return this.shared ? y.tensor! : this.backend.fromArray(y.data, this.shape);
  }

  /**
   * out ← f(t, y). With `checkFull` the shape of f's value is compared with the state's (the first
   * evaluation of a solve); otherwise only its size.
   * @throws OdeflowError SHAPE_MISMATCH when f returns another shape
   */
  f(t: number, y: StageVector<T>, out: StageVector<T>, checkFull = false): void {
    const { backend: be, dynamics: d, params } = this;
    if (this.shared && d.fInto) {
      d.fInto(t, y.tensor!, params, out.tensor!);
      return;
    }
    const yt = this.input(y);
    let fy: T | undefined;
    try {
      fy = d.f(t, yt, params);
      if (checkFull || be.size(fy) !== this.n) checkShape(be, yt, fy, t);
      out.data.set(fy instanceof JsTensor ? fy.data : be.toFloat64Array(fy));
    } finally {
      if (fy !== undefined) be.dispose(fy);
      if (!this.shared) be.dispose(yt);
    }
  }

  /** Release every tensor of every vector. */
  dispose(): void {
    for (const v of this.vectors) {
      if (v.tensor !== undefined) this.backend.dispose(v.tensor);
      v.tensor = undefined;
    }
  }
}
