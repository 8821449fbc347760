import { OdeflowError, type TensorBackend } from '@odeflow/core';
import type { SteppableSolver } from './stepper.js';

interface Segment {
  t0: number;
  dt: number;
  y0: Float64Array;
  y1: Float64Array;
  k: Float64Array[];
  /** The method whose interpolant the step has, when not the solve's (a switching method). */
  method?: SteppableSolver;
}

/**
 * The dense output of a whole solve: a float64 copy of every accepted step's data, evaluated with the
 * method's interpolant. Holds no backend tensors, so it needs no disposal.
 */
export class DenseSolution<T> {
  private readonly segments: Segment[] = [];
  private readonly backend: TensorBackend<T>;
  private readonly solver: SteppableSolver;
  private readonly shape: readonly number[];
  private readonly direction: 1 | -1;
  private readonly t0: number;
  private readonly y0: Float64Array;
  /** Last time covered (updated as steps are added; the event time after a terminal event). */
  tEnd: number;

  /**
   * @param backend - backend to create evaluated tensors on
   * @param solver - the method whose interpolant applies
   * @param t0 - initial time
   * @param y0 - initial state
   * @param direction - sign of the integration
   */
  constructor(backend: TensorBackend<T>, solver: SteppableSolver, t0: number, y0: T, direction: 1 | -1) {
    this.backend = backend;
    this.solver = solver;
    this.shape = [...backend.shape(y0)];
    this.direction = direction;
    this.t0 = t0;
    this.tEnd = t0;
    this.y0 = backend.toFloat64Array(y0);
  }

  /** Store one accepted step; `method` is the one whose interpolant it has, when not the solve's method. */
  add(t0: number, dt: number, y0: T, y1: T, k: readonly T[], method?: SteppableSolver): void {
    const be = this.backend;
    this.segments.push({ t0, dt, y0: be.toFloat64Array(y0), y1: be.toFloat64Array(y1), k: k.map((x) => be.toFloat64Array(x)), method });
    this.tEnd = t0 + dt;
  }

  /** The state at time t (a new tensor the caller owns); t must lie in the integrated interval. */
  evaluate(t: number): T {
    const d = this.direction;
    if (typeof t !== 'number' || !Number.isFinite(t) || d * (t - this.t0) < 0 || d * (t - this.tEnd) > 0) {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `evaluate(${String(t)}): t must lie in the integrated interval [${Math.min(this.t0, this.tEnd)}, ${Math.max(this.t0, this.tEnd)}].`,
      );
    }
    const segs = this.segments;
    if (segs.length === 0 || t === this.t0) return this.backend.fromArray(this.y0, this.shape);
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d * (t - (segs[mid].t0 + segs[mid].dt)) <= 0) hi = mid;
      else lo = mid + 1;
    }
    const s = segs[lo];
    const theta = Math.min(1, Math.max(0, (t - s.t0) / s.dt));
    // the end of a step is the step's own result (as the integration loop's outputs are)
    if (theta === 1) return this.backend.fromArray(s.y1, this.shape);
    const w = (s.method ?? this.solver).denseWeights(theta);
    const n = s.y0.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = w.y0 * s.y0[i] + w.y1 * s.y1[i];
    for (let j = 0; j < s.k.length; j++) {
      const c = s.dt * w.k[j];
      if (c === 0) continue;
      const kj = s.k[j];
      for (let i = 0; i < n; i++) out[i] += c * kj[i];
    }
    return this.backend.fromArray(out, this.shape);
  }
}
