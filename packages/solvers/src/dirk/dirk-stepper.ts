import { OdeflowError } from '@odeflow/core';
import { checkShape } from '../check-shape.js';
import { errorNorm } from '../error-norm.js';
import { jacobianEvaluator } from '../jacobian-evaluator.js';
import type { StepData, Stepper, StepperContext } from '../stepper.js';
import type { DirkScheme } from './dirk-scheme.js';
import { addStages } from './add-stages.js';
import { Float64Slot } from './float64-slot.js';
import { IterationMatrix } from './iteration-matrix.js';
import { StageNewton } from './stage-newton.js';
import { copyVector } from '../copy-vector.js';

/** Per-component tolerances as float64 (a scalar fills every entry). */
function tolerance<T>(ctx: StepperContext<T>, v: number | T, n: number): Float64Array {
  return typeof v === 'number' ? new Float64Array(n).fill(v) : ctx.backend.toFloat64Array(v);
}

/**
 * The stepper of a stiffly accurate diagonally implicit Runge–Kutta method (ESDIRK, SDIRK, implicit Euler,
 * trapezoid). Each implicit stage zᵢ = y₀ + h·Σⱼ<ᵢ aᵢⱼkⱼ + hγ·f(tᵢ, zᵢ) is solved by {@link StageNewton} from a
 * predictor, and its derivative taken as kᵢ = (zᵢ − baseᵢ)/(hγ), which does not amplify the Newton error by
 * the stiff Jacobian as f(zᵢ) would. y₁ is the last stage and the recorded stages are [f(t₀, y₀), f(t₁, y₁)]
 * (cubic Hermite dense output); the last stage's derivative is the next step's explicit first stage. The work is done on float64 buffers;
 * on backends with `inPlace.view` (js) they are the tensors' own data, so a step allocates nothing.
 */
export class DirkStepper<T> implements Stepper<T> {
  readonly k: T[];
  nfe = 0;
  newtonFailures = 0;
  newtonFailed = false;
  private readonly n: number;
  private readonly viewing: boolean;
  private s0: Float64Slot<T>;
  private s1: Float64Slot<T>;
  private f0: Float64Slot<T>;
  private f1: Float64Slot<T>;
  private readonly zs: Float64Slot<T>;
  private readonly fs: Float64Slot<T>;
  private readonly es: Float64Slot<T>;
  private readonly ks: Float64Array[];
  /** The first stage of the step: the last stage's derivative of the step before (or f(t₀, y₀) after a start or jump). */
  private first: Float64Array;
  /** The last stage's derivative of the current attempt, the next step's first stage once accepted. */
  private next: Float64Array;
  private readonly base: Float64Array;
  private readonly weights: Float64Array;
  private readonly rtol: Float64Array;
  private readonly atol: Float64Array;
  private readonly matrix: IterationMatrix<T>;
  private readonly newton: StageNewton<T>;
  private readonly rhs: (t: number, z: Float64Array, out: Float64Array) => void;
  /** Re-evaluate J before the next attempt (no J yet, or the last Newton converged slowly). */
  private refresh = true;

