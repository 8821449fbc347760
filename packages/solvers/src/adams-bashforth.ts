import { OdeflowError } from '@odeflow/core';
import { HermiteInterpolant } from './hermite-interpolant.js';
import type { DenseWeights } from './interpolant.js';
import { rk4 } from './methods/rk4.js';
import type { SteppableSolver, Stepper, StepperContext } from './stepper.js';

/** β coefficients of the explicit Adams–Bashforth formulas, newest derivative first. */
const BETA: readonly (readonly number[])[] = [
  [1],
  [3 / 2, -1 / 2],
  [23 / 12, -16 / 12, 5 / 12],
  [55 / 24, -59 / 24, 37 / 24, -9 / 24],
  [1901 / 720, -2774 / 720, 2616 / 720, -1274 / 720, 251 / 720],
];

const hermite = new HermiteInterpolant();

/**
 * Explicit Adams–Bashforth of order 1–5 on a fixed step: y₁ = y₀ + dt·Σⱼ βⱼ·f(tₙ₋ⱼ, yₙ₋ⱼ), one f
 * evaluation per step. The first order − 1 steps, and any step whose size differs from the previous one
 * (the last, shortened step; after a jump), are taken with the 3/8-rule RK4 to rebuild the history.
 * Records k = [f(t₀, y₀), f(t₁, y₁)]; dense output is cubic Hermite. Has no `tableau`: a sensitivity that
 * differentiates the discrete solve must treat it as a multistep method.
 */
export class AdamsBashforth implements SteppableSolver {
  /** Registered name. */
  readonly name: string;
  /** Order (1–5). */
  readonly order: number;
  /** Fixed step. */
  readonly adaptive = false;
  /** Not FSAL (f(t₁, y₁) is reused through the history instead). */
  readonly fsal = false;
  /** Explicit. */
  readonly implicit = false;
  /** Uses past steps. */
  readonly multistep = true;
  /** Cubic Hermite dense output. */
  readonly interpolantOrder = 3;
  /** One f evaluation per step once warmed up. */
  readonly stages = 1;
  /** One-line description. */
  readonly description: string;

  /**
   * @param order - 1 to 5
   * @param name - registered name (default `ab<order>`)
   */
  constructor(order: number, name = `ab${order}`) {
    if (!Number.isInteger(order) || order < 1 || order > 5) {
      throw new OdeflowError('INVALID_ARGUMENT', `Adams–Bashforth order must be an integer from 1 to 5; got ${order}.`);
    }
    this.order = order;
    this.name = name;
    this.description = `Adams–Bashforth, order ${order}, fixed step (RK4 warm-up)`;
  }

  /** Cubic Hermite weights over the recorded [f(t₀, y₀), f(t₁, y₁)]: y(θ) = w.y0·y₀ + w.y1·y₁ + dt·Σ w.k[i]·kᵢ. */
  denseWeights(theta: number): DenseWeights {
    return hermite.weights(theta, 2);
  }

  /** d/dθ of {@link AdamsBashforth.denseWeights}. */
  denseWeightDerivatives(theta: number): DenseWeights {
    return hermite.derivativeWeights(theta, 2);
  }

  /** Create the per-solve stepper. */
  createStepper<T>(ctx: StepperContext<T>): Stepper<T> {
    return new AdamsBashforthStepper(ctx, BETA[this.order - 1]);
  }
}

class AdamsBashforthStepper<T> implements Stepper<T> {
  y0!: T;
  y1!: T;
  k: T[] = [];
  nfe = 0;
  private hist: T[] = [];
  private hPrev = NaN;
  private tStart = 0;
  private stage: T[] = [];

  constructor(
    private readonly ctx: StepperContext<T>,
    private readonly beta: readonly number[],
  ) {}

  private f(t: number, y: T): T {
    this.nfe++;
    return this.ctx.dynamics.f(t, y, this.ctx.params);
  }

  private release(xs: readonly T[]): void {
    this.ctx.backend.dispose(xs);
  }

  start(t0: number, y0: T): void {
    this.tStart = t0;
    this.y0 = y0;
    const f0 = this.f(t0, y0);
    const a = this.ctx.backend.shape(y0);
    const b = this.ctx.backend.shape(f0);
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      this.ctx.backend.dispose(f0);
      throw new OdeflowError('SHAPE_MISMATCH', `f(t, y) returned shape [${b.join(', ')}] at t = ${t0}, but y has shape [${a.join(', ')}].`);
    }
    this.hist = [f0];
  }

  /**
   * Whether a step of size dt from t0 continues the previous step's size. A `stepSize` grid's times
   * tStart + i·h are rounded twice (the product, then the sum), each within ε·(|tStart| + |t|) of exact,
   * so the difference of two neighbours is within 2ε of that scale of h: with 4ε of slack such a grid
   * never restarts the history, while a genuinely different step (the last, shortened one) still does.
   */
  private sameStep(t0: number, dt: number): boolean {
    const roundoff = 4 * Number.EPSILON * (Math.abs(this.tStart) + Math.abs(t0) + Math.abs(dt));
    return Math.abs(dt - this.hPrev) <= 1e-12 * Math.abs(dt) + roundoff;
  }

  attempt(t0: number, dt: number, tLast: number): number {
    const be = this.ctx.backend;
    const same = this.sameStep(t0, dt);
    if (!same && this.hist.length > 1) {
      this.release(this.hist.slice(1));
      this.hist = [this.hist[0]];
    }
    if (this.hist.length >= this.beta.length) {
      this.y1 = be.lincomb([1, ...this.beta.map((b) => dt * b)], [this.y0, ...this.hist.slice(0, this.beta.length)]);
    } else {
      // RK4 (3/8 rule) warm-up step
      const { a, b, c } = rk4.tableau;
      const k = [this.hist[0]];
      for (let i = 1; i < 4; i++) {
        const yi = be.lincomb([1, ...a[i].map((x) => dt * x)], [this.y0, ...k]);
        k.push(this.f(c[i] === 1 ? tLast : t0 + c[i] * dt, yi));
        be.dispose(yi);
      }
      this.y1 = be.lincomb([1, ...b.map((x) => dt * x)], [this.y0, ...k]);
      this.stage = k.slice(1);
    }
    this.hPrev = dt;
    return 0;
  }

  complete(tLast: number): void {
    this.ctx.backend.dispose(this.stage);
    this.stage = [];
    this.k = [this.hist[0], this.f(tLast, this.y1)];
  }

  denseReady(): void {}

  record(): { y0: T; y1: T; k: T[] } {
    // The recorder owns what it receives and may dispose it at once (a tape keeps y0 and drops y1, which is
    // the next step's y0), while this stepper still needs y1 and the last stage: hand over clones. On tfjs a
    // clone shares the data buffer, so this costs a handle, not a copy.
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: this.k.map((x) => be.clone(x)) };
  }

  accept(t1: number, restart: boolean): void {
    this.release([this.y0]);
    this.y0 = this.y1;
    let f1 = this.k[1];
    if (restart) {
      this.release([f1, ...this.hist]);
      this.hist = [];
      f1 = this.f(t1, this.y0);
      this.hPrev = NaN;
    }
    this.hist.unshift(f1);
    if (this.hist.length > this.beta.length) this.release(this.hist.splice(this.beta.length));
    this.k = [];
  }

  reject(): void {
    this.ctx.backend.dispose(this.stage);
    this.stage = [];
    this.ctx.backend.dispose(this.y1);
  }

  dispose(): void {
    this.release([this.y0, ...this.hist]);
  }
}
