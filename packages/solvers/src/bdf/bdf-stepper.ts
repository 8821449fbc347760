import { OdeflowError } from '@odeflow/core';
import { Float64Slot } from '../dirk/float64-slot.js';
import { IterationMatrix } from '../dirk/iteration-matrix.js';
import { errorNorm } from '../error-norm.js';
import { jacobianEvaluator } from '../jacobian-evaluator.js';
import type { StepData, Stepper, StepperContext } from '../stepper.js';
import { ALPHA, ERROR_CONST, ERROR_SAFETY, GAMMA, MAX_ORDER, MIN_FACTOR, NEWTON_MAX_ITERATIONS, NEWTON_TOLERANCE } from './bdf-coefficients.js';
import { BdfNewton } from './bdf-newton.js';
import { chooseOrder, type OrderChoice } from './choose-order.js';
import { DifferenceArray } from './difference-array.js';
import { evaluateInto } from './evaluate-into.js';
import { FactorAges } from './factor-ages.js';
import { RecordedEnds } from './recorded-ends.js';

/**
 * The stepper of the variable-order (1–5) NDF/BDF method on a quasi-constant step (Shampine & Reichelt 1997,
 * as SciPy's `BDF`). The history is a {@link DifferenceArray} in the step h it was last built for; an attempt of
 * another size first re-interpolates it, so the loop may clip steps freely. Each attempt solves the implicit
 * formula by {@link BdfNewton} with the LU of I − (h/αₖ)·J and J kept across steps as {@link FactorAges} says,
 * J re-evaluated also when Newton fails with a J from an earlier step. The method chooses its own next step and
 * order ({@link BdfStepper.proposedStep}): h stays fixed for k + 1 steps, then orders k − 1, k, k + 1 compete.
 * Recorded stages are k = [D₁/h, …, D₅/h] of the accepted step (zero above its order), whose dense output is
 * the interpolating polynomial; k[0] holds f(t₀, y₀) after `start`. The work is done on float64 buffers
 * that, on backends with `inPlace.view` (js), are the tensors' own data: a step allocates nothing.
 */
export class BdfStepper<T> implements Stepper<T> {
  readonly k: T[] = [];
  nfe = 0;
  newtonFailures = 0;
  newtonFailed = false;
  singular = false;
  private readonly n: number;
  private s0: Float64Slot<T>;
  private s1: Float64Slot<T>;
  private readonly fs: Float64Slot<T>;
  private readonly es: Float64Slot<T>;
  /** The dense-output vectors D₁/h … D₅/h. */
  private readonly ks: Float64Slot<T>[] = [];
  private readonly ends: RecordedEnds<T>;
  private readonly diff: DifferenceArray;
  private readonly d: Float64Array;
  private readonly psi: Float64Array;
  private readonly weights: Float64Array;
  private readonly rtol: Float64Array;
  private readonly atol: Float64Array;
  private readonly newtonTol: number;
  private readonly matrix: IterationMatrix<T>;
  private readonly newton: BdfNewton<T>;
  private readonly rhs: (t: number) => void;
  private readonly choice: OrderChoice = { order: 1, factor: 1 };
  private readonly ages: FactorAges<T>;
  /** Signed step the differences are expressed in; NaN before the first attempt and after a jump. */
  private h = NaN;
  private order = 1;
  private nextOrder = 1;
  private equalSteps = 0;
  private safety = 0.9;
  private proposal = 0;
  /** Whether the loop runs a fixed grid (no error estimates): orders 1 then 2 only, see {@link Bdf.order}. */
  private fixedGrid = false;
  private denseDone = false;
  private t0 = 0;
  private t1 = 0;