  /**
   * @param scheme - the method
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken; for allocation only)
   */
  constructor(
    private readonly scheme: DirkScheme,
    private readonly ctx: StepperContext<T>,
    y0: T,
  ) {
    const be = ctx.backend;
    if (!be.linalg) {
      throw new OdeflowError('UNSUPPORTED', `Solver "${scheme.name}" factorises matrices, but backend "${be.name}" has no linalg. Run it on the "js" backend.`, {
        solver: scheme.name,
        backend: be.name,
      });
    }
    this.viewing = be.inPlace?.view !== undefined;
    const shape = be.shape(y0);
    const n = (this.n = be.size(y0));
    const slot = () => new Float64Slot(be, shape);
    [this.s0, this.s1, this.f0, this.f1, this.zs, this.fs, this.es] = [slot(), slot(), slot(), slot(), slot(), slot(), slot()];
    this.k = [this.f0.tensor, this.f1.tensor];
    this.ks = scheme.tableau.c.map(() => new Float64Array(n));
    this.first = new Float64Array(n);
    this.next = new Float64Array(n);
    this.base = new Float64Array(n);
    this.weights = new Float64Array(n);
    this.rtol = tolerance(ctx, ctx.rtol, n);
    this.atol = tolerance(ctx, ctx.atol, n);
    this.matrix = new IterationMatrix(jacobianEvaluator(be, ctx.dynamics, ctx.params, n, { typical: ctx.atol, counter: this }), be.linalg, n);
    this.newton = new StageNewton(this.matrix, scheme.newton, n);
    this.rhs = (t, _z, out) => {
      this.evaluate(t, this.zs, this.fs);
      out.set(this.fs.data);
    };
  }

  /** State at the start of the step. */
  get y0(): T {
    return this.s0.tensor;
  }

  /** State at its end (after an attempt). */
  get y1(): T {
    return this.s1.tensor;
  }

  /** Jacobian evaluations so far. */
  get njev(): number {
    return this.matrix.njev;
  }

  /** LU factorisations so far. */
  get nlu(): number {
    return this.matrix.nlu;
  }

  /** Newton iterations so far. */
  get newtonIterations(): number {
    return this.newton.iterations;
  }

  /** f(t, y) into out's buffer (its tensor is not published). */
  private evaluate(t: number, y: Float64Slot<T>, out: Float64Slot<T>): void {
    this.nfe++;
    const { dynamics: d, params, backend: be } = this.ctx;
    y.publish();
    if (this.viewing && d.fInto) {
      d.fInto(t, y.tensor, params, out.tensor);
      return;
    }
    const fy = d.f(t, y.tensor, params);
    try {
      if (be.size(fy) !== this.n) checkShape(be, y.tensor, fy, t);
      out.read(fy);
    } finally {
      be.dispose(fy);
    }
  }

  start(t0: number, y0: T): void {
    const be = this.ctx.backend;
    this.s0.load(y0);
    be.dispose(y0);
    this.nfe++;
    const fy = this.ctx.dynamics.f(t0, this.s0.tensor, this.ctx.params);
    try {
      checkShape(be, this.s0.tensor, fy, t0);
      this.f0.load(fy);
    } finally {
      be.dispose(fy);
    }
    this.first.set(this.f0.data);
    this.k[0] = this.f0.tensor;
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    this.newtonFailed = false;
    if (this.refresh || !this.matrix.ready) {
      this.matrix.updateJacobian(t0, this.s0.tensor);
      this.refresh = false;
    }
    const y0 = this.s0.data;
    const { weights, rtol, atol, n } = this;
    for (let i = 0; i < n; i++) weights[i] = atol[i] + rtol[i] * Math.abs(y0[i]);
    this.newton.clearRate();
    const { c, diagonal } = this.scheme.tableau;
    const s = c.length;
    let i = 0;
    if (diagonal[0] === 0) {
      copyVector(this.ks[0], this.first);
      i = 1;
    }
    const kappa = estimate ? this.scheme.newton.kappa : this.scheme.newton.fixedKappa;
    for (; i < s; i++) {
      if (!this.stage(i, t0, dt, c[i] === 1 ? tLast : t0 + c[i] * dt, kappa)) {
        this.newtonFailures++;
        this.newtonFailed = true;
        this.refresh = !this.matrix.fresh;
        return Infinity;
      }
    }
    if (this.newton.maxRate > this.scheme.newton.slowRate) this.refresh = true;
    copyVector(this.s1.data, this.zs.data);
    this.s1.publish();
    copyVector(this.next, this.ks[s - 1]);
    return estimate ? this.estimate(dt) : 0;
  }

