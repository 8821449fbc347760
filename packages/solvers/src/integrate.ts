import { OdeflowError, type Solution, type SolveStats, type SolveStatus } from '@odeflow/core';
import { Breakpoints } from './breakpoints.js';
import { EventLocator } from './event-locator.js';
import { initialStep } from './initial-step.js';
import type { IntegrateArgs } from './integrate-args.js';
import { justBefore } from './just-before.js';
import { OutputSampler } from './output-sampler.js';
import { resolveOptions, type ResolvedOptions } from './resolve-options.js';
import { StepControl } from './step-control.js';
import { StepInterpolator } from './step-interpolator.js';
import type { StepRecorder } from './step-recorder.js';
import type { Stepper, StepperContext } from './stepper.js';
import * as failure from './solve-failure.js';
import { checkCapabilities } from './check-capabilities.js';
import { newtonFailedMessage } from './newton-failed-message.js';
import { implicitMethodNames } from './implicit-method-names.js';
import { callChecks } from './call-checks.js';

/**
 * Solve dy/dt = f(t, y, θ) from y(ts[0]) = y0 and return y at every time of `ts` (increasing or
 * decreasing), produced by the method's dense output — steps are never shortened onto output times,
 * only onto `stepT`/`jumpT` points and the end. With `everyStep`, return y at ts[0] and at the end of
 * every accepted step instead.
 *
 * The loop runs over small strategies: the step-size controller (a {@link PIController} unless
 * `controller` is given), the {@link Breakpoints}, the {@link EventLocator}, the {@link OutputSampler} and
 * the recorder.
 *
 * Solve failures do not throw: the solution carries status `max_steps_exceeded`, `step_size_underflow`
 * or `non_finite_state` (also when f throws NON_FINITE_STATE: then `cause` is that error), or `stiff` when an
 * explicit method's stiffness check fires (option `stiffnessCheck`), with a message naming the time reached and what to try, the outputs reached so far and `tReached`. A terminal event ends the solve with status
 * `terminated`.
 *
 * @throws OdeflowError INVALID_ARGUMENT for bad arguments (non-finite y0; ts empty, not strictly monotone or
 *   not finite; rtol/atol ≤ 0 or not finite; unknown option keys), SHAPE_MISMATCH when f returns the wrong
 *   shape, UNSUPPORTED for a solver not built on this package.
 */
export function integrate<T>(args: IntegrateArgs<T>): Solution<T> {
  const o = resolveOptions(args);
  const be = o.backend;
  checkCapabilities(o.solver, o.dynamics, be);
  const out = new OutputSampler(o, args.y0, args.recorder, args.outputs);
  const stats: SolveStats = { nfe: 0, steps: 0, accepted: 0, rejected: 0, njev: 0, nlu: 0, newtonIterations: 0, newtonFailures: 0 };
  if (o.ts.length === 1) return out.solution('success', undefined, stats, [], o.ts[0]);
  const tolTensors: T[] = [];
  const tol = (v: number | readonly number[]): number | T => {
    if (typeof v === 'number') return v;
    const x = be.fromArray(v, be.shape(args.y0));
    tolTensors.push(x);
    return x;
  };
  const ctx: StepperContext<T> = {
    backend: be, dynamics: o.dynamics, params: o.params, rtol: tol(o.rtol), atol: tol(o.atol), norm: o.norm, recording: args.recorder !== undefined,
  };
  const yShape = be.shape(args.y0);
  const stepper = args.workspace?.take(ctx, o.solver, yShape) ?? o.solver.createStepper(ctx, args.y0);
  const checks = callChecks(o.dynamics);
  const run = new SolveRun(o, ctx, stepper, out, stats, args.recorder, checks);
  try {
    stepper.start(o.ts[0], be.clone(args.y0));
    return run.loop();
  } catch (e) {
    // f reported a non-finite value: a solve failure like any other, with the outputs reached so far
    if (e instanceof OdeflowError && e.code === 'NON_FINITE_STATE') return run.end('non_finite_state', e.message.replace(/^\[[A-Z_]+\] /, ''), e);
    // bad arguments found while stepping (f's shape): release the outputs made so far, then throw
    out.dispose();
    run.events?.dispose();
    throw e;
  } finally {
    // the dynamics is left as it came: checking every call
    checks?.(true);
    // the one place the counters are final
    stats.nfe += stepper.nfe + run.extraNfe;
    stats.njev += stepper.njev ?? 0;
    stats.nlu += stepper.nlu ?? 0;
    stats.newtonIterations += stepper.newtonIterations ?? 0;
    stats.newtonFailures += stepper.newtonFailures ?? 0;
    stepper.addStats?.(stats);
    if (!args.workspace?.keep(stepper, ctx, o.solver, yShape)) stepper.dispose();
    be.dispose(tolTensors);
  }
}

/** The state of one solve while its loop runs. */
class SolveRun<T> {
  /** Current time (the end of the last accepted step). */
  t: number;
  /** The event locator, once the first state is known. */
  events?: EventLocator<T>;
  /** f evaluations outside the stepper (the first-step heuristic, the check of a rerun attempt). */
  extraNfe = 0;
  /** Whether the dynamics' per-call checks are off while the loop runs (explicit methods; see `CallChecks`). */
  private unchecked = false;

  constructor(
    private readonly o: ResolvedOptions<T>,
    private readonly ctx: StepperContext<T>,
    private readonly stepper: Stepper<T>,
    private readonly out: OutputSampler<T>,
    private readonly stats: SolveStats,
    private readonly recorder: StepRecorder<T> | undefined,
    private readonly checks: ((every: boolean) => void) | undefined,
  ) {
    this.t = o.ts[0];
  }