  /**
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken; for allocation only)
   * @param name - the method's name, for messages
   */
  constructor(
    private readonly ctx: StepperContext<T>,
    y0: T,
    name: string,
  ) {
    const be = ctx.backend;
    const message = `Solver "${name}" factorises matrices, but backend "${be.name}" has no linalg. Run it on the "js" backend.`;
    if (!be.linalg) throw new OdeflowError('UNSUPPORTED', message, { solver: name, backend: be.name });
    const shape = be.shape(y0);
    const n = (this.n = be.size(y0));
    const slot = () => new Float64Slot(be, shape);
    [this.s0, this.s1, this.fs, this.es] = [slot(), slot(), slot(), slot()];
    for (let j = 0; j < MAX_ORDER; j++) this.ks.push(slot());
    this.ends = new RecordedEnds(slot(), slot());
    this.diff = new DifferenceArray(n);
    this.d = new Float64Array(n);
    this.psi = new Float64Array(n);
    this.weights = new Float64Array(n);
    this.rtol = typeof ctx.rtol === 'number' ? new Float64Array(n).fill(ctx.rtol) : be.toFloat64Array(ctx.rtol);
    this.atol = typeof ctx.atol === 'number' ? new Float64Array(n).fill(ctx.atol) : be.toFloat64Array(ctx.atol);
    const rtolMin = this.rtol.reduce((a, b) => Math.min(a, b), Infinity);
    this.newtonTol = Math.max((10 * Number.EPSILON) / rtolMin, NEWTON_TOLERANCE);
    this.matrix = new IterationMatrix(jacobianEvaluator(be, ctx.dynamics, ctx.params, n, { typical: ctx.atol, counter: this }), be.linalg, n);
    this.newton = new BdfNewton(this.matrix, n, this.fs.data);
    this.ages = new FactorAges(this.matrix, this.newton);
    this.rhs = (t) => this.evaluate(t, this.s1, this.fs);
    this.publishK();
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

  /** The magnitude of the next step the method wants (after a rejection or an accepted step). */
  proposedStep(): number {
    return this.proposal;
  }

  /** f(t, y) into out's buffer, counted. */
  private evaluate(t: number, y: Float64Slot<T>, out: Float64Slot<T>): void {
    this.nfe++;
    evaluateInto(this.ctx, t, y, out);
  }

  /** k = [f(t₀, y₀), D₁/h, …, D₅/h, f(t₁, y₁)]. */
  private publishK(): void {
    this.k[0] = this.ends.first.tensor;
    for (let j = 0; j < MAX_ORDER; j++) this.k[j + 1] = this.ks[j].tensor;
    this.k[MAX_ORDER + 1] = this.ends.last.tensor;
  }

  start(t0: number, y0: T): void {
    this.s0.load(y0);
    this.ctx.backend.dispose(y0);
    this.nfe++;
    evaluateInto(this.ctx, t0, this.s0, this.fs, false);
    // k[0] = f(t₀, y₀) for the first-step heuristic
    this.ends.setFirst(this.fs.data);
    this.publishK();
    this.h = NaN;
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    this.newtonFailed = false;
    this.singular = false;
    this.denseDone = false;
    this.t0 = t0;
    this.t1 = tLast;
    this.fixedGrid = !estimate;
    this.ends.attempt();
    this.prepareHistory(dt);
    const { n, diff, weights, rtol, atol, psi, d, order } = this;
    const y = this.s1.data;
    diff.predict(order, y);
    for (let i = 0; i < n; i++) weights[i] = atol[i] + rtol[i] * Math.abs(y[i]);
    diff.psi(order, GAMMA, ALPHA[order], psi);
    if (this.ages.jacobianDue) this.matrix.updateJacobian(t0, this.s0.tensor);
    if (!this.solve(tLast, dt / ALPHA[order])) {
      this.newtonFailures++;
      this.newtonFailed = true;
      this.proposal = 0.5 * Math.abs(dt);
      return Infinity;
    }
    this.s1.publish();
    this.safety = (0.9 * (2 * NEWTON_MAX_ITERATIONS + 1)) / (2 * NEWTON_MAX_ITERATIONS + this.newton.lastIterations);
    if (!estimate) return 0;
    const err = this.scaledNorm(ERROR_CONST[order], d);
    const factor = this.safety * Math.pow(err, -1 / (order + 1));
    // a NaN error (f returned a non-finite value) shrinks as much as an infinite one
    this.proposal = Math.abs(dt) * (factor > MIN_FACTOR ? factor : MIN_FACTOR);
    return err;
  }

  /** Make the differences those of step dt: start them (first step, after a jump) or re-interpolate them. */
  private prepareHistory(dt: number): void {
    if (this.h !== this.h) {
      this.diff.restart(this.s0.data, this.fs.data, dt);
      this.order = 1;
      this.nextOrder = 1;
      this.equalSteps = 0;
    } else if (dt !== this.h) {
      this.diff.rescale(this.order, dt / this.h);
      this.equalSteps = 0;
    }
    this.h = dt;
  }

  /** Newton (iterate in s1, correction in d); after a failure with an old J, once more with J at the predictor. */
  private solve(t1: number, c: number): boolean {
    const { matrix, diff } = this;
    const y = this.s1.data;
    for (;;) {
      const scale = this.ages.prepare(c);
      this.singular = scale !== scale;
      if (!this.singular && this.newton.solve(this.rhs, t1, c, this.psi, y, this.d, this.weights, this.newtonTol, scale)) return true;
      if (matrix.fresh) return false;
      this.newtonFailures++;
      diff.predict(this.order, y);
      this.s1.publish();
      matrix.updateJacobian(t1, this.s1.tensor);
    }
  }

  /** The error norm of scale·v, or of scale·D_row when `row` ≥ 0, weighted by y₁ (as SciPy), times {@link ERROR_SAFETY}. */
  private scaledNorm(scale: number, v: Float64Array, row = -1): number {
    const e = this.es.data;
    if (row >= 0) this.diff.scaledRow(row, scale, e);
    else for (let i = 0; i < this.n; i++) e[i] = scale * v[i];
    this.es.publish();
    const { backend, norm, rtol, atol } = this.ctx;
    return ERROR_SAFETY * errorNorm(backend, norm, this.es.tensor, this.s1.tensor, this.s1.tensor, rtol, atol);
  }

  complete(): void {
    const { diff, order } = this;
    diff.update(order, this.d);
    this.equalSteps++;
    this.nextOrder = order;
    this.proposal = Math.abs(this.h);
    if (this.equalSteps < order + 1) return;
    if (this.fixedGrid) {
      this.nextOrder = 2;
      return;
    }
    const err = this.scaledNorm(ERROR_CONST[order], this.d);
    const lower = order > 1 ? this.scaledNorm(ERROR_CONST[order - 1], this.d, order) : Infinity;
    const higher = order < MAX_ORDER ? this.scaledNorm(ERROR_CONST[order + 1], this.d, order + 2) : Infinity;
    const c = chooseOrder(order, lower, err, higher, this.safety, this.choice);
    this.nextOrder = c.order;
    this.proposal *= c.factor;
    this.equalSteps = 0;
  }

  denseReady(): void {
    if (this.denseDone) return;
    this.denseDone = true;
    const inv = 1 / this.h;
    for (let j = 1; j <= MAX_ORDER; j++) {
      const out = this.ks[j - 1];
      if (j > this.order) out.data.fill(0);
      else this.diff.scaledRow(j, inv, out.data);
      out.publish();
    }
    this.publishK();
  }

  record(): StepData<T> {
    this.denseReady();
    this.ends.fill((out) => this.evaluate(this.t0, this.s0, out), (out) => this.evaluate(this.t1, this.s1, out));
    this.publishK();
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: this.k.map((x) => be.clone(x)) };
  }

  accept(t1: number, restart: boolean): void {
    const s = this.s0;
    this.s0 = this.s1;
    this.s1 = s;
    this.ages.accepted();
    this.denseDone = false;
    this.ends.accept();
    if (this.nextOrder !== this.order) {
      this.order = this.nextOrder;
      this.equalSteps = 0;
    }
    if (restart) {
      this.evaluate(t1, this.s0, this.fs);
      this.ends.setFirst(this.fs.data);
      this.h = NaN;
    }
    this.publishK();
  }

  /** Nothing to undo: the differences change only when a step is accepted. */
  reject(): void {}

  reset(): void {
    this.nfe = 0;
    this.newtonFailures = 0;
    this.newtonFailed = false;
    this.singular = false;
    this.h = NaN;
    this.ages.reset();
  }

  dispose(): void {
    for (const s of [this.s0, this.s1, this.fs, this.es, ...this.ks]) s.dispose();
    this.ends.dispose();
  }
}
