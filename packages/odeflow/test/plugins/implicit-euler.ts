/**
 * A user's plug-in method written against odeflow's public contracts only, as someone outside the project
 * would write it: implicit (backward) Euler, y₁ = y₀ + h·f(t₁, y₁), with a simplified Newton iteration —
 * one Jacobian and one LU factorisation of M = I − h·J per step (from `jacobianEvaluator`: the dynamics'
 * `jacobian`, its `jvp` columns or finite differences of f; and `TensorBackend.linalg`), then iterations M·Δ = −(z − y₀ − h·f(t₁, z)). Fixed steps, or
 * adaptive with the local error estimate (h/2)·(f₁ − f₀). Registered by name like any solver.
 */
import {
  HermiteInterpolant,
  jacobianEvaluator,
  OdeflowError,
  type DenseWeights,
  type JacobianEvaluator,
  type Linalg,
  type SteppableSolver,
  type StepData,
  type Stepper,
  type StepperContext,
} from 'odeflow';

/** Options of {@link ImplicitEuler}. */
export interface ImplicitEulerOptions {
  /** Registered name (default `implicit-euler`). */
  name?: string;
  /** Adapt the step from the (h/2)(f₁ − f₀) estimate (default false: fixed steps, `stepSize` required). */
  adaptive?: boolean;
  /** Newton iterations allowed per step before the step is rejected (default 7). */
  maxNewtonIterations?: number;
  /** Newton stops when the scaled RMS of the update Δ is at most this (default 1e-3, in units of rtol/atol). */
  newtonTol?: number;
}

const hermite = new HermiteInterpolant();

/** Implicit Euler: order 1, L-stable, for stiff problems. */
export class ImplicitEuler implements SteppableSolver {
  readonly name: string;
  readonly order = 1;
  readonly errorOrder?: number;
  readonly adaptive: boolean;
  readonly fsal = false;
  readonly implicit = true;
  readonly multistep = false;
  readonly needsJacobian = true;
  readonly needsLinalg = true;
  readonly interpolantOrder = 3;
  readonly stages = 1;
  readonly description = 'implicit Euler with simplified Newton (a user plug-in)';
  readonly maxNewtonIterations: number;
  readonly newtonTol: number;

  constructor(options: ImplicitEulerOptions = {}) {
    this.name = options.name ?? 'implicit-euler';
    this.adaptive = options.adaptive ?? false;
    if (this.adaptive) this.errorOrder = 1;
    this.maxNewtonIterations = options.maxNewtonIterations ?? 7;
    this.newtonTol = options.newtonTol ?? 1e-3;
  }

  /** Cubic Hermite through y₀, y₁, f₀ and f₁ (the recorded stages are [f₀, f₁]). */
  denseWeights(theta: number): DenseWeights {
    return hermite.weights(theta, 2);
  }

  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T> {
    return new ImplicitEulerStepper(this, ctx, ctx.backend.size(y0));
  }
}

class ImplicitEulerStepper<T> implements Stepper<T> {
  y0!: T;
  y1!: T;
  k: T[] = [];
  nfe = 0;
  njev = 0;
  nlu = 0;
  newtonIterations = 0;
  newtonFailures = 0;
  newtonFailed = false;
  private attempted = false;
  private readonly linalg: Linalg;
  private readonly jac: JacobianEvaluator<T>;
  // float64 work buffers, allocated once per solve
  private readonly m: Float64Array;
  private readonly pivots: Int32Array;
  private readonly z: Float64Array;
  private readonly delta: Float64Array;
  private readonly rtol: Float64Array;
  private readonly atol: Float64Array;

  constructor(
    private readonly method: ImplicitEuler,
    private readonly ctx: StepperContext<T>,
    private readonly n: number,
  ) {
    const linalg = ctx.backend.linalg;
    if (!linalg) throw new OdeflowError('UNSUPPORTED', `${method.name} needs a backend with linalg.`);
    this.linalg = linalg;
    // finite differences (when the dynamics has neither jacobian nor jvp) count their f calls in this.nfe
    this.jac = jacobianEvaluator(ctx.backend, ctx.dynamics, ctx.params, n, { typical: ctx.atol, counter: this });
    this.m = new Float64Array(n * n);
    this.pivots = new Int32Array(n);
    this.z = new Float64Array(n);
    this.delta = new Float64Array(n);
    const tol = (v: number | T) => (typeof v === 'number' ? new Float64Array(n).fill(v) : ctx.backend.toFloat64Array(v));
    this.rtol = tol(ctx.rtol);
    this.atol = tol(ctx.atol);
  }

