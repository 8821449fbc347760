import {
  OdeflowError,
  type Gradients,
  type OdeProblem,
  type Sensitivity,
  type SensitivityContext,
  type SensitivityRun,
} from '@odeflow/core';
import { integrate, type IntegrateOptions } from '@odeflow/solvers';
import { addScaled } from './accumulate.js';
import { checkCotangents } from './check-cotangents.js';
import { CheckpointRecorder } from './checkpoint-recorder.js';
import { CountingDynamics } from './counting-dynamics.js';
import { explicitRk } from './explicit-rk.js';
import { MemoryMeter } from './memory-meter.js';
import { onceOnly } from './once-only.js';
import { requireSolved } from './require-solved.js';
import { requireVjp } from './require-vjp.js';
import { readSensitivityOptions } from './sensitivity-options.js';
import { emptyStats } from './sensitivity-stats.js';
import { StepBackpropagator } from './step-backpropagator.js';
import { initialOutputs, stepOutputs } from './step-outputs.js';
import { StepTape } from './step-tape.js';
import { jumpTimes } from './jump-times.js';

/**
 * Checkpointing: the forward solve keeps the state at the start of the step that produces each output
 * (and, with `checkpointEvery: k`, of every k-th step) plus the step times; the backward pass replays each
 * segment between checkpoints on the recorded step grid, recording it, and reverses it with the direct
 * sensitivity's backpropagation. The gradient is direct's (the replay repeats the forward operations);
 * the memory is the checkpoints plus one segment — the answer for stiff or chaotic problems on which the
 * adjoint's backsolve of z is unstable. Needs an explicit RK solver.
 */
export class CheckpointedSensitivity implements Sensitivity {
  /** Registered name. */
  readonly name = 'checkpointed';
  /** `checkpointEvery`: a positive integer number of steps between extra checkpoints. */
  readonly optionKeys: readonly string[] = ['checkpointEvery'];

  /** Solve forward keeping checkpoints; the run's backward replays and reverses segment by segment. */
  run<T>(problem: OdeProblem<T>, context: SensitivityContext<T>): SensitivityRun<T> {
    const opts = readSensitivityOptions(this.name, this.optionKeys, context.sensitivityOptions);
    const every = opts.checkpointEvery;
    if (every !== undefined && (typeof every !== 'number' || !Number.isInteger(every) || every < 1)) {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `Option "checkpointEvery" of the "checkpointed" sensitivity must be a positive integer number of steps; got ${String(every)}.`,
      );
    }
    requireVjp(problem.dynamics, this.name);
    const rk = explicitRk(context.solver, this.name);
    const { backend } = context;
    const dynamics = new CountingDynamics(problem.dynamics);
    const meter = new MemoryMeter(backend);
    const stats = emptyStats();
    const recorder = new CheckpointRecorder(backend, every as number | undefined);
    const forward = context.options as IntegrateOptions<T>;
    const start = performance.now();
    let solution;
    try {
      solution = integrate({
        backend,
        dynamics,
        y0: problem.y0,
        ts: problem.ts,
        params: problem.params,
        solver: context.solver,
        options: forward,
        recorder,
      });
    } finally {
      recorder.settle();
    }
    stats.forwardMs = performance.now() - start;
    stats.nfeForward = dynamics.total;
    stats.stepsForward = recorder.times.length;
    stats.peakBytes = meter.peak();
    let used = false;
    const method = this.name;
    return {
      solution,
      stats,
      backward(cotangents): Gradients<T> {
        onceOnly(method, used);
        requireSolved(solution, method);
        checkCotangents(backend, cotangents, solution.ys.length, backend.shape(problem.y0));
        used = true;
        const begin = performance.now();
        const nfe0 = dynamics.total;
        const bp = new StepBackpropagator(backend, dynamics, rk, problem.params, problem.ts.length, jumpTimes(context.options));
        const starts = [...recorder.states.keys()].sort((x, y) => x - y);
        const total = recorder.times.length;
        let yBar = backend.zeros(backend.shape(problem.y0));
        try {
          for (let j = starts.length - 1; j >= 0; j--) {
            const from = starts[j];
            const to = j + 1 < starts.length ? starts[j + 1] : total;
            const tape = replay(from, to);
            try {
              yBar = bp.reverse(tape.steps, stepOutputs(recorder.outputs, from, to), cotangents, yBar);
            } finally {
              tape.dispose();
            }
            backend.dispose(recorder.states.get(from) as T);
            recorder.states.delete(from);
          }
          for (const i of initialOutputs(recorder.outputs, solution.ys.length)) yBar = addScaled(backend, yBar, 1, cotangents[i]);
          stats.nfeBackward = dynamics.total - nfe0;
          stats.backwardMs = performance.now() - begin;
          stats.peakBytes = meter.peak();
          return { y0: yBar, params: bp.paramGrads, ts: bp.tGrads };
        } catch (e) {
          bp.dispose();
          backend.dispose(yBar);
          throw e;
        } finally {
          recorder.dispose();
        }
      },
      dispose(): void {
        used = true;
        recorder.dispose();
      },
    };

    // Re-run accepted steps [from, to) from their checkpoint on the recorded grid, recording them.
    function replay(from: number, to: number): StepTape<T> {
      const { times } = recorder;
      const grid = times.slice(from, to);
      grid.push(to < times.length ? times[to] : recorder.tEnd);
      const t0 = grid[0];
      const t1 = grid[grid.length - 1];
      const lo = Math.min(t0, t1);
      const hi = Math.max(t0, t1);
      const jumps = (forward.jumpT ?? []).filter((x) => x > lo && x < hi);
      const tape = new StepTape(backend);
      try {
        const sol = integrate({
          backend,
          dynamics,
          y0: recorder.states.get(from) as T,
          // the outputs inside these steps: a step evaluates the stages only its dense output uses (DOP853's) when it has one
          ts: [t0, ...recorder.outputs.filter((o) => o.stepIndex >= from && o.stepIndex < to && o.theta < 1).map((o) => o.t), t1],
          params: problem.params,
          solver: context.solver,
          options: { grid, ...(jumps.length > 0 ? { jumpT: jumps } : {}) },
          recorder: tape,
        });
        backend.dispose(sol.ys.filter((y) => y !== recorder.states.get(from)));
        if (tape.steps.length !== to - from) {
          throw new OdeflowError(
            'UNSUPPORTED',
            `Replaying steps ${from}–${to - 1} of the forward solve took ${tape.steps.length} steps instead of ${to - from}; ` +
              `the solver "${context.solver.name}" does not follow an explicit grid. Use the "direct" sensitivity.`,
          );
        }
      } catch (e) {
        tape.dispose();
        throw e;
      }
      return tape;
    }
  }
}
