import { isSteppable, type SteppableSolver } from '@odeflow/solvers';
import { OdeflowError, type SensitivityContext } from '@odeflow/core';
import type { CheckedAdjointOptions } from './adjoint-options.js';
import type { DifferentiableProblem } from './differentiable-problem.js';
import type { ForwardOptions } from './forward-options.js';
import { ForwardTrajectory } from './forward-trajectory.js';
import { InterpolatingBackward } from './interpolating-backward.js';
import type { SensitivityPass } from './sensitivity-scaffold.js';

/**
 * The adjoint's pass with `adjointState: 'interpolate'`: record every accepted forward step, then solve the
 * adjoint equation backward on the recorded z(t) (see {@link InterpolatingBackward}).
 */
export function interpolatingPass<T>(
  problem: DifferentiableProblem<T>,
  context: SensitivityContext<T, ForwardOptions, object>,
  opts: CheckedAdjointOptions<T>,
): SensitivityPass<T> {
  const trajectory = new ForwardTrajectory(context.backend, steppable(context.solver));
  steppable(opts.solver);
  return {
    recorder: trajectory,
    stepsForward: () => trajectory.length,
    release: () => trajectory.clear(),
    backward: (forward, cotangents, stats) => new InterpolatingBackward(problem, forward, trajectory, opts).gradients(cotangents, stats),
  };
}

function steppable(solver: SteppableSolver | { name: string }): SteppableSolver {
  if (isSteppable(solver as SteppableSolver)) return solver as SteppableSolver;
  throw new OdeflowError(
    'UNSUPPORTED',
    `adjointState 'interpolate' reads z(t) from the dense output of "${solver.name}", which offers none. ` +
      "Use a built-in solver or adjointState 'backsolve'.",
    { solver: solver.name },
  );
}
