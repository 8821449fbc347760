import { hasVjpInto, JsBackend, JsTensor, type TensorBackend, type VjpIntoTargets } from '@odeflow/core';
import type { SteppableSolver, StepMethod, StepRecord, StepRecorder } from '@odeflow/solvers';
import type { CountingDynamics } from './counting-dynamics.js';
import { denseCombination } from './dense-combination.js';
import type { ForwardTrajectory } from './forward-trajectory.js';

// Four-point Gauss–Legendre on [0, 1] (exact for degree 7): nodes and weights.
const X = [0.5 - 0.4305681557970263, 0.5 - 0.1699905217924281, 0.5 + 0.1699905217924281, 0.5 + 0.4305681557970263];
const W = [0.1739274225687269, 0.3260725774312731, 0.3260725774312731, 0.1739274225687269];

/**
 * The parameter and time integrals of the interpolating adjoint, a_θ = ∫ aᵀ∂f/∂θ dt and a_t = ∫ aᵀ∂f/∂t dt, by
 * quadrature over each accepted step of the backward solve instead of as channels of it (so the backward linear
 * solves stay of size n however many parameters there are). Each step is cut where the forward interpolant of
 * z changes (the forward step ends inside it), and each piece gets four-point Gauss–Legendre with a(t) from the
 * backward step's dense output and z(t) from the forward one: both are polynomials on a piece, so the rule is as
 * accurate as the interpolants. A recorder of the backward solve; sums over every interval it is handed.
 */
export class AdjointQuadrature<T> implements StepRecorder<T> {
  /** a(t) is read inside every backward step: each step records its dense-output stages. */
  readonly dense = true;
  /** Σ −dt·aᵀ∂f/∂θ over the steps so far (the a_θ channel of the backsolve adjoint), flat over the parameters. */
  readonly aTheta: Float64Array;
  /** The same for ∂f/∂t (the a_t channel). */
  aT = 0;
  private readonly n: number;
  private readonly z: Float64Array;
  private readonly a: Float64Array;
  private readonly stages: Float64Array[] = [];
  private readonly kinks: number[] = [];
  private readonly js?: { z: JsTensor; a: JsTensor; targets: VjpIntoTargets<JsTensor> };

  /**
   * @param backend - backend of the state
   * @param dynamics - the (counted) forward dynamics
   * @param params - θ
   * @param yShape - shape of z and a
   * @param trajectory - the stored forward solution
   * @param solver - the backward method, whose dense output gives a(t)
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: CountingDynamics<T>,
    private readonly params: readonly T[],
    private readonly yShape: readonly number[],
    private readonly trajectory: ForwardTrajectory<T>,
    private readonly solver: SteppableSolver,
  ) {
    this.n = yShape.reduce((p, d) => p * d, 1);
    this.aTheta = new Float64Array(params.reduce((s, p) => s + backend.size(p), 0));
    this.z = new Float64Array(this.n);
    this.a = new Float64Array(this.n);
    if (backend instanceof JsBackend && hasVjpInto(dynamics)) {
      let off = 0;
      const views = params.map((p) => {
        const size = backend.size(p);
        const v = new JsTensor(this.aTheta.subarray(off, off + size), backend.shape(p));
        off += size;
        return v;
      });
      const scratch = () => new JsTensor(new Float64Array(this.n), yShape);
      this.js = { z: new JsTensor(this.z, yShape), a: new JsTensor(this.a, yShape), targets: { y: scratch(), f: scratch(), params: views } };
    }
  }

  /** Integrate over the accepted backward step and release its tensors. */
  onStep(rec: StepRecord<T>): void {
    const b = this.backend;
    // on js the step's own arrays are read in place (released only after the sum)
    const view = (x: T) => (this.js ? (x as unknown as JsTensor).data : b.toFloat64Array(x));
    const y0 = view(rec.y0);
    const y1 = view(rec.y1);
    const k = this.stages;
    k.length = 0;
    for (const x of rec.k) k.push(view(x));
    try {
      this.integrateStep(rec.method ?? this.solver, rec.t0, rec.dt, y0, y1, k);
    } finally {
      k.length = 0;
      b.dispose(rec.y0);
      b.dispose(rec.y1);
      for (const x of rec.k) b.dispose(x);
    }
  }

  // the Gauss–Legendre sums over the step's pieces between forward step ends
  private integrateStep(method: StepMethod, t0: number, dt: number, y0: Float64Array, y1: Float64Array, k: readonly Float64Array[]): void {
    const kinks = this.trajectory.kinksBetween(t0, t0 + dt, this.kinks);
    for (let p = 0; p <= kinks.length; p++) {
      const lo = p === 0 ? 0 : (kinks[p - 1] - t0) / dt;
      const width = (p === kinks.length ? 1 : (kinks[p] - t0) / dt) - lo;
      if (!(width > 0)) continue;
      for (let j = 0; j < X.length; j++) {
        const theta = lo + width * X[j];
        const t = t0 + theta * dt;
        denseCombination(method, theta, dt, y0, y1, k, this.a);
        // the VJP is linear in a: scaling a by the quadrature weight sums the weighted terms in place
        const scale = -dt * width * W[j];
        for (let i = 0; i < this.n; i++) this.a[i] *= scale;
        this.trajectory.stateAt(t, this.z);
        this.addVjp(t);
      }
    }
  }

  // aTheta += aᵀ∂f/∂θ and aT += aᵀ∂f/∂t at (t, z, a) from the scratch buffers
  private addVjp(t: number): void {
    const js = this.js;
    if (js) {
      const vjpInto = this.dynamics.vjpInto!;
      this.aT += vjpInto(t, js.z as unknown as T, js.a as unknown as T, this.params, js.targets as unknown as VjpIntoTargets<T>, true);
      return;
    }
    const b = this.backend;
    const z = b.fromArray(this.z, this.yShape);
    const a = b.fromArray(this.a, this.yShape);
    try {
      const v = this.dynamics.vjp(t, z, a, this.params);
      let off = 0;
      for (const g of v.params) {
        const d = b.toFloat64Array(g);
        for (let i = 0; i < d.length; i++) this.aTheta[off + i] += d[i];
        off += d.length;
      }
      this.aT += v.t;
      b.dispose([v.f, v.y, ...v.params]);
    } finally {
      b.dispose([z, a]);
    }
  }
}