  /** Solve implicit stage i into the z buffer and this.ks[i]; retries once with a fresh J. False on failure. */
  private stage(i: number, t0: number, dt: number, ti: number, kappa: number): boolean {
    const { a, diagonal } = this.scheme.tableau;
    const { n, base, ks } = this;
    const z = this.zs.data;
    const hg = dt * diagonal[i];
    const row = a[i];
    copyVector(base, this.s0.data);
    addStages(base, dt, row, i, ks);
    for (let attempt = 0; attempt < 2; attempt++) {
      this.predict(i, hg);
      const ok = this.matrix.prepare(hg, this.scheme.newton.refactorThreshold) && this.newton.solve(this.rhs, ti, hg, base, z, this.weights, kappa);
      if (ok) {
        const ki = ks[i];
        const inv = 1 / hg;
        for (let q = 0; q < n; q++) ki[q] = (z[q] - base[q]) * inv;
        return true;
      }
      if (this.matrix.fresh) return false;
      this.newtonFailures++;
      this.matrix.updateJacobian(t0, this.s0.tensor);
    }
    return false;
  }

  /** z ← base + hγ·(predicted kᵢ): the scheme's predictor row, else the previous stage's derivative. */
  private predict(i: number, hg: number): void {
    const { n, base, ks } = this;
    const z = this.zs.data;
    const row = this.scheme.predictor?.[i];
    copyVector(z, base);
    if (!row || row.length === 0) {
      const prev = i === 0 ? this.first : ks[i - 1];
      for (let q = 0; q < n; q++) z[q] += hg * prev[q];
      return;
    }
    addStages(z, hg, row, row.length, ks);
  }

  /** The scaled norm of h·Σ (b − b̂)ⱼkⱼ, optionally filtered through (I − hγ·J)⁻¹. */
  private estimate(dt: number): number {
    const bErr = this.scheme.tableau.bErr;
    if (!bErr) return 0;
    const err = this.es.data;
    for (let q = 0; q < err.length; q++) err[q] = 0;
    addStages(err, dt, bErr, bErr.length, this.ks);
    if (this.scheme.newton.smoothError) this.matrix.solve(err);
    this.es.publish();
    const { backend, norm, rtol, atol } = this.ctx;
    return this.scheme.errorScale * errorNorm(backend, norm, this.es.tensor, this.s0.tensor, this.s1.tensor, rtol, atol);
  }

  complete(tLast: number): void {
    // the recorded derivative is f(t₁, y₁) itself, for the dense output; the next step's explicit first stage
    // stays the last stage's derivative, as f(y₁) would carry y₁'s Newton error times the stiff Jacobian
    // into the error estimate and cost rejected steps
    this.evaluate(tLast, this.s1, this.f1);
    this.f1.publish();
    this.k[1] = this.f1.tensor;
  }

  denseReady(): void {
    // cubic Hermite: no extra stages
  }

  record(): StepData<T> {
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: [be.clone(this.k[0]), be.clone(this.k[1])] };
  }

  accept(t1: number, restart: boolean): void {
    const s = this.s0;
    this.s0 = this.s1;
    this.s1 = s;
    const f = this.f0;
    this.f0 = this.f1;
    this.f1 = f;
    this.matrix.age();
    const first = this.first;
    this.first = this.next;
    this.next = first;
    if (restart) {
      this.evaluate(t1, this.s0, this.f0);
      this.f0.publish();
      this.first.set(this.f0.data);
    }
    this.k[0] = this.f0.tensor;
    this.k[1] = this.f1.tensor;
  }

  reject(): void {
    // every buffer is reused by the next attempt
  }

  reset(): void {
    this.nfe = 0;
    this.newtonFailures = 0;
    this.newtonFailed = false;
    this.refresh = true;
    this.matrix.reset();
    this.newton.reset();
  }

  dispose(): void {
    for (const s of [this.s0, this.s1, this.f0, this.f1, this.zs, this.fs, this.es]) s.dispose();
  }
}
