import type { Gradients, SensitivityContext } from '@odeflow/core';
import { addScaled } from './accumulate.js';
import { explicitRk } from './explicit-rk.js';
import type { ForwardOptions } from './forward-options.js';
import type { ForwardSolve } from './forward-solve.js';
import type { DifferentiableProblem } from './differentiable-problem.js';
import { SensitivityScaffold, type SensitivityPass } from './sensitivity-scaffold.js';
import { StepBackpropagator } from './step-backpropagator.js';
import { initialOutputs, stepOutputs } from './step-outputs.js';
import { StepTape } from './step-tape.js';
import { jumpTimes } from './jump-times.js';

/** The direct sensitivity has no options of its own. */
export type DirectOptions = Record<string, never>;

/**
 * Direct backpropagation through the solver: every accepted step is recorded (its initial state and
 * stage derivatives), and the backward pass reverses each Runge–Kutta stage and each dense output with
 * the dynamics' VJP. The gradient is exact for the discrete computation the forward pass performed, with
 * the step sizes held constant (they are chosen by the controller, not differentiated — what torchdiffeq
 * and diffrax do in effect); memory grows with the number of steps. Needs an explicit RK solver.
 * Accepts no sensitivity options.
 */
export class DirectSensitivity extends SensitivityScaffold<DirectOptions> {
  /** Registered name. */
  readonly name = 'direct';
  /** No options of its own. */
  readonly optionKeys: readonly string[] = [];
  /** Differentiates every-step outputs like any others: they are step ends of the recorded solve. */
  protected override readonly everyStepOutputs = true;

  /** Record every step forward; the backward pass reverses them. */
  protected prepare<T>(problem: DifferentiableProblem<T>, context: SensitivityContext<T, ForwardOptions, DirectOptions>): SensitivityPass<T> {
    const rk = explicitRk(context.solver, this.name);
    const { backend } = context;
    const tape = new StepTape(backend);
    return {
      recorder: tape,
      stepsForward: () => tape.steps.length,
      release: () => tape.dispose(),
      backward(forward: ForwardSolve<T>, cotangents: readonly T[]): Gradients<T> {
        // one ∂L/∂tᵢ per output time: the requested ones, or every step's (`everyStep`), which outnumber them
        const outputs = Math.max(problem.ts.length, forward.solution.ys.length);
        const bp = new StepBackpropagator(backend, forward.dynamics, rk, problem.params, outputs, jumpTimes(forward.options));
        try {
          const produced = stepOutputs(tape.outputs, 0, tape.steps.length);
          let yBar = bp.reverse(tape.steps, produced, cotangents, backend.zeros(backend.shape(problem.y0)));
          for (const i of initialOutputs(tape.outputs, forward.solution.ys.length)) yBar = addScaled(backend, yBar, 1, cotangents[i]);
          return { y0: yBar, params: bp.paramGrads, ts: bp.tGrads };
        } catch (e) {
          bp.dispose();
          throw e;
        }
      },
    };
  }
}
