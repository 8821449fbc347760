import { MeteredBuffers, type TensorBackend } from '@odeflow/core';
import { polynomialWeightDerivative, type SteppableSolver, type StepMethod, type StepRecord, type StepRecorder } from '@odeflow/solvers';
import { denseCombination } from './dense-combination.js';

/** One accepted forward step in float64: its start, signed size, end states and recorded stages. */
interface Step {
  readonly t0: number;
  readonly dt: number;
  readonly y0: Float64Array;
  readonly y1: Float64Array;
  readonly k: readonly Float64Array[];
  /** The method whose dense output applies (a switching method steps with one of two). */
  readonly method: StepMethod;
}

/**
 * The forward solution as the interpolating adjoint reads it: a float64 copy of every accepted step, and
 * z(t) anywhere in the solved interval from the method's own dense output. Kept outside the backend (plain
 * Float64Arrays, read at every evaluation of the adjoint's dynamics without a backend round trip); its
 * size, O(steps · stages · n), is reported by {@link ForwardTrajectory.bytes} and to the running memory meter
 * as `forward trajectory`.
 */
export class ForwardTrajectory<T> implements StepRecorder<T> {
  /** z(t) is read anywhere inside every step: each step records its dense-output stages. */
  readonly dense = true;
  private steps: Step[] = [];
  /** End time of each step, in the order solved: where z(t) has a kink between two interpolants. */
  private ends: number[] = [];
  private readonly held = new MeteredBuffers('forward trajectory');
  // one function per method's weights, so that numerical derivatives of them are cached
  private readonly weights = new Map<StepMethod, (theta: number) => ReturnType<StepMethod['denseWeights']>>();

  /**
   * @param backend - backend of the recorded tensors
   * @param solver - the forward method, whose dense-output weights apply to the recorded stages
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly solver: SteppableSolver,
  ) {}

  /** Copy the step into float64 and release its tensors (they are the recorder's). */
  onStep(rec: StepRecord<T>): void {
    const b = this.backend;
    const step: Step = { t0: rec.t0, dt: rec.dt, y0: b.toFloat64Array(rec.y0), y1: b.toFloat64Array(rec.y1), k: rec.k.map((x) => b.toFloat64Array(x)), method: rec.method ?? this.solver };
    b.dispose([rec.y0, rec.y1, ...rec.k]);
    this.steps.push(step);
    this.ends.push(rec.t0 + rec.dt);
    this.held.grow(8 * step.y0.length * (2 + step.k.length) + 16);
  }

  /** Bytes held by the copies. */
  get bytes(): number {
    return this.held.bytes;
  }

  /** Accepted steps recorded. */
  get length(): number {
    return this.steps.length;
  }

  /** Drop every step. */
  clear(): void {
    this.steps = [];
    this.ends = [];
    this.held.clear();
  }

  /** Write z(t) into `out` (the step's end state at its end, its interpolant inside; clamped to the solved interval). */
  stateAt(t: number, out: Float64Array): void {
    const s = this.steps[this.stepIndex(t)];
    const theta = Math.min(1, Math.max(0, (t - s.t0) / s.dt));
    denseCombination(s.method, theta, s.dt, s.y0, s.y1, s.k, out);
  }

  /**
   * Write dz/dt at t into `out` from the derivative of the same interpolant, and return the size of the step
   * holding t (the time scale on which z(t) is one polynomial).
   */
  rateAt(t: number, out: Float64Array): number {
    const s = this.steps[this.stepIndex(t)];
    const theta = Math.min(1, Math.max(0, (t - s.t0) / s.dt));
    const m = s.method;
    const w = m.denseWeightDerivatives ? m.denseWeightDerivatives(theta) : polynomialWeightDerivative(this.weightsOf(m), theta);
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = (w.y0 * s.y0[i] + w.y1 * s.y1[i]) / s.dt;
    for (let j = 0; j < s.k.length; j++) {
      const c = w.k[j];
      if (c === 0) continue;
      const kj = s.k[j];
      for (let i = 0; i < n; i++) out[i] += c * kj[i];
    }
    return Math.abs(s.dt);
  }

  /** The step ends strictly between `a` and `b` (either order), in the order from a to b; written into `out` when given. */
  kinksBetween(a: number, b: number, out: number[] = []): number[] {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    out.length = 0;
    if (this.ends.length === 0) return out;
    // ends are monotone in the forward direction: start the scan at the first one past the lower bound
    const d = this.steps[0].dt > 0 ? 1 : -1;
    let i = d > 0 ? lowerIndex(this.ends, lo) : lowerIndex(this.ends, -hi, true);
    for (; i < this.ends.length; i++) {
      const e = this.ends[i];
      if (e > lo && e < hi) out.push(e);
      else if ((d > 0 && e >= hi) || (d < 0 && e <= lo)) break;
    }
    // found in the forward direction: reversed when a to b runs the other way
    if ((b < a) === (d > 0)) out.reverse();
    return out;
  }

  private weightsOf(m: StepMethod): (theta: number) => ReturnType<StepMethod['denseWeights']> {
    let w = this.weights.get(m);
    if (!w) this.weights.set(m, (w = (theta: number) => m.denseWeights(theta)));
    return w;
  }

  // The step whose closed interval holds t (the first such one): a binary search over the step ends.
  private stepIndex(t: number): number {
    const segs = this.steps;
    const d = segs[0].dt > 0 ? 1 : -1;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d * (t - this.ends[mid]) <= 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// First index whose value (negated when `negate`) is ≥ x, on values monotone in that sense.
function lowerIndex(values: readonly number[], x: number, negate = false): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((negate ? -values[mid] : values[mid]) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
