import type { InPlaceOps, SparseTerms } from '@odeflow/core';
import { checkShape } from './check-shape.js';
import { dop853Norm, errorNorm } from './error-norm.js';
import type { RungeKuttaPlan } from './runge-kutta-plan.js';
import { sparseCombination } from './sparse-combination.js';
import type { Stepper, StepperContext, StepData } from './stepper.js';

const DIFFERENCE: readonly number[] = Object.freeze([1, -1]);

/**
 * The stepper of every explicit Runge–Kutta method, on every backend. The stage combinations go through
 * the backend: with its {@link InPlaceOps} capability (`js`) they are written into buffers allocated once
 * per solve (`combineInto` over the tableau's non-zero coefficients, f written with `fInto` when the
 * dynamics offer it, y₀/y₁ and the FSAL stage swapped rather than copied), so a step allocates nothing;
 * on backends with immutable tensors (tfjs) each combination is a new tensor from `lincomb`, disposed as
 * soon as no one needs it. The dense-output stages (DOP853's) are evaluated only when a step's dense
 * output is asked for.
 */
export class RungeKuttaStepper<T> implements Stepper<T> {
  y0: T;
  y1: T;
  readonly k: T[];
  nfe = 0;
  private readonly ctx: StepperContext<T>;
  private readonly plan: RungeKuttaPlan;
  private readonly ip: InPlaceOps<T> | undefined;
  private readonly ytmp: T;
  /** The point of the stage the stiffness test compares (ytmp itself when that is the last point computed). */
  private readonly yHeld: T;
  private readonly err: T;
  /** Valid entries of k (immutable backends: the tensors this stepper owns). */
  private live = 0;
  /** An attempt's y₁ is held and not yet accepted (immutable backends). */
  private pending = false;
  /** The stepper owns a y₀ (immutable backends). */
  private started = false;
  private denseDone = false;
  /** The two tensors a stiffness difference reads (reused: the test allocates nothing). */
  private readonly pair: T[] = [];

  /**
   * @param plan - the method, as the combinations a step computes
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken; for allocation only)
   */
  constructor(plan: RungeKuttaPlan, ctx: StepperContext<T>, y0: T) {
    this.ctx = ctx;
    this.plan = plan;
    const be = ctx.backend;
    // an in-place backend written before combineInto existed takes the allocating path
    this.ip = typeof be.inPlace?.combineInto === 'function' ? be.inPlace : undefined;
    this.k = [];
    if (this.ip) {
      const shape = be.shape(y0);
      this.y0 = be.zeros(shape);
      this.y1 = be.zeros(shape);
      this.ytmp = be.zeros(shape);
      // a non-FSAL tableau computes another stage point after the compared one: keep it apart
      this.yHeld = plan.stiffStage >= 0 && !plan.fsal ? be.zeros(shape) : this.ytmp;
      this.err = be.zeros(shape);
      for (let i = 0; i < this.plan.recorded; i++) this.k.push(be.zeros(shape));
    } else {
      // placeholders: on immutable backends every combination returns a new tensor
      this.y0 = this.y1 = this.ytmp = this.yHeld = this.err = y0;
    }
  }

  /**
   * Present on in-place backends, whose buffers the stepper keeps from one solve to the next. A prototype
   * method behind a getter, not a closure made per stepper: with two such closures alive in one solve (a
   * switching solve's two steppers), V8's scavenges kept every earlier solve's objects alive until the next
   * full collection (bench/RESULTS.md, "auto: the heap growth").
   */
  get reset(): (() => void) | undefined {
    return this.ip ? this.restart : undefined;
  }

  private restart(): void {
    this.nfe = 0;
    this.denseDone = false;
  }

  /** f(t, y): into `target` on in-place backends, else a new tensor. */
  private evaluate(target: T, t: number, y: T): T {
    this.nfe++;
    const { dynamics: d, params, backend: be } = this.ctx;
    const ip = this.ip;
    if (!ip) return d.f(t, y, params);
    if (d.fInto) {
      d.fInto(t, y, params, target);
      return target;
    }
    const fy = d.f(t, y, params);
    try {
      if (be.size(fy) !== be.size(target)) checkShape(be, y, fy, t);
      ip.copyInto(target, fy);
    } finally {
      be.dispose(fy);
    }
    return target;
  }

  /** base + h·Σ terms over the stages: into `target` on in-place backends, else a new tensor. */
  private combine(target: T, base: T | null, h: number, terms: SparseTerms): T {
    const ip = this.ip;
    if (ip) {
      ip.combineInto(target, base, h, terms, this.k);
      return target;
    }
    return sparseCombination(this.ctx.backend, base, h, terms, this.k);
  }

  /** Drop a temporary: immutable backends dispose it, in-place ones keep the buffer for reuse. */
  private retire(x: T): void {
    if (!this.ip) this.ctx.backend.dispose(x);
  }

