import type { SolveStats } from '@odeflow/core';
import type { EvaluationCounter } from '../jacobian-evaluator.js';
import type { StepData, SteppableSolver, Stepper, StepperContext } from '../stepper.js';
import type { AutoMethods } from './auto-methods.js';
import { JacobianTap } from './jacobian-tap.js';
import { SwitchPolicy } from './switch-policy.js';

/**
 * The stepper of a switching solve: an explicit method's stepper and, from the first switch on, a stiff
 * method's, with every call of the integration loop passed to the one in use. The switch happens between
 * two steps, at the state just accepted: the step is finished by the method that took it (its outputs,
 * events and dense output come from that method's interpolant, published as {@link AutoStepper.stepMethod}),
 * then the other method starts from y₁ — one f evaluation, nothing redone — when the next step is attempted,
 * so that a solve ending with the accepted step never builds or starts the other method. The stiff method's Jacobian is
 * read through a {@link JacobianTap} to estimate ρ(J) for the way back; {@link SwitchPolicy} decides both ways.
 *
 * Error norms are handed to the loop rescaled to the solver's error order p: a method whose estimate is of
 * order q returns err^((p+1)/(q+1)), which the acceptance test (err ≤ 1) reads alike and a controller of the
 * form err^(−1/(p+1)) turns into the method's own err^(−1/(q+1)).
 *
 * Nothing is allocated per step, and per solve only what a switch needs: the tap and the stiff stepper are built
 * at the first switch, the counters are number fields.
 */
export class AutoStepper<T> implements Stepper<T> {
  /** f evaluations of finite-difference Jacobians taken through the tap (made with it). */
  private tapCounter: EvaluationCounter | undefined;
  private tap: JacobianTap<T> | undefined;
  private policy: SwitchPolicy;
  private explicit: Stepper<T> | undefined;
  private stiff: Stepper<T> | undefined;
  private active: Stepper<T>;
  private onStiff = false;
  private switchDue = false;
  /** A switch decided at the last accepted step, made when the next one is attempted. */
  private switchPending = false;
  private h = 0;
  private exponent = 1;
  private switches = 0;
  private readonly restartable: boolean;
  // counters of steppers dropped after a switch (on backends whose steppers cannot start again)
  private droppedNfe = 0;
  private droppedNjev = 0;
  private droppedNlu = 0;
  private droppedIterations = 0;
  private droppedFailures = 0;
  // steps and span taken by each method
  private explicitSteps = 0;
  private explicitSpan = 0;
  private stiffSteps = 0;
  private stiffSpan = 0;

  /**
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken)
   * @param methods - the explicit and the stiff method, and the explicit one's stiffness bound
   * @param errorOrder - the error order p the loop's controller assumes
   */
  constructor(
    private readonly ctx: StepperContext<T>,
    y0: T,
    private readonly methods: AutoMethods,
    private readonly errorOrder: number,
  ) {
    const explicit = methods.explicit.createStepper(ctx, y0);
    this.explicit = explicit;
    this.active = explicit;
    this.policy = new SwitchPolicy(methods.bound);
    this.rescale();
    this.restartable = typeof explicit.reset === 'function';
  }

  /**
   * Present when the explicit stepper keeps its buffers from one solve to the next (in-place backends). A method
   * read through a getter, not a closure made per solve: that closure alone made V8 tenure each short solve's
   * objects (see the class comment).
   */
  get reset(): (() => void) | undefined {
    return this.restartable ? this.restart : undefined;
  }

  /** The method of the current step: its dense output applies. */
  get stepMethod(): SteppableSolver {
    return this.onStiff ? this.methods.stiff : this.methods.explicit;
  }

  get y0(): T {
    return this.active.y0;
  }

  get y1(): T {
    return this.active.y1;
  }

  get k(): readonly T[] {
    return this.active.k;
  }

  get nfe(): number {
    return (this.explicit?.nfe ?? 0) + (this.stiff?.nfe ?? 0) + (this.tapCounter?.nfe ?? 0) + this.droppedNfe;
  }

  get njev(): number {
    return (this.stiff?.njev ?? 0) + this.droppedNjev;
  }

  get nlu(): number {
    return (this.stiff?.nlu ?? 0) + this.droppedNlu;
  }

  get newtonIterations(): number {
    return (this.stiff?.newtonIterations ?? 0) + this.droppedIterations;
  }

  get newtonFailures(): number {
    return (this.stiff?.newtonFailures ?? 0) + this.droppedFailures;
  }

  get newtonFailed(): boolean {
    return this.active.newtonFailed === true;
  }

  get singular(): boolean {
    return this.active.singular === true;
  }

