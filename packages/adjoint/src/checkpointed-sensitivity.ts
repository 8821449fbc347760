import { OdeflowError, type Gradients, type SensitivityContext } from '@odeflow/core';
import { addScaled } from './accumulate.js';
import { CheckpointRecorder } from './checkpoint-recorder.js';
import { replaySegment } from './checkpoint-replay.js';
import { explicitRk } from './explicit-rk.js';
import type { ForwardOptions } from './forward-options.js';
import type { ForwardSolve } from './forward-solve.js';
import type { UncheckedOptions } from './sensitivity-options.js';
import type { DifferentiableProblem } from './differentiable-problem.js';
import { SensitivityScaffold, type SensitivityPass } from './sensitivity-scaffold.js';
import { StepBackpropagator } from './step-backpropagator.js';
import { initialOutputs, stepOutputs } from './step-outputs.js';
import { jumpTimes } from './jump-times.js';

/** Options of the checkpointed sensitivity. */
export interface CheckpointedOptions {
  /** Also keep the state at every this many steps (a positive integer); default: only at the outputs. */
  readonly checkpointEvery?: number;
}

/** Option keys of the checkpointed sensitivity. */
export const CHECKPOINTED_OPTION_KEYS: readonly (keyof CheckpointedOptions)[] = Object.freeze(['checkpointEvery']);

/**
 * Checkpointing: the forward solve keeps the state at the start of the step that produces each output
 * (and, with `checkpointEvery: k`, of every k-th step) plus the step times; the backward pass replays each
 * segment between checkpoints on the recorded step grid, recording it, and reverses it with the direct
 * sensitivity's backpropagation. The gradient is direct's (the replay repeats the forward operations);
 * the memory is the checkpoints plus one segment — the answer for stiff or chaotic problems on which the
 * adjoint's backsolve of z is unstable. Needs an explicit RK solver.
 */
export class CheckpointedSensitivity extends SensitivityScaffold<CheckpointedOptions> {
  /** Registered name. */
  readonly name = 'checkpointed';
  /** `checkpointEvery`: a positive integer number of steps between extra checkpoints. */
  readonly optionKeys = CHECKPOINTED_OPTION_KEYS;

  /** Keep checkpoints forward; the backward pass replays and reverses segment by segment. */
  protected prepare<T>(
    problem: DifferentiableProblem<T>,
    context: SensitivityContext<T, ForwardOptions, CheckpointedOptions>,
    options: UncheckedOptions<CheckpointedOptions>,
  ): SensitivityPass<T> {
    const every = options.checkpointEvery;
    if (every !== undefined && (typeof every !== 'number' || !Number.isInteger(every) || every < 1)) {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `Option "checkpointEvery" of the "checkpointed" sensitivity must be a positive integer number of steps; got ${String(every)}.`,
      );
    }
    const rk = explicitRk(context.solver, this.name);
    const { backend } = context;
    const recorder = new CheckpointRecorder(backend, every);
    return {
      recorder,
      settle: () => recorder.settle(),
      stepsForward: () => recorder.times.length,
      release: () => recorder.dispose(),
      backward(forward: ForwardSolve<T>, cotangents: readonly T[]): Gradients<T> {
        const bp = new StepBackpropagator(backend, forward.dynamics, rk, problem.params, problem.ts.length, jumpTimes(forward.options));
        const starts = [...recorder.states.keys()].sort((x, y) => x - y);
        const total = recorder.times.length;
        let yBar = backend.zeros(backend.shape(problem.y0));
        try {
          for (let j = starts.length - 1; j >= 0; j--) {
            const from = starts[j];
            const to = j + 1 < starts.length ? starts[j + 1] : total;
            const tape = replaySegment(problem, context.solver, forward, recorder, from, to);
            try {
              yBar = bp.reverse(tape.steps, stepOutputs(recorder.outputs, from, to), cotangents, yBar);
            } finally {
              tape.dispose();
            }
            recorder.release(from);
          }
          for (const i of initialOutputs(recorder.outputs, forward.solution.ys.length)) yBar = addScaled(backend, yBar, 1, cotangents[i]);
          return { y0: yBar, params: bp.paramGrads, ts: bp.tGrads };
        } catch (e) {
          bp.dispose();
          backend.dispose(yBar);
          throw e;
        }
      },
    };
  }
}
