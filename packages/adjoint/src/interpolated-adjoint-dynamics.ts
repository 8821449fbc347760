import { JsBackend, JsTensor, type Dynamics, type TensorBackend, type VjpIntoTargets } from '@odeflow/core';
import { jacobianEvaluator, type JacobianEvaluator } from '@odeflow/solvers';
import type { CountingDynamics } from './counting-dynamics.js';
import type { ForwardTrajectory } from './forward-trajectory.js';

// Central differences along the trajectory's tangent: ε^(1/3) of the forward step balances truncation and rounding.
const CBRT_EPS = Math.cbrt(Number.EPSILON);

/**
 * The adjoint equation alone, da/dt = −(∂f/∂z)ᵀ·a at z = z(t) read from the stored forward solution (not
 * integrated backward with a: backsolving z is unstable on stiff problems). Linear in a, so its JVP is
 * itself, and its Jacobian −(∂f/∂z)ᵀ comes from the forward dynamics' own source (their dense `jacobian`
 * or `jvp` columns, transposed); dynamics with a VJP only get the JVP, whose columns are rows of ∂f/∂z by
 * VJP — the forward solve's source then too. So an implicit method solves it as it solved the forward problem.
 * Its time derivative (which Rosenbrock methods need) is a central difference along the tangent of z(t) scaled
 * to the forward step there, not a difference of the interpolant across forward steps, where z(t) has kinks.
 */
export class InterpolatedAdjointDynamics<T> implements Dynamics<T> {
  /** Name for messages. */
  readonly name: string;
  /** On the js backend: writes da/dt into `out` with nothing allocated. */
  readonly fInto?: (t: number, a: T, params: readonly T[], out: T) => void;
  /** −(∂f/∂z)ᵀ at (t, z(t)), when the forward dynamics have a dense Jacobian or a JVP. */
  readonly jacobian?: (t: number, a: T, params: readonly T[], out: Float64Array) => void;
  private readonly n: number;
  private readonly z: Float64Array;
  private readonly base: Float64Array;
  private readonly rate: Float64Array;
  private readonly shifted: Float64Array;
  private readonly out: Float64Array;
  private readonly plus: Float64Array;
  // on js: one tensor over `z`, and the targets of the in-place VJP (y over `out`, the rest scratch)
  private readonly js?: { z: JsTensor; targets: VjpIntoTargets<JsTensor> };

  /**
   * @param backend - backend of the state
   * @param dynamics - the (counted) forward dynamics
   * @param params - θ, held constant
   * @param yShape - shape of z and a
   * @param trajectory - the stored forward solution
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: CountingDynamics<T>,
    private readonly params: readonly T[],
    private readonly yShape: readonly number[],
    private readonly trajectory: ForwardTrajectory<T>,
  ) {
    this.name = `adjoint of ${dynamics.name ?? 'dynamics'}`;
    const n = yShape.reduce((p, d) => p * d, 1);
    this.n = n;
    this.z = new Float64Array(n);
    this.base = new Float64Array(n);
    this.rate = new Float64Array(n);
    this.shifted = new Float64Array(n);
    this.out = new Float64Array(n);
    this.plus = new Float64Array(n);
    if (backend instanceof JsBackend) {
      const scratch = params.map((p) => new JsTensor(new Float64Array(backend.size(p)), backend.shape(p)));
      const targets = { y: new JsTensor(this.out, yShape), f: new JsTensor(new Float64Array(n), yShape), params: scratch };
      this.js = { z: new JsTensor(this.z, yShape), targets };
      this.fInto = (t, a, _params, out) => {
        this.trajectory.stateAt(t, this.z);
        this.negVjp(t, this.z, a, (out as unknown as JsTensor).data);
      };
    }
    if (dynamics.jacobian || dynamics.jvp) {
      const evaluator = jacobianEvaluator(backend, dynamics, params, n);
      const j = new Float64Array(n * n);
      this.jacobian = (t, _a, _params, out) => this.transposed(evaluator, j, t, out);
    }
  }

  /** −(∂f/∂z)ᵀ·a at (t, z(t)). */
  f(t: number, a: T, _params: readonly T[]): T {
    this.trajectory.stateAt(t, this.z);
    const out = new Float64Array(this.n);
    this.negVjp(t, this.z, a, out);
    return this.backend.fromArray(out, this.yShape);
  }

  /** The equation is linear in a: its JVP along v is −(∂f/∂z)ᵀ·v. */
  jvp(t: number, _a: T, v: T, params: readonly T[]): T {
    return this.f(t, v, params);
  }

  /** d/dt of −(∂f/∂z)ᵀ·a along the forward trajectory, by a central difference on its tangent line at t. */
  timeDerivative(t: number, a: T, _params: readonly T[], out: Float64Array): void {
    const { n, base: z, rate, shifted, plus } = this;
    this.trajectory.stateAt(t, z);
    const scale = this.trajectory.rateAt(t, rate);
    const up = t + Math.max(CBRT_EPS * scale, 64 * Number.EPSILON * Math.abs(t));
    const delta = up - t;
    for (let i = 0; i < n; i++) shifted[i] = z[i] + delta * rate[i];
    this.negVjp(up, shifted, a, out);
    plus.set(out);
    for (let i = 0; i < n; i++) shifted[i] = z[i] - delta * rate[i];
    this.negVjp(t - delta, shifted, a, out);
    for (let i = 0; i < n; i++) out[i] = (plus[i] - out[i]) / (2 * delta);
  }

  // out = −(∂f/∂z)ᵀ·a at (t, z)
  private negVjp(t: number, z: Float64Array, a: T, out: Float64Array): void {
    const b = this.backend;
    const js = this.js;
    if (js && this.dynamics.vjpInto) {
      if (z !== this.z) this.z.set(z);
      this.dynamics.vjpInto(t, js.z as unknown as T, a, this.params, js.targets as unknown as VjpIntoTargets<T>);
      for (let i = 0; i < out.length; i++) out[i] = -this.out[i];
      return;
    }
    const zt = b.fromArray(z, this.yShape);
    try {
      const v = this.dynamics.vjp(t, zt, a, this.params);
      const vy = b.toFloat64Array(v.y);
      for (let i = 0; i < out.length; i++) out[i] = -vy[i];
      b.dispose([v.f, v.y, ...v.params]);
    } finally {
      b.dispose(zt);
    }
  }

  // out = −Jᵀ with J = ∂f/∂z at (t, z(t)) from the forward dynamics' source
  private transposed(evaluator: JacobianEvaluator<T>, j: Float64Array, t: number, out: Float64Array): void {
    this.trajectory.stateAt(t, this.z);
    const b = this.backend;
    const z = this.js ? (this.js.z as unknown as T) : b.fromArray(this.z, this.yShape);
    try {
      evaluator.evaluate(t, z, j);
    } finally {
      if (!this.js) b.dispose(z);
    }
    const n = this.n;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c] = -j[c * n + r];
  }
}