  private f(t: number, y: T): T {
    this.nfe++;
    return this.ctx.dynamics.f(t, y, this.ctx.params);
  }

  start(t0: number, y0: T): void {
    this.y0 = y0;
    this.k = [this.f(t0, y0)];
  }

  /** m ← ∂f/∂y at (t, y) from whichever source the dynamics offers. */
  private jacobian(t: number, y: T): void {
    this.njev++;
    this.jac.evaluate(t, y, this.m);
  }

  /** Solve z = y₀ + h·f(t₁, z) into this.z; false when Newton does not converge (or M is singular). */
  private newton(t1: number, h: number): boolean {
    const { backend } = this.ctx;
    const { n, m, z, delta } = this;
    this.jacobian(t1, this.y0);
    for (let i = 0; i < n * n; i++) m[i] = (i % (n + 1) === 0 ? 1 : 0) - h * m[i];
    this.nlu++;
    if (this.linalg.factor(m, n, this.pivots)) return false;
    const y0 = backend.toFloat64Array(this.y0);
    z.set(y0);
    const shape = backend.shape(this.y0);
    let previous = Infinity;
    for (let it = 0; it < this.method.maxNewtonIterations; it++) {
      this.newtonIterations++;
      const zt = backend.fromArray(z, shape);
      const fz = this.f(t1, zt);
      const fv = backend.toFloat64Array(fz);
      backend.dispose([zt, fz]);
      for (let i = 0; i < n; i++) delta[i] = -(z[i] - y0[i] - h * fv[i]);
      this.linalg.solve(m, n, this.pivots, delta);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        z[i] += delta[i];
        const w = this.atol[i] + this.rtol[i] * Math.abs(z[i]);
        sum += (delta[i] / w) ** 2;
      }
      const size = Math.sqrt(sum / n);
      if (!(size === size) || size >= previous) return false; // NaN or not contracting: diverging
      if (size <= this.method.newtonTol) return true;
      previous = size;
    }
    return false;
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    const { backend } = this.ctx;
    this.newtonFailed = false;
    if (!this.newton(tLast, dt)) {
      this.newtonFailed = true;
      this.newtonFailures++;
      return Infinity;
    }
    this.y1 = backend.fromArray(this.z, backend.shape(this.y0));
    this.k = [this.k[0], this.f(tLast, this.y1)];
    this.attempted = true;
    if (!estimate) return 0;
    const err = backend.lincomb([dt / 2, -dt / 2], [this.k[1], this.k[0]]);
    const norm = this.ctx.norm
      ? this.ctx.norm(err, this.y0, this.y1, this.ctx.rtol, this.ctx.atol)
      : backend.errorNorm(err, this.y0, this.y1, this.ctx.rtol, this.ctx.atol);
    backend.dispose(err);
    return norm;
  }

  complete(): void {
    // k[1] is already f(t₁, y₁)
  }

  denseReady(): void {
    // no extra stages
  }

  record(): StepData<T> {
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: this.k.map((x) => be.clone(x)) };
  }

  accept(t1: number, restart: boolean): void {
    const be = this.ctx.backend;
    be.dispose([this.y0, this.k[0]]);
    this.y0 = this.y1;
    if (restart) {
      be.dispose(this.k[1]);
      this.k = [this.f(t1, this.y0)];
    } else {
      this.k = [this.k[1]];
    }
    this.attempted = false;
  }

  reject(): void {
    if (!this.attempted) return;
    this.ctx.backend.dispose([this.y1, this.k[1]]);
    this.k = [this.k[0]];
    this.attempted = false;
  }

  dispose(): void {
    this.reject();
    this.ctx.backend.dispose([this.y0, ...this.k]);
  }
}
