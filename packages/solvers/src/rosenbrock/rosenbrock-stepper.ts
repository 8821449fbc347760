import { errorNorm } from '../error-norm.js';
import type { StepData, Stepper, StepperContext } from '../stepper.js';
import { RosenbrockMatrix } from './rosenbrock-matrix.js';
import { StageBuffers, type StageVector } from './stage-buffers.js';

/**
 * What the Rosenbrock methods share: the life cycle of a step for the integration loop (start, attempt,
 * complete, accept, reject), the step's vectors and the {@link RosenbrockMatrix}. The recorded stages are
 * k = [f(t₀, y₀), dense-output vectors…, f(t₁, y₁)]; a method computes its stages into float64 vectors
 * ({@link RosenbrockStepper.stages}), its f(t₁, y₁) and its dense-output vectors. A singular W rejects the
 * attempt (flagged as {@link Stepper.newtonFailed} with {@link RosenbrockStepper.singular}), so the loop
 * shrinks the step and ends the solve with `newton_failed` when that cannot help.
 */
export abstract class RosenbrockStepper<T> implements Stepper<T> {
  /** State at the start of the step (a tensor). */
  y0!: T;
  /** State at the end of the attempted step (a tensor). */
  y1!: T;
  /** Recorded stages (tensors): f(t₀, y₀), the dense-output vectors, f(t₁, y₁). */
  readonly k: T[] = [];
  /** f evaluations so far. */
  nfe = 0;
  /** Rosenbrock steps take no Newton iterations (one linear solve per stage instead). */
  newtonIterations = 0;
  /** Attempts rejected because W was singular. */
  newtonFailures = 0;
  /** True after an attempt whose W was singular. */
  newtonFailed = false;
  /** True after an attempt whose W was singular (the reason of {@link RosenbrockStepper.newtonFailed}). */
  singular = false;
  protected readonly buffers: StageBuffers<T>;
  protected readonly matrix: RosenbrockMatrix<T>;
  protected v0: StageVector<T>;
  protected v1: StageVector<T>;
  /** The recorded vectors: kv[0] = f(t₀, y₀), kv[last] = f(t₁, y₁). */
  protected readonly kv: StageVector<T>[] = [];
  protected readonly err: StageVector<T>;
  private stepT0 = 0;
  private stepDt = 0;
  private denseDone = false;

  /**
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken)
   * @param recorded - number of recorded stages (≥ 2)
   * @param gamma - the method's diagonal γ (W = I − hγ·J)
   * @param name - the method's name, for messages
   */
  constructor(
    protected readonly ctx: StepperContext<T>,
    y0: T,
    recorded: number,
    private readonly gamma: number,
    name: string,
  ) {
    this.buffers = new StageBuffers(ctx.backend, ctx.dynamics, ctx.params, y0);
    const b = this.buffers;
    this.v0 = b.vector();
    this.v1 = b.vector();
    this.err = b.vector();
    for (let i = 0; i < recorded; i++) this.kv.push(b.vector());
    this.matrix = new RosenbrockMatrix(ctx, b, this.err, name, this);
  }

  /**
   * Present on `js`, whose buffers the stepper keeps from one solve to the next. A prototype method behind a
   * getter, not a closure made per stepper (see `RungeKuttaStepper.reset`).
   */
  get reset(): (() => void) | undefined {
    return this.buffers.shared ? this.restart : undefined;
  }

  private restart(): void {
    this.nfe = 0;
    this.newtonFailures = 0;
    this.matrix.njev = 0;
    this.matrix.nlu = 0;
    this.matrix.fresh = false;
  }

  /** Jacobian evaluations so far. */
  get njev(): number {
    return this.matrix.njev;
  }

  /** LU factorisations so far. */
  get nlu(): number {
    return this.matrix.nlu;
  }

  /** The last recorded vector, f(t₁, y₁). */
  protected get f1(): StageVector<T> {
    return this.kv[this.kv.length - 1];
  }

  /**
   * Compute the stages of the step from t0 of size h with W factorised: y₁ into `v1`, and with `estimate`
   * the local error into `err`. Stages at c = 1 are evaluated at `tLast`.
   */
  protected abstract stages(t0: number, h: number, tLast: number, estimate: boolean): void;

  /** Make `f1` hold f(tLast, y₁) (methods that evaluated it among their stages have nothing to do). */
  protected abstract finish(tLast: number): void;

  /** Fill the dense-output vectors kv[1 … last − 1] for the accepted step of size h. */
  protected abstract dense(h: number): void;

  /** Publish every recorded vector as the tensors of k. */
  private publishK(): void {
    for (let i = 0; i < this.kv.length; i++) this.k[i] = this.buffers.publish(this.kv[i]);
  }

  start(t0: number, y0: T): void {
    const b = this.buffers;
    b.read(y0, this.v0);
    this.ctx.backend.dispose(y0);
    this.nfe++;
    b.f(t0, this.v0, this.kv[0], true);
    this.y0 = b.publish(this.v0);
    this.publishK();
    this.matrix.fresh = false;
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    this.newtonFailed = false;
    this.singular = false;
    this.denseDone = false;
    this.stepT0 = t0;
    this.stepDt = dt;
    const m = this.matrix;
    if (!m.fresh) {
      // not `this.nfe += m.prepare(...)`: that reads nfe before prepare's Jacobian adds its own f evaluations
      const spent = m.prepare(t0, this.v0, this.kv[0], dt);
      this.nfe += spent;
    }
    if (!m.factor(dt * this.gamma)) {
      this.newtonFailed = true;
      this.singular = true;
      this.newtonFailures++;
      return Infinity;
    }
    this.stages(t0, dt, tLast, estimate);
    this.y1 = this.buffers.publish(this.v1);
    if (!estimate) return 0;
    const { backend, norm, rtol, atol } = this.ctx;
    return errorNorm(backend, norm, this.buffers.publish(this.err), this.y0, this.y1, rtol, atol);
  }

  complete(tLast: number): void {
    this.finish(tLast);
    this.publishK();
  }

  denseReady(t0: number, dt: number): void {
    if (this.denseDone) return;
    this.denseDone = true;
    this.dense(dt);
    this.publishK();
  }

  record(): StepData<T> {
    this.denseReady(this.stepT0, this.stepDt);
    const be = this.ctx.backend;
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k: this.k.map((x) => be.clone(x)) };
  }

  accept(t1: number, restart: boolean): void {
    // swap instead of copying: y₁ becomes y₀ and f(t₁, y₁) the first stage
    const v = this.v0;
    this.v0 = this.v1;
    this.v1 = v;
    const last = this.kv.length - 1;
    const f = this.kv[0];
    this.kv[0] = this.kv[last];
    this.kv[last] = f;
    this.matrix.fresh = false;
    // both tensors are current (published by attempt and complete): nothing to copy on any backend
    this.y0 = this.v0.tensor!;
    this.k[0] = this.kv[0].tensor!;
    this.k[last] = this.kv[last].tensor!;
    if (restart) {
      this.nfe++;
      this.buffers.f(t1, this.v0, this.kv[0]);
      this.k[0] = this.buffers.publish(this.kv[0]);
    }
  }

  reject(): void {
    // J and ∂f/∂t at (t₀, y₀) stay valid: the next attempt only factorises W again for its smaller step
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
