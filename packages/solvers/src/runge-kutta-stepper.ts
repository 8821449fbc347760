import { OdeflowError, type InPlaceOps, type TensorBackend } from '@odeflow/core';
import type { ButcherTableau } from './butcher-tableau.js';
import type { Stepper, StepperContext } from './stepper.js';

/** The parts of an explicit Runge–Kutta method a stepper runs. */
export interface RungeKuttaScheme {
  /** The validated tableau. */
  readonly tableau: ButcherTableau;
  /** Whether the last stage is f(t₁, y₁). */
  readonly fsal: boolean;
  /** Second error weights of a DOP853-style 5th/3rd-order combined estimate, if any. */
  readonly bErr3?: readonly number[];
}

/** Scaled norm of one error tensor, with the user's norm if given. */
function scaledNorm<T>(ctx: StepperContext<T>, err: T, y0: T, y1: T): number {
  return ctx.norm ? ctx.norm(err, y0, y1, ctx.rtol, ctx.atol) : ctx.backend.errorNorm(err, y0, y1, ctx.rtol, ctx.atol);
}

/** Hairer's DOP853 combination of the 5th- and 3rd-order estimates (already scaled norms). */
function dop853Norm(n5: number, n3: number): number {
  const d = n5 * n5 + 0.01 * n3 * n3;
  return d === 0 ? 0 : (n5 * n5) / Math.sqrt(d);
}

function checkShape<T>(backend: TensorBackend<T>, y: T, fy: T, t: number): void {
  const a = backend.shape(y);
  const b = backend.shape(fy);
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `f(t, y) returned shape [${b.join(', ')}] at t = ${t}, but y has shape [${a.join(', ')}]; f must return a tensor of y's shape.`,
      { t, yShape: a, fShape: b },
    );
  }
}

/**
 * Allocation-free stepper for backends with in-place ops (`js`): stage buffers are allocated once and
 * f is written with `fInto` when the dynamics offer it.
 */
export class InPlaceRungeKuttaStepper<T> implements Stepper<T> {
  y0: T;
  y1: T;
  readonly k: T[];
  nfe = 0;
  private readonly ctx: StepperContext<T>;
  private readonly ops: InPlaceOps<T>;
  private readonly s: number;
  private readonly c: readonly number[];
  private readonly a: readonly (readonly number[])[];
  private readonly b: readonly number[];
  private readonly bErr?: readonly number[];
  private readonly bErr3?: readonly number[];
  private readonly fsal: boolean;
  private readonly ytmp: T;
  private readonly err: T;
  private readonly stageCoeffs: number[][];
  private readonly stageXs: T[][];
  private readonly solCoeffs: number[];
  private readonly solXs: T[];
  private readonly errCoeffs: number[];
  private readonly errXs: T[];

  /**
   * @param scheme - the method
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (used for allocation only)
   */
  constructor(scheme: RungeKuttaScheme, ctx: StepperContext<T>, y0: T) {
    const be = ctx.backend;
    this.ctx = ctx;
    this.ops = be.inPlace!;
    const tab = scheme.tableau;
    this.s = tab.stages;
    this.c = tab.c;
    this.a = tab.a;
    this.b = tab.b;
    this.bErr = tab.bErr;
    this.bErr3 = scheme.bErr3;
    this.fsal = scheme.fsal;
    const shape = be.shape(y0);
    this.y0 = be.zeros(shape);
    this.y1 = be.zeros(shape);
    this.ytmp = be.zeros(shape);
    this.err = be.zeros(shape);
    const nk = this.fsal ? this.s : this.s + 1;
    this.k = [];
    for (let i = 0; i < nk; i++) this.k.push(be.zeros(shape));
    this.stageCoeffs = [];
    this.stageXs = [];
    for (let i = 0; i < this.s; i++) {
      this.stageCoeffs.push(new Array<number>(i + 1).fill(0));
      // the last FSAL stage is evaluated at y1 itself; its combination is the solution's
      const xs: T[] = [this.y0];
      for (let j = 0; j < i; j++) xs.push(this.k[j]);
      this.stageXs.push(xs);
    }
    this.solCoeffs = new Array<number>(this.s + 1).fill(0);
    this.solXs = [this.y0, ...this.k.slice(0, this.s)];
    this.errCoeffs = new Array<number>(this.s).fill(0);
    this.errXs = this.k.slice(0, this.s);
  }

  private evalInto(t: number, y: T, out: T): void {
    this.nfe++;
    const d = this.ctx.dynamics;
    if (d.fInto) {
      d.fInto(t, y, this.ctx.params, out);
    } else {
      const fy = d.f(t, y, this.ctx.params);
      this.ops.copyInto(out, fy);
      this.ctx.backend.dispose(fy);
    }
  }