  start(t0: number, y0: T): void {
    this.active.start(t0, y0);
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    if (this.switchPending) this.switchAt(t0);
    this.h = dt;
    const err = this.active.attempt(t0, dt, tLast, estimate);
    return this.exponent === 1 ? err : Math.pow(err, this.exponent);
  }

  /** The power that turns the active method's error norm into one of the solver's error order. */
  private rescale(): void {
    const m = this.stepMethod;
    this.exponent = (this.errorOrder + 1) / ((m.errorOrder ?? m.order) + 1);
  }

  complete(tLast: number): void {
    const size = Math.abs(this.h);
    if (this.onStiff) {
      const tap = this.tap!;
      tap.lastStep = size;
      if (this.policy.calm(size * tap.radius)) this.switchDue = true;
    } else if (this.policy.due() && this.policy.stiff(this.active.stiffness?.(this.h) ?? 0)) {
      this.switchDue = true;
    }
    if (this.onStiff) {
      this.stiffSteps++;
      this.stiffSpan += size;
    } else {
      this.explicitSteps++;
      this.explicitSpan += size;
    }
    this.active.complete(tLast);
  }

  denseReady(t0: number, dt: number): void {
    this.active.denseReady(t0, dt);
  }

  record(): StepData<T> {
    return this.active.record();
  }

  accept(t1: number, restart: boolean): void {
    this.active.accept(t1, restart);
    if (!this.switchDue) return;
    this.switchDue = false;
    this.switchPending = true;
  }

  // the other method takes over at t0, the state the active one accepted last (its y₀ now)
  private switchAt(t0: number): void {
    this.switchPending = false;
    this.switches++;
    const from = this.active;
    const to = this.onStiff ? this.explicitStepper(from.y0) : this.stiffStepper(from.y0);
    to.start(t0, this.ctx.backend.clone(from.y0));
    this.onStiff = !this.onStiff;
    this.active = to;
    this.rescale();
    if (this.onStiff) {
      this.policy.toStiff();
      // the explicit method's last step (stability-limited) stands for the step the first Jacobian serves
      this.tap!.lastStep = Math.abs(this.h);
    } else {
      this.policy.toExplicit();
    }
    // a stepper that cannot start again (no in-place buffers) gives back its tensors now and is rebuilt when needed
    if (!from.reset) this.drop(from);
  }

  private explicitStepper(shape: T): Stepper<T> {
    this.explicit ??= this.methods.explicit.createStepper(this.ctx, shape);
    return this.explicit;
  }

  private stiffStepper(shape: T): Stepper<T> {
    if (this.stiff) return this.stiff;
    this.tapCounter ??= { nfe: 0 };
    const tap = (this.tap ??= new JacobianTap(this.ctx, this.ctx.backend.size(shape), this.tapCounter));
    tap.limit = this.policy.calmLimit;
    this.stiff = this.methods.stiff.createStepper(tap.context, shape);
    return this.stiff;
  }

  private drop(s: Stepper<T>): void {
    this.droppedNfe += s.nfe;
    this.droppedNjev += s.njev ?? 0;
    this.droppedNlu += s.nlu ?? 0;
    this.droppedIterations += s.newtonIterations ?? 0;
    this.droppedFailures += s.newtonFailures ?? 0;
    s.dispose();
    if (s === this.stiff) this.stiff = undefined;
    else this.explicit = undefined;
  }

  reject(): void {
    this.active.reject();
  }

  addStats(stats: SolveStats): void {
    const { explicit, stiff } = this.methods;
    stats.switches = this.switches;
    stats.methodSteps = { [explicit.name]: this.explicitSteps, [stiff.name]: this.stiffSteps };
    stats.methodSpans = { [explicit.name]: this.explicitSpan, [stiff.name]: this.stiffSpan };
  }

  dispose(): void {
    this.explicit?.dispose();
    this.stiff?.dispose();
  }

  // back to the state of a new solve, keeping the buffers (the workspace of the adjoint's backward intervals)
  private restart(): void {
    // an explicit stepper that can restart is never dropped
    const explicit = this.explicit!;
    explicit.reset!();
    if (this.stiff?.reset) this.stiff.reset();
    else if (this.stiff) this.drop(this.stiff);
    if (this.tapCounter) this.tapCounter.nfe = 0;
    this.droppedNfe = this.droppedNjev = this.droppedNlu = this.droppedIterations = this.droppedFailures = 0;
    this.explicitSteps = this.explicitSpan = this.stiffSteps = this.stiffSpan = 0;
    this.active = explicit;
    this.onStiff = false;
    this.switchDue = false;
    this.switchPending = false;
    this.switches = 0;
    this.policy = new SwitchPolicy(this.methods.bound);
    this.rescale();
  }
}
