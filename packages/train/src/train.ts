import { OdeflowError, SilentProgressReporter, type ProgressReporter, type TensorBackend } from '@odeflow/core';
import { SeededRandom } from '@odeflow/blocks';
import type { Optimizer } from './optimizer.js';

/** What the training loop hands to the user's step and evaluation functions. */
export interface TrainContext<T> {
  /** Iteration index, from 0. */
  readonly iteration: number;
  /** The current parameters (the same array the optimizer updates). */
  readonly params: readonly T[];
  /** The run's seeded generator: draw batches from it so that a seed reproduces the run. */
  readonly random: SeededRandom;
}

/** The result of one training step: the loss and ∂loss/∂θ for every parameter. */
export interface TrainStepResult<T> {
  /** Loss at the current parameters. */
  readonly loss: number;
  /** Gradient of the loss for each parameter, in parameter order. The loop disposes them after the update. */
  readonly grads: readonly T[];
  /** Extra numbers to record and report (nfe, step counts...). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** One iteration in a run's history. */
export interface TrainRecord {
  /** Iteration index. */
  readonly iteration: number;
  /** Loss before the update. */
  readonly loss: number;
  /** Wall time of the iteration (step + update), ms. */
  readonly ms: number;
  /** The step's extra metrics, if any. */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** One evaluation in a run's history. */
export interface EvaluationRecord {
  /** Iterations completed when it ran. */
  readonly iteration: number;
  /** What the evaluation returned. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Options of {@link train}. */
export interface TrainOptions<T> {
  /** Backend of the parameters and gradients. */
  readonly backend: TensorBackend<T>;
  /** The parameters, updated slot by slot (see {@link Optimizer}). */
  readonly params: T[];
  /** The update rule. */
  readonly optimizer: Optimizer<T>;
  /** Number of iterations. */
  readonly steps: number;
  /** Compute the loss and its gradients at the current parameters. */
  readonly step: (context: TrainContext<T>) => TrainStepResult<T>;
  /** Seed of {@link TrainContext.random} (default 0). */
  readonly seed?: number;
  /** Receives progress with the loss (default: silent). */
  readonly progress?: ProgressReporter;
  /** Label of the progress bar (default `training`). */
  readonly label?: string;
  /** Run {@link TrainOptions.evaluate} every this many iterations and after the last (default: never). */
  readonly evaluateEvery?: number;
  /** Measure the model (e.g. full-trajectory error); called with the iterations completed. */
  readonly evaluate?: (context: TrainContext<T>) => Readonly<Record<string, number>>;
  /** Called after every iteration; return `false` to stop early. */
  readonly onIteration?: (record: TrainRecord) => boolean | void;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** One record per iteration. */
  readonly history: TrainRecord[];
  /** Evaluations, in order. */
  readonly evaluations: EvaluationRecord[];
  /** Iterations completed. */
  readonly iterations: number;
  /** True when `onIteration` stopped the run early. */
  readonly stopped: boolean;
  /** Total wall time, ms. */
  readonly totalMs: number;
  /** Median wall time per iteration, ms. */
  readonly medianMsPerIteration: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Run a training loop: each iteration calls `step` for the loss and gradients, applies the optimizer,
 * disposes the gradients, records the loss and reports progress. A non-finite loss or gradient stops the
 * run with `NON_FINITE_STATE` instead of silently spoiling the parameters.
 *
 * @example
 * ```ts
 * const result = train({ backend, params, optimizer: new Adam(backend, { learningRate: 0.01 }), steps: 500,
 *   step: ({ random }) => lossAndGradients(params, random) });
 * ```
 * @throws OdeflowError `INVALID_ARGUMENT` for bad options, `SHAPE_MISMATCH` when the step returns the wrong
 *   number of gradients, `NON_FINITE_STATE` for a NaN or infinite loss or gradient
 */
export function train<T>(options: TrainOptions<T>): TrainResult {
  const { backend, params, optimizer, steps } = options;
  if (!Number.isInteger(steps) || steps < 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `train: steps must be a non-negative integer, got ${String(steps)}.`);
  }
  const every = options.evaluateEvery;
  if (every !== undefined && (!Number.isInteger(every) || every < 1)) {
    throw new OdeflowError('INVALID_ARGUMENT', `train: evaluateEvery must be a positive integer, got ${String(every)}.`);
  }
  if (every !== undefined && options.evaluate === undefined) {
    throw new OdeflowError('INVALID_ARGUMENT', 'train: evaluateEvery is set but no evaluate function was given.');
  }
  const random = new SeededRandom(options.seed ?? 0);
  const progress = options.progress ?? new SilentProgressReporter();
  const history: TrainRecord[] = [];
  const evaluations: EvaluationRecord[] = [];
  const times: number[] = [];
  const started = performance.now();
  let stopped = false;
  let done = 0;

  const evaluate = (iteration: number): Readonly<Record<string, number>> => {
    const metrics = options.evaluate!({ iteration, params, random });
    evaluations.push({ iteration, metrics });
    return metrics;
  };

  progress.start(steps, options.label ?? 'training');
  try {
    for (let iteration = 0; iteration < steps; iteration++) {
      const t0 = performance.now();
      const result = options.step({ iteration, params, random });
      try {
        if (result.grads.length !== params.length) {
          throw new OdeflowError('SHAPE_MISMATCH', `train: the step returned ${result.grads.length} gradients for ${params.length} parameters (iteration ${iteration}).`);
        }
        if (!Number.isFinite(result.loss)) {
          throw new OdeflowError('NON_FINITE_STATE', `train: the loss is ${result.loss} at iteration ${iteration}; lower the learning rate or check the model and data.`, {
            iteration,
            loss: result.loss,
          });
        }
        for (let i = 0; i < result.grads.length; i++) {
          if (!backend.allFinite(result.grads[i])) {
            throw new OdeflowError('NON_FINITE_STATE', `train: the gradient of parameter ${i} is not finite at iteration ${iteration}; lower the learning rate or clip the gradients.`, {
              iteration,
              param: i,
            });
          }
        }
        optimizer.step(params, result.grads as T[]);
      } finally {
        backend.dispose(result.grads as T[]);
      }
      const ms = performance.now() - t0;
      times.push(ms);
      const record: TrainRecord = result.metrics === undefined ? { iteration, loss: result.loss, ms } : { iteration, loss: result.loss, ms, metrics: result.metrics };
      history.push(record);
      done = iteration + 1;
      let info: Record<string, number> = { loss: result.loss };
      if (every !== undefined && (done % every === 0 || done === steps)) info = { ...info, ...evaluate(done) };
      progress.update(done, info);
      if (options.onIteration?.(record) === false) {
        stopped = true;
        break;
      }
    }
    if (stopped && every !== undefined && evaluations[evaluations.length - 1]?.iteration !== done) evaluate(done);
  } finally {
    progress.finish();
  }
  return { history, evaluations, iterations: done, stopped, totalMs: performance.now() - started, medianMsPerIteration: median(times) };
}
