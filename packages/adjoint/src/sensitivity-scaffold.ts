import { OdeflowError, type Gradients, type OdeProblem, type Sensitivity, type SensitivityContext, type SensitivityRun, type SensitivityStats } from '@odeflow/core';
import { checkCotangents } from './check-cotangents.js';
import { checkProblem } from './check-problem.js';
import type { ForwardOptions } from './forward-options.js';
import { solveForward, type ForwardRecording, type ForwardSolve } from './forward-solve.js';
import { onceOnly } from './once-only.js';
import { requireSolved } from './require-solved.js';
import type { DifferentiableProblem } from './differentiable-problem.js';
import { requireVjp } from './require-vjp.js';
import { readSensitivityOptions, type UncheckedOptions } from './sensitivity-options.js';

/** One sensitivity's own part of a run: what it records forward and how it turns cotangents into gradients. */
export interface SensitivityPass<T> extends ForwardRecording<T> {
  /**
   * The gradients. The scaffold has checked the cotangents and the forward status, counts the evaluations and
   * times the pass, and calls `release` afterwards; the pass releases what it allocated itself when it throws.
   */
  backward(forward: ForwardSolve<T>, cotangents: readonly T[], stats: SensitivityStats): Gradients<T>;
}

/**
 * What the direct, adjoint and checkpointed sensitivities share: the check of their option keys and of the
 * dynamics' VJP, the counted, metered and timed forward solve, and a backward that runs once, only on a
 * successful solve and on cotangents of the right shapes. A sensitivity supplies its name, its option keys and
 * {@link SensitivityScaffold.prepare}.
 * @typeParam S - the sensitivity's own options
 */
export abstract class SensitivityScaffold<S extends object> implements Sensitivity<ForwardOptions, S> {
  /** Registered name. */
  abstract readonly name: string;
  /** Option keys accepted in `sensitivityOptions`. */
  abstract readonly optionKeys: readonly (keyof S & string)[];
  /** Whether the sensitivity differentiates a solve with the `everyStep` option (outputs known only once solved). */
  protected readonly everyStepOutputs: boolean = false;

  /**
   * Check the sensitivity's option values and set up its pass (recorder, backward). Runs before the forward solve.
   * @param options - the sensitivity options, keys checked, values not
   */
  protected abstract prepare<T>(
    problem: DifferentiableProblem<T>,
    context: SensitivityContext<T, ForwardOptions, S>,
    options: UncheckedOptions<S>,
  ): SensitivityPass<T>;

  /** Solve forward with the sensitivity's recording; the run's backward computes the gradients once. */
  run<T>(problem: OdeProblem<T>, context: SensitivityContext<T, ForwardOptions, S>): SensitivityRun<T> {
    const options = readSensitivityOptions<S>(this.name, this.optionKeys, context.sensitivityOptions);
    checkProblem(context.backend, problem, this.name);
    if (context.options?.everyStep === true && !this.everyStepOutputs) throw everyStepUnsupported(this.name);
    const dynamics = problem.dynamics;
    requireVjp(dynamics, this.name);
    const checked: DifferentiableProblem<T> = { ...problem, dynamics };
    const pass = this.prepare(checked, context, options);
    const forward = solveForward(checked, context, pass);
    return scaffoldRun(this.name, checked, forward, pass);
  }
}

function everyStepUnsupported(method: string): OdeflowError {
  return new OdeflowError(
    'UNSUPPORTED',
    `The "${method}" sensitivity cannot differentiate a solve with everyStep: its backward pass is built on output ` +
      'times known before the solve. Use the "direct" sensitivity, or solve once with everyStep and pass the ' +
      "solution's ts as the output times.",
    { method, option: 'everyStep' },
  );
}

function scaffoldRun<T>(method: string, problem: OdeProblem<T>, forward: ForwardSolve<T>, pass: SensitivityPass<T>): SensitivityRun<T> {
  const { backend, solution, dynamics, stats, meter } = forward;
  let used = false;
  return {
    solution,
    stats,
    backward(cotangents): Gradients<T> {
      onceOnly(method, used);
      requireSolved(solution, method);
      checkCotangents(backend, cotangents, solution.ts, backend.shape(problem.y0));
      used = true;
      const begin = performance.now();
      const nfe0 = dynamics.total;
      // the backward pass runs inside the forward solve's meter: its peak covers both
      const gradients = meter.run(() => {
        try {
          return pass.backward(forward, cotangents, stats);
        } finally {
          pass.release();
        }
      });
      stats.nfeBackward = dynamics.total - nfe0;
      stats.backwardMs = performance.now() - begin;
      stats.peakBytes = meter.peakBytes;
      return gradients;
    },
    dispose(): void {
      used = true;
      pass.release();
    },
    heldAtPeak: () => meter.breakdown(),
  };
}
