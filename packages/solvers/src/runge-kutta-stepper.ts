import { OdeflowError, type TensorBackend } from '@odeflow/core';
import type { ButcherTableau } from './butcher-tableau.js';
import type { DenseStages } from './dense-stages.js';
import type { Stepper, StepperContext } from './stepper.js';

/** The parts of an explicit Runge–Kutta method a stepper runs. */
export interface RungeKuttaScheme {
  /** The validated tableau. */
  readonly tableau: ButcherTableau;
  /** Whether the last stage is f(t₁, y₁). */
  readonly fsal: boolean;
  /** Second error weights of a DOP853-style 5th/3rd-order combined estimate, if any. */
  readonly bErr3?: readonly number[];
  /** Extra stages only the dense output uses, computed after acceptance when a step is interpolated. */
  readonly denseStages?: DenseStages;
}


/** Scaled norm of one error tensor, with the user's norm if given. */
export function scaledNorm<T>(ctx: StepperContext<T>, err: T, y0: T, y1: T): number {
  return ctx.norm ? ctx.norm(err, y0, y1, ctx.rtol, ctx.atol) : ctx.backend.errorNorm(err, y0, y1, ctx.rtol, ctx.atol);
}

/** Hairer's DOP853 combination of the 5th- and 3rd-order estimates (already scaled norms). */
function dop853Norm(n5: number, n3: number): number {
  const d = n5 * n5 + 0.01 * n3 * n3;
  return d === 0 ? 0 : (n5 * n5) / Math.sqrt(d);
}

export function checkShape<T>(backend: TensorBackend<T>, y: T, fy: T, t: number): void {
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
  private f1Index = 0;

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
    try {
      checkShape(this.ctx.backend, y0, k0, t0);
    } catch (e) {
      this.ctx.backend.dispose(k0);
      throw e;
    }
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
    this.f1Index = this.k.length - 1;
  }

  denseReady(t0: number, dt: number): void {
    const extra = this.scheme.denseStages;
    if (!extra || this.k.length > this.f1Index + 1) return;
    const be = this.ctx.backend;
    for (let i = 0; i < extra.c.length; i++) {
      const row = extra.a[i];
      const co = [1];
      const xs = [this.y0];
      for (let j = 0; j < row.length; j++) {
        if (row[j] === 0) continue;
        co.push(dt * row[j]);
        xs.push(this.k[j]);
      }
      const yi = be.lincomb(co, xs);
      this.k.push(this.f(t0 + extra.c[i] * dt, yi));
      be.dispose(yi);
    }
  }

  record(): { y0: T; y1: T; k: T[] } {
    // The recorder owns what it receives and may dispose it at once (a tape keeps y0 and drops y1, which is
    // the next step's y0), while this stepper still needs y1 and the last stage: hand over clones. On tfjs a
    // clone shares the data buffer, so this costs a handle, not a copy.
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: this.k.map((x) => be.clone(x)) };
  }

  private release(xs: readonly T[]): void {
    this.ctx.backend.dispose(xs);
  }

  accept(t1: number, restart: boolean): void {
    const kLast = this.k[this.f1Index];
    this.release([this.y0, ...this.k.filter((x) => x !== kLast)]);
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
