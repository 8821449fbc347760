import { MemoryMeter, type SensitivityContext, type SensitivityStats, type Solution, type TensorBackend } from '@odeflow/core';
import { integrate, type IntegrateOptions, type StepRecorder } from '@odeflow/solvers';
import { CountingDynamics } from './counting-dynamics.js';
import type { ForwardOptions } from './forward-options.js';
import type { DifferentiableProblem } from './differentiable-problem.js';
import { emptyStats } from './sensitivity-stats.js';

/** The forward solve of a sensitivity run, as its backward pass reads it. */
export interface ForwardSolve<T> {
  /** The backend of the problem's tensors. */
  readonly backend: TensorBackend<T>;
  /** The forward solution. */
  readonly solution: Solution<T>;
  /** The problem's dynamics, counted: the backward pass evaluates through them too. */
  readonly dynamics: CountingDynamics<T>;
  /** The forward options, for the run's tensor type. */
  readonly options: IntegrateOptions<T>;
  /** The run's counters; the forward ones are filled in. */
  readonly stats: SensitivityStats;
  /** Measures the bytes held since just before the forward solve (run the backward pass inside it too). */
  readonly meter: MemoryMeter;
}

/** What a sensitivity keeps of the forward steps. */
export interface ForwardRecording<T> {
  /** Receives every accepted step and output (absent: only the outputs are kept). */
  readonly recorder?: StepRecorder<T>;
  /** Called once the forward solve is over, whether it succeeded or threw. */
  settle?(): void;
  /** Accepted forward steps, for the stats. */
  stepsForward(solution: Solution<T>): number;
  /** Release everything recorded (also called when the forward solve throws). */
  release(): void;
}

/**
 * The forward solve every sensitivity starts with: count f, meter memory (the solve runs inside the meter,
 * so tapes, checkpoints and block workspaces report to it), time it, hand the steps to the sensitivity's
 * recorder, and release what was recorded when the solve throws.
 */
export function solveForward<T>(
  problem: DifferentiableProblem<T>,
  context: SensitivityContext<T, ForwardOptions, object>,
  recording: ForwardRecording<T>,
): ForwardSolve<T> {
  const { backend } = context;
  // the caller built the options for the problem's tensor type
  const options = context.options as IntegrateOptions<T>;
  const dynamics = new CountingDynamics(problem.dynamics);
  const meter = new MemoryMeter(backend);
  const stats = emptyStats();
  const start = performance.now();
  const solution: Solution<T> = meter.run(() => {
    try {
      return integrate({
        backend,
        dynamics,
        y0: problem.y0,
        ts: problem.ts,
        params: problem.params,
        solver: context.solver,
        options,
        ...(recording.recorder ? { recorder: recording.recorder } : {}),
      });
    } catch (e) {
      recording.settle?.();
      recording.release();
      throw e;
    } finally {
      recording.settle?.();
    }
  });
  stats.forwardMs = performance.now() - start;
  stats.nfeForward = dynamics.total;
  stats.stepsForward = recording.stepsForward(solution);
  stats.peakBytes = meter.peakBytes;
  return { backend, solution, dynamics, options, stats, meter };
}
