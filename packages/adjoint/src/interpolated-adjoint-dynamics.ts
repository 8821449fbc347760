import { JsBackend, JsTensor, type Dynamics, type TensorBackend, type VjpIntoTargets } from '@odeflow/core';
import { jacobianEvaluator, type JacobianEvaluator } from '@odeflow/solvers';
import type { CountingDynamics } from './counting-dynamics.js';
import type { ForwardTrajectory } from './forward-trajectory.js';

/**
 * The adjoint equation alone, da/dt = −(∂f/∂z)ᵀ·a at z = z(t) read from the stored forward solution (not
 * integrated backward with a: backsolving z is unstable on stiff problems). Linear in a, so its JVP is
 * itself, and its Jacobian −(∂f/∂z)ᵀ comes from the forward dynamics' own source (their dense `jacobian`
 * or `jvp` columns, transposed); dynamics with a VJP only get the JVP, whose columns are rows of ∂f/∂z by
 * VJP — the forward solve's source then too. So an implicit method solves it as it solved the forward problem.
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
  // on js: one tensor over `z`, and scratch targets of the in-place VJP
  private readonly zView?: JsTensor;
  private readonly targets?: { f: JsTensor; params: JsTensor[] };

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
    this.n = yShape.reduce((p, d) => p * d, 1);
    this.z = new Float64Array(this.n);
    if (backend instanceof JsBackend) {
      this.zView = new JsTensor(this.z, yShape);
      this.targets = { f: new JsTensor(new Float64Array(this.n), yShape), params: params.map((p) => new JsTensor(new Float64Array(backend.size(p)), backend.shape(p))) };
      this.fInto = (t, a, _params, out) => this.flatInto(t, a as JsTensor, out as JsTensor);
    }
    if (dynamics.jacobian || dynamics.jvp) {
      const evaluator = jacobianEvaluator(backend, dynamics, params, this.n);
      const j = new Float64Array(this.n * this.n);
      this.jacobian = (t, _a, _params, out) => this.transposed(evaluator, j, t, out);
    }
  }

  /** −(∂f/∂z)ᵀ·a at (t, z(t)). */
  f(t: number, a: T, _params: readonly T[]): T {
    const b = this.backend;
    if (this.fInto) {
      const out = b.zeros(this.yShape);
      this.fInto(t, a, _params, out);
      return out;
    }
    this.trajectory.stateAt(t, this.z);
    const z = b.fromArray(this.z, this.yShape);
    try {
      const v = this.dynamics.vjp(t, z, a, this.params);
      const out = b.lincomb([-1], [v.y]);
      b.dispose([v.f, v.y, ...v.params]);
      return out;
    } finally {
      b.dispose(z);
    }
  }

  /** The equation is linear in a: its JVP along v is −(∂f/∂z)ᵀ·v. */
  jvp(t: number, _a: T, v: T, params: readonly T[]): T {
    return this.f(t, v, params);
  }

  private flatInto(t: number, a: JsTensor, out: JsTensor): void {
    this.trajectory.stateAt(t, this.z);
    const z = this.zView as unknown as T;
    const o = out.data;
    const vjpInto = this.dynamics.vjpInto;
    if (vjpInto) {
      const { f, params } = this.targets!;
      vjpInto(t, z, a as T, this.params, { y: out, f, params } as unknown as VjpIntoTargets<T>);
      for (let i = 0; i < o.length; i++) o[i] = -o[i];
      return;
    }
    const v = this.dynamics.vjp(t, z, a as T, this.params);
    const vy = (v.y as unknown as JsTensor).data;
    for (let i = 0; i < o.length; i++) o[i] = -vy[i];
    this.backend.dispose([v.f, v.y, ...v.params]);
  }

  // out = −Jᵀ with J = ∂f/∂z at (t, z(t)) from the forward dynamics' source
  private transposed(evaluator: JacobianEvaluator<T>, j: Float64Array, t: number, out: Float64Array): void {
    this.trajectory.stateAt(t, this.z);
    const b = this.backend;
    const z = this.zView ? (this.zView as unknown as T) : b.fromArray(this.z, this.yShape);
    try {
      evaluator.evaluate(t, z, j);
    } finally {
      if (!this.zView) b.dispose(z);
    }
    const n = this.n;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c] = -j[c * n + r];
  }
}