  /** The solution as it stands, with this status. */
  end(status: SolveStatus, message?: string, cause?: OdeflowError): Solution<T> {
    return this.out.solution(status, message, this.stats, this.events?.events ?? [], this.t, cause);
  }

  private firstStep(): number {
    const { o, stepper, ctx } = this;
    if (!o.controller || o.firstStep !== undefined) return o.firstStep ?? 0;
    this.extraNfe++;
    const f = (t: number, y: T) => o.dynamics.f(t, y, o.params);
    const errorOrder = o.solver.errorOrder ?? o.solver.order;
    return initialStep(o.backend, f, this.t, stepper.y0, stepper.k[0], o.direction, errorOrder, ctx.rtol, ctx.atol, o.norm);
  }

  /** Step from ts[0] until the last output time, a terminal event or a failure. */
  loop(): Solution<T> {
    const { o, stepper, stats, out } = this;
    const be = o.backend;
    const control = new StepControl(o.controller, o.solver.errorOrder ?? o.solver.order, o.dtMin, o.dtMax, this.firstStep());
    const bps = new Breakpoints(o);
    const events = (this.events = new EventLocator(o.events, be, this.t, stepper.y0));
    const dense = new StepInterpolator(be, o.solver, stepper);
    const checkY1 = !control.adaptive || o.norm !== undefined;
    const hasEvents = o.events.length > 0;
    // the first evaluations were checked in full; from here each attempt's error norm vouches for its stages.
    // Implicit methods keep every call checked: their Newton iterates and reused Jacobians carry values from one
    // attempt to the next, so an attempt cannot be rerun to find the call that went wrong (and linear algebra,
    // not the checks, is their cost per step)
    if (this.checks && !o.solver.implicit) {
      this.unchecked = true;
      this.checks(false);
    }
    for (;;) {
      if (stats.steps >= o.maxSteps) return this.end('max_steps_exceeded', failure.maxSteps(o, this.t));
      const t = this.t;
      bps.clip(t, control.dt);
      const { h, t1, jump } = bps;
      const tLast = jump ? justBefore(t1, o.direction) : t1;
      let err = stepper.attempt(t, h, tLast, control.adaptive);
      stats.steps++;
      let finite = err === err && err !== Infinity && (!checkY1 || be.allFinite(stepper.y1));
      // an attempt that is not finite may hide a NaN from f
      if (!finite && this.unchecked) {
        err = this.rerunChecked(t, h, tLast, control.adaptive);
        finite = err === err && err !== Infinity && (!checkY1 || be.allFinite(stepper.y1));
      }
      if (!control.judge(err, h, finite)) {
        const fail = this.reject(control, finite, t1, stepper.newtonFailed === true);
        if (fail) return fail;
        continue;
      }
      if (o.stiffness?.due() && o.stiffness.observe(stepper.stiffness?.(h) ?? 0)) {
        stepper.reject();
        return this.end('stiff', failure.stiff(t, o.solver.name, implicitMethodNames()));
      }
      stepper.complete(tLast);
      const stepIndex = stats.accepted++;
      if (hasEvents) events.locate(t, h, t1, stepper.y1, dense);
      if (this.recorder) {
        if (this.recorder.dense === true || out.needsDense(t, h, events.stopTheta)) stepper.denseReady(t, h);
        const r = stepper.record();
        this.recorder.onStep({ index: stepIndex, t0: t, dt: h, y0: r.y0, y1: r.y1, k: r.k, tLast, method: stepper.stepMethod });
      }
      if (out.reaches(t1)) out.sample(t, h, t1, events.stopTheta, stepIndex, dense, stepper);
      if (hasEvents && events.stopped) {
        out.stopAt((this.t = events.last.t));
        return this.end('terminated', `Terminal event ${events.last.index} at t = ${events.last.t}.`);
      }
      if (stepper.proposedStep) control.propose(stepper.proposedStep());
      stepper.accept(t1, jump);
      this.t = t1;
      bps.passed();
      control.accepted(h, err, bps.land);
      if (out.done) return this.end('success');
      if (jump) events.restart(t1, stepper.y0);
    }
  }

  /**
   * Rerun an attempt that was not finite with every evaluation checked, so that an f that returned NaN or ±∞
   * fails with its coded error and time, as it would have had every call been checked. f(t, y₀) is checked
   * as well: the first stage was evaluated when the previous step completed. Returns the rerun's error norm.
   */
  private rerunChecked(t: number, h: number, tLast: number, adaptive: boolean): number {
    const { stepper, o } = this;
    const checks = this.checks!;
    stepper.reject();
    checks(true);
    try {
      this.extraNfe++;
      o.backend.dispose(o.dynamics.f(t, stepper.y0, o.params));
      return stepper.attempt(t, h, tLast, adaptive);
    } finally {
      checks(false);
    }
  }

  // The one rejection path: count it, drop the attempt, shrink the step; a solution when the solve cannot go on.
  private reject(control: StepControl, finite: boolean, t1: number, newtonFailed: boolean): Solution<T> | undefined {
    this.stats.rejected++;
    this.stepper.reject();
    if (!control.adaptive) {
      return newtonFailed
        ? this.end('newton_failed', newtonFailedMessage(this.t, true, this.stepper.singular))
        : this.end('non_finite_state', failure.nonFiniteFixedStep(this.t, t1));
    }
    if (this.stepper.proposedStep) control.propose(this.stepper.proposedStep());
    if (!control.rejected(this.t, this.o.direction)) return undefined;
    if (newtonFailed) return this.end('newton_failed', newtonFailedMessage(this.t, false, this.stepper.singular));
    return finite
      ? this.end('step_size_underflow', failure.underflow(this.o, this.t, control.dt))
      : this.end('non_finite_state', failure.nonFinite(this.t));
  }
}
