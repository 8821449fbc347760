import { type Gradients, type OdeProblem, type Sensitivity, type SensitivityContext, type SensitivityRun } from '@odeflow/core';
import { integrate } from '@odeflow/solvers';
import { addScaled } from './accumulate.js';
import { checkCotangents } from './check-cotangents.js';
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
 * Direct backpropagation through the solver: every accepted step is recorded (its initial state and
 * stage derivatives), and the backward pass reverses each Runge–Kutta stage and each dense output with
 * the dynamics' VJP. The gradient is exact for the discrete computation the forward pass performed, with
 * the step sizes held constant (they are chosen by the controller, not differentiated — what torchdiffeq
 * and diffrax do in effect); memory grows with the number of steps. Needs an explicit RK solver.
 * Accepts no sensitivity options.
 */
export class DirectSensitivity implements Sensitivity {
  /** Registered name. */
  readonly name = 'direct';
  /** No options of its own. */
  readonly optionKeys: readonly string[] = [];

  /** Solve forward recording every step; the run's backward reverses them. */
  run<T>(problem: OdeProblem<T>, context: SensitivityContext<T>): SensitivityRun<T> {
    readSensitivityOptions(this.name, this.optionKeys, context.sensitivityOptions);
    requireVjp(problem.dynamics, this.name);
    const rk = explicitRk(context.solver, this.name);
    const { backend } = context;
    const dynamics = new CountingDynamics(problem.dynamics);
    const meter = new MemoryMeter(backend);
    const stats = emptyStats();
    const tape = new StepTape(backend);
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
        options: context.options,
        recorder: tape,
      });
    } catch (e) {
      tape.dispose();
      throw e;
    }
    stats.forwardMs = performance.now() - start;
    stats.nfeForward = dynamics.total;
    stats.stepsForward = tape.steps.length;
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
        try {
          const outputs = stepOutputs(tape.outputs, 0, tape.steps.length);
          let yBar = bp.reverse(tape.steps, outputs, cotangents, backend.zeros(backend.shape(problem.y0)));
          for (const i of initialOutputs(tape.outputs, solution.ys.length)) yBar = addScaled(backend, yBar, 1, cotangents[i]);
          stats.nfeBackward = dynamics.total - nfe0;
          stats.backwardMs = performance.now() - begin;
          stats.peakBytes = meter.peak();
          return { y0: yBar, params: bp.paramGrads, ts: bp.tGrads };
        } catch (e) {
          bp.dispose();
          throw e;
        } finally {
          tape.dispose();
        }
      },
      dispose(): void {
        used = true;
        tape.dispose();
      },
    };
  }
}