  start(t0: number, y0: T): void {
    const be = this.ctx.backend;
    const d = this.ctx.dynamics;
    if (this.ip) {
      this.ip.copyInto(this.y0, y0);
      be.dispose(y0);
    } else {
      this.y0 = y0;
      this.started = true;
    }
    if (this.ip && d.fInto) {
      this.evaluate(this.k[0], t0, this.y0);
    } else {
      // check the shape once, on the first evaluation
      this.nfe++;
      const fy = d.f(t0, this.y0, this.ctx.params);
      try {
        checkShape(be, this.y0, fy, t0);
      } catch (e) {
        be.dispose(fy);
        throw e;
      }
      if (this.ip) {
        this.ip.copyInto(this.k[0], fy);
        be.dispose(fy);
      } else {
        this.k[0] = fy;
      }
    }
    this.live = 1;
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    const plan = this.plan;
    const { c, a, stages: s } = plan;
    const k = this.k;
    const last = plan.fsal ? s - 1 : s;
    for (let i = 1; i < last; i++) {
      const yi = this.combine(i === plan.stiffStage ? this.yHeld : this.ytmp, this.y0, dt, a[i]);
      k[i] = this.evaluate(k[i], c[i] === 1 ? tLast : t0 + c[i] * dt, yi);
      this.live = i + 1;
      this.retire(yi);
    }
    this.y1 = this.combine(this.y1, this.y0, dt, plan.b);
    this.pending = true;
    if (plan.fsal) {
      k[s - 1] = this.evaluate(k[s - 1], tLast, this.y1);
      this.live = s;
    }
    if (!estimate || !plan.err) return 0;
    const n5 = this.errorEstimate(dt, plan.err);
    return plan.err3 ? dop853Norm(n5, this.errorEstimate(dt, plan.err3)) : n5;
  }

  private errorEstimate(dt: number, terms: SparseTerms): number {
    const { backend, norm, rtol, atol } = this.ctx;
    const e = this.combine(this.err, null, dt, terms);
    const n = errorNorm(backend, norm, e, this.y0, this.y1, rtol, atol);
    this.retire(e);
    return n;
  }

  /**
   * Hairer's estimate of h·ρ (ρ the spectral radius of ∂f/∂y) for the attempt just judged: |h|·‖k₁ − kₛ‖/‖y₁ − yₛ‖
   * with the last stage (f(t₁, y₁) for FSAL methods) and the other stage s at c = 1 and their points, still in
   * the buffers (0 when the method or an immutable backend, which has released the stage points, cannot tell).
   */
  stiffness(dt: number): number {
    const j = this.plan.stiffStage;
    const ip = this.ip;
    if (j < 0 || !ip) return 0;
    const be = this.ctx.backend;
    const pair = this.pair;
    pair[0] = this.k[this.plan.stages - 1];
    pair[1] = this.k[j];
    ip.lincombInto(this.err, DIFFERENCE, pair);
    const num = be.rms(this.err);
    // FSAL: the last stage is at y₁ and the compared one at the last stage point; else at the last two points
    pair[0] = this.plan.fsal ? this.y1 : this.ytmp;
    pair[1] = this.yHeld;
    ip.lincombInto(this.err, DIFFERENCE, pair);
    const den = be.rms(this.err);
    return den > 0 ? (Math.abs(dt) * num) / den : 0;
  }

  complete(tLast: number): void {
    const plan = this.plan;
    if (!plan.fsal) this.k[plan.stages] = this.evaluate(this.k[plan.stages], tLast, this.y1);
    this.live = plan.f1Index + 1;
    this.denseDone = false;
  }

  denseReady(t0: number, dt: number): void {
    const plan = this.plan;
    if (this.denseDone || plan.denseC.length === 0) return;
    this.denseDone = true;
    const base = plan.f1Index + 1;
    for (let i = 0; i < plan.denseC.length; i++) {
      const yi = this.combine(this.ytmp, this.y0, dt, plan.dense[i]);
      this.k[base + i] = this.evaluate(this.k[base + i], t0 + plan.denseC[i] * dt, yi);
      this.live = base + i + 1;
      this.retire(yi);
    }
  }

  record(): StepData<T> {
    // The recorder owns what it receives and may dispose it at once, while this stepper still needs y1 and
    // the last stage: hand over clones (on tfjs a clone shares the data buffer: a handle, not a copy).
    const be = this.ctx.backend;
    const k: T[] = [];
    for (let i = 0; i < this.live; i++) k.push(be.clone(this.k[i]));
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k };
  }

  accept(t1: number, restart: boolean): void {
    const be = this.ctx.backend;
    const k = this.k;
    const f1 = this.plan.f1Index;
    // swap instead of copying: y₁ becomes y₀ and f(t₁, y₁) the first stage; the old ones become targets
    const y = this.y0;
    this.y0 = this.y1;
    this.y1 = y;
    const kLast = k[f1];
    k[f1] = k[0];
    k[0] = kLast;
    if (!this.ip) {
      be.dispose(y);
      for (let i = 1; i < this.live; i++) be.dispose(k[i]);
      k.length = 1;
    }
    this.live = 1;
    this.pending = false;
    if (restart) {
      this.retire(k[0]);
      k[0] = this.evaluate(k[0], t1, this.y0);
    }
  }

  reject(): void {
    if (this.ip) return;
    const be = this.ctx.backend;
    if (this.pending) be.dispose(this.y1);
    // also the stages of an attempt cut short by f throwing
    for (let i = 1; i < this.live; i++) be.dispose(this.k[i]);
    this.k.length = Math.min(this.live, 1);
    this.live = this.k.length;
    this.pending = false;
  }

  dispose(): void {
    const be = this.ctx.backend;
    if (this.ip) {
      be.dispose([this.y0, this.y1, this.ytmp, this.err, ...this.k]);
      if (this.yHeld !== this.ytmp) be.dispose(this.yHeld);
      return;
    }
    if (!this.started) return;
    this.reject();
    be.dispose([this.y0, ...this.k]);
    this.k.length = 0;
    this.live = 0;
    this.started = false;
  }
}
