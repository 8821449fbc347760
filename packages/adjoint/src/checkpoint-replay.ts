import { OdeflowError, type OdeProblem, type Solver } from '@odeflow/core';
import { integrate } from '@odeflow/solvers';
import type { CheckpointRecorder } from './checkpoint-recorder.js';
import type { ForwardSolve } from './forward-solve.js';
import { StepTape } from './step-tape.js';

/**
 * Re-run accepted steps [from, to) of a forward solve from their checkpoint on the recorded step grid,
 * recording them: the segment the checkpointed sensitivity reverses next. The caller disposes the tape.
 * @throws OdeflowError UNSUPPORTED when the solver does not follow the grid (the replay would differ)
 */
export function replaySegment<T>(
  problem: OdeProblem<T>,
  solver: Solver,
  forward: ForwardSolve<T>,
  recorder: CheckpointRecorder<T>,
  from: number,
  to: number,
): StepTape<T> {
  const { backend } = forward;
  const { times } = recorder;
  const grid = times.slice(from, to);
  grid.push(to < times.length ? times[to] : recorder.tEnd);
  const t0 = grid[0];
  const t1 = grid[grid.length - 1];
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  const jumps = (forward.options.jumpT ?? []).filter((x) => x > lo && x < hi);
  const tape = new StepTape(backend, 'replayed segment');
  try {
    const sol = integrate({
      backend,
      dynamics: forward.dynamics,
      y0: recorder.states.get(from) as T,
      // the outputs inside these steps: a step evaluates the stages only its dense output uses (DOP853's) when it has one
      ts: [t0, ...recorder.outputs.filter((o) => o.stepIndex >= from && o.stepIndex < to && o.theta < 1).map((o) => o.t), t1],
      params: problem.params,
      solver,
      options: { grid, ...(jumps.length > 0 ? { jumpT: jumps } : {}) },
      recorder: tape,
    });
    backend.dispose(sol.ys.filter((y) => y !== recorder.states.get(from)));
    if (tape.steps.length !== to - from) {
      throw new OdeflowError(
        'UNSUPPORTED',
        `Replaying steps ${from}–${to - 1} of the forward solve took ${tape.steps.length} steps instead of ${to - from}; ` +
          `the solver "${solver.name}" does not follow an explicit grid. Use the "direct" sensitivity.`,
      );
    }
  } catch (e) {
    tape.dispose();
    throw e;
  }
  return tape;
}