  start(t0: number, y0: T): void {
    this.ops.copyInto(this.y0, y0);
    this.ctx.backend.dispose(y0);
    const d = this.ctx.dynamics;
    if (!d.fInto) {
      const fy = d.f(t0, this.y0, this.ctx.params);
      this.nfe++;
      checkShape(this.ctx.backend, this.y0, fy, t0);
      this.ops.copyInto(this.k[0], fy);
      this.ctx.backend.dispose(fy);
    } else {
      this.evalInto(t0, this.y0, this.k[0]);
    }
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    const s = this.s;
    const c = this.c;
    const a = this.a;
    const ops = this.ops;
    const last = this.fsal ? s - 1 : s;
    for (let i = 1; i < last; i++) {
      const co = this.stageCoeffs[i];
      const row = a[i];
      co[0] = 1;
      for (let j = 0; j < i; j++) co[j + 1] = dt * row[j];
      ops.lincombInto(this.ytmp, co, this.stageXs[i]);
      this.evalInto(c[i] === 1 ? tLast : t0 + c[i] * dt, this.ytmp, this.k[i]);
    }
    const sc = this.solCoeffs;
    sc[0] = 1;
    for (let j = 0; j < s; j++) sc[j + 1] = dt * this.b[j];
    ops.lincombInto(this.y1, sc, this.solXs);
    if (this.fsal) this.evalInto(tLast, this.y1, this.k[s - 1]);
    if (!estimate || !this.bErr) return 0;
    const ec = this.errCoeffs;
    for (let j = 0; j < s; j++) ec[j] = dt * this.bErr[j];
    ops.lincombInto(this.err, ec, this.errXs);
    const n5 = scaledNorm(this.ctx, this.err, this.y0, this.y1);
    if (!this.bErr3) return n5;
    for (let j = 0; j < s; j++) ec[j] = dt * this.bErr3[j];
    ops.lincombInto(this.err, ec, this.errXs);
    return dop853Norm(n5, scaledNorm(this.ctx, this.err, this.y0, this.y1));
  }

  complete(tLast: number): void {
    if (!this.fsal) this.evalInto(tLast, this.y1, this.k[this.s]);
  }

  record(): { y0: T; y1: T; k: T[] } {
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: this.k.map((x) => be.clone(x)) };
  }

  accept(t1: number, restart: boolean): void {
    this.ops.copyInto(this.y0, this.y1);
    if (restart) this.evalInto(t1, this.y0, this.k[0]);
    else this.ops.copyInto(this.k[0], this.k[this.k.length - 1]);
  }

  reject(): void {}

  dispose(): void {
    this.ctx.backend.dispose([this.y0, this.y1, this.ytmp, this.err, ...this.k]);
  }
}

/**
 * Stepper for backends with immutable tensors (tfjs): every stage is a new tensor, and whatever the
 * stepper allocated and no one else owns is disposed as soon as it is no longer needed.
 */
export class AllocatingRungeKuttaStepper<T> implements Stepper<T> {
  y0!: T;
  y1!: T;
  k: T[] = [];
  nfe = 0;
  private readonly ctx: StepperContext<T>;
  private readonly scheme: RungeKuttaScheme;
  private attempted = false;
  private readonly handed = new Set<T>();

  /**
   * @param scheme - the method
   * @param ctx - the solve
   */
  constructor(scheme: RungeKuttaScheme, ctx: StepperContext<T>) {
    this.scheme = scheme;
    this.ctx = ctx;
  }

  private f(t: number, y: T): T {
    this.nfe++;
    return this.ctx.dynamics.f(t, y, this.ctx.params);
  }

  start(t0: number, y0: T): void {
    this.y0 = y0;
    const k0 = this.f(t0, y0);
    checkShape(this.ctx.backend, y0, k0, t0);
    this.k = [k0];
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    const be = this.ctx.backend;
    const { tableau, fsal, bErr3 } = this.scheme;
    const s = tableau.stages;
    const last = fsal ? s - 1 : s;
    const k = [this.k[0]];
    for (let i = 1; i < last; i++) {
      const co = [1];
      for (let j = 0; j < i; j++) co.push(dt * tableau.a[i][j]);
      const yi = be.lincomb(co, [this.y0, ...k]);
      k.push(this.f(tableau.c[i] === 1 ? tLast : t0 + tableau.c[i] * dt, yi));
      be.dispose(yi);
    }
    const co = [1];
    for (let j = 0; j < k.length; j++) co.push(dt * tableau.b[j]);
    const y1 = be.lincomb(co, [this.y0, ...k]);
    if (fsal) k.push(this.f(tLast, y1));
    this.y1 = y1;
    this.k = k;
    this.attempted = true;
    if (!estimate || !tableau.bErr) return 0;
    const e5 = be.lincomb(tableau.bErr.map((x) => dt * x), k.slice(0, s));
    const n5 = scaledNorm(this.ctx, e5, this.y0, y1);
    be.dispose(e5);
    if (!bErr3) return n5;
    const e3 = be.lincomb(bErr3.map((x) => dt * x), k.slice(0, s));
    const n3 = scaledNorm(this.ctx, e3, this.y0, y1);
    be.dispose(e3);
    return dop853Norm(n5, n3);
  }

  complete(tLast: number): void {
    if (!this.scheme.fsal) this.k.push(this.f(tLast, this.y1));
  }

  record(): { y0: T; y1: T; k: T[] } {
    // the accepted tensors are handed over as they are, and from now on never disposed here
    this.handed.add(this.y0);
    this.handed.add(this.y1);
    for (const x of this.k) this.handed.add(x);
    return { y0: this.y0, y1: this.y1, k: [...this.k] };
  }

  private release(xs: readonly T[]): void {
    for (const x of xs) if (!this.handed.has(x)) this.ctx.backend.dispose(x);
  }

  accept(t1: number, restart: boolean): void {
    const kLast = this.k[this.k.length - 1];
    this.release([this.y0, ...this.k.slice(0, this.k.length - 1)]);
    this.y0 = this.y1;
    if (restart) {
      this.release([kLast]);
      this.k = [this.f(t1, this.y0)];
    } else {
      this.k = [kLast];
    }
    this.attempted = false;
  }

  reject(): void {
    if (!this.attempted) return;
    this.ctx.backend.dispose(this.y1);
    this.ctx.backend.dispose(this.k.slice(1));
    this.k = [this.k[0]];
    this.attempted = false;
  }

  dispose(): void {
    if (this.attempted) this.reject();
    this.release([this.y0, ...this.k]);
  }
}
