import { OdeflowError, solveStatusError, type Gradients, type OdeProblem, type SensitivityStats, type Solution, type TensorBackend } from '@odeflow/core';
import { DEFAULT_ATOL, DEFAULT_RTOL, initialStep, integrate, IntegrateWorkspace, type ErrorNormFn, type IntegrateOptions } from '@odeflow/solvers';
import { addScaled } from './accumulate.js';
import { adjointTolerance } from './adjoint-tolerance.js';
import type { CheckedAdjointOptions } from './adjoint-options.js';
import { AugmentedDynamics } from './augmented-dynamics.js';
import { backwardIntervalOptions } from './backward-interval-options.js';
import { channelNorm } from './channel-norm.js';
import type { ForwardSolve } from './forward-solve.js';
import { splitParams } from './split-params.js';


// Each backward interval after the first starts from this multiple of the previous interval's mean accepted step.
const CARRY_GROWTH = 2;

/**
 * The adjoint's backward pass (Chen et al. 2018, Algorithm 1): the augmented state [z, a, a_θ, a_t] solved from
 * t_N back to t_0 interval by interval, z reset to the stored forward output and ∂L/∂y(tᵢ) added to a at each
 * output time. Used once per run.
 */
export class AdjointBackward<T> {
  private readonly backend: TensorBackend<T>;
  private readonly aug: AugmentedDynamics<T>;
  private readonly yShape: readonly number[];
  private readonly rtol: number | number[] | undefined;
  private readonly atol: number | number[] | undefined;
  private readonly errorNorm: ErrorNormFn<T> | undefined;
  // the mean accepted step of the last interval solved, grown: where the next one starts
  private carried: number | undefined;

  /**
   * @param problem - the problem solved forward
   * @param forward - its forward solve (the outputs z is reset to)
   * @param opts - the adjoint's checked options
   */
  constructor(
    private readonly problem: OdeProblem<T>,
    private readonly forward: ForwardSolve<T>,
    private readonly opts: CheckedAdjointOptions<T>,
  ) {
    const backend = forward.backend;
    this.backend = backend;
    this.yShape = backend.shape(problem.y0);
    this.aug = new AugmentedDynamics(backend, forward.dynamics, problem.params, this.yShape);
    const back = opts.backward;
    this.rtol = adjointTolerance('adjointRtol', opts.rtol ?? back.rtol ?? forward.options.rtol, this.aug.sizes);
    this.atol = adjointTolerance('adjointAtol', opts.atol ?? back.atol ?? forward.options.atol, this.aug.sizes);
    const norm = opts.norm;
    this.errorNorm =
      back.norm === undefined && norm !== 'rms'
        ? channelNorm(backend, this.aug.channels, [true, true, ...problem.params.map(() => norm === 'mixed'), norm === 'mixed'])
        : undefined;
  }

  /** ∂L/∂y0, ∂L/∂θ and ∂L/∂tᵢ from the cotangents ∂L/∂y(tᵢ); counts backward steps into `stats`. */
  gradients(cotangents: readonly T[], stats: SensitivityStats): Gradients<T> {
    const { backend, problem, yShape } = this;
    const { solution, dynamics } = this.forward;
    const ts = solution.ts;
    const tGrads = new Array<number>(problem.ts.length).fill(0);
    const last = solution.ys.length - 1;
    let a = backend.clone(cotangents[last]);
    let aTheta = backend.zeros([this.aug.sizes[2]]);
    let aT = 0;
    // the backward intervals share solver, dynamics and state shape: one stepper serves them all
    const workspace = new IntegrateWorkspace<T>();
    try {
      for (let i = last; i >= 1; i--) {
        // ∂L/∂tᵢ through y(tᵢ) alone; it also seeds the time adjoint (torchdiffeq's convention).
        const fi = dynamics.f(ts[i], solution.ys[i], problem.params);
        const g = backend.dot(fi, cotangents[i]);
        backend.dispose(fi);
        tGrads[i] = g;
        aT -= g;
        const state = backend.tidy(() => backend.concat([solution.ys[i], a, aTheta, backend.fromArray([aT])]));
        backend.dispose([a, aTheta]);
        const sol = this.solveInterval(ts[i], ts[i - 1], state, workspace, stats);
        const end = sol.ys[sol.ys.length - 1];
        const [z, aFlat, aThetaNew, aTNew] = backend.split(end, this.aug.sizes);
        aT = backend.toFloat64Array(aTNew)[0];
        backend.dispose([...sol.ys, z, aTNew]);
        aTheta = aThetaNew;
        a = yShape.length === 1 ? aFlat : backend.reshape(aFlat, yShape);
        if (a !== aFlat) backend.dispose(aFlat);
        a = addScaled(backend, a, 1, cotangents[i - 1]);
      }
      tGrads[0] = aT;
      const params = splitParams(backend, aTheta, problem.params);
      backend.dispose(aTheta);
      return { y0: a, params, ts: tGrads };
    } catch (e) {
      backend.dispose([a, aTheta]);
      throw e;
    } finally {
      workspace.dispose();
    }
  }

  // Solve the augmented system over one interval from → to, consuming `state`; a failed solve throws.
  private solveInterval(from: number, to: number, state: T, workspace: IntegrateWorkspace<T>, stats: SensitivityStats): Solution<T> {
    const { backend } = this;
    let sol;
    try {
      const options = this.intervalOptions(from, to, state);
      sol = integrate({ backend, dynamics: this.aug, y0: state, ts: [from, to], params: this.problem.params, solver: this.opts.solver, options, workspace });
    } finally {
      backend.dispose(state);
    }
    stats.stepsBackward += sol.stats.accepted;
    this.carried = (CARRY_GROWTH * Math.abs(from - to)) / Math.max(1, sol.stats.accepted);
    const failed = solveStatusError(sol, {
      prefix: `The adjoint's backward solve from t = ${from} to t = ${to} failed (${sol.status}):`,
      suffix: 'Loosen adjointRtol/adjointAtol, raise adjointOptions.maxSteps, or use the "checkpointed" sensitivity, which does not backsolve z.',
      details: { interval: [from, to] },
    });
    if (failed) {
      backend.dispose(sol.ys);
      throw failed;
    }
    return sol;
  }

  // The backward interval's integration options: the forward ones cut to it, the adjoint's over them, and a first step.
  private intervalOptions(from: number, to: number, state: T): IntegrateOptions<T> {
    const { rtol, atol, errorNorm } = this;
    const options: IntegrateOptions<T> = {
      ...backwardIntervalOptions(this.forward.options, from, to),
      ...this.opts.backward,
      ...(rtol !== undefined ? { rtol } : {}),
      ...(atol !== undefined ? { atol } : {}),
      ...(errorNorm ? { norm: errorNorm } : {}),
    };
    if (options.firstStep === undefined && options.stepSize === undefined && options.grid === undefined && this.opts.solver.adaptive) {
      if (this.carried !== undefined) {
        // The previous interval already measured the step the backward dynamics allow here. Starting
        // from it (grown, since that interval's last step was cut to land on its end) spares the
        // first-step heuristic's two evaluations and its small start: on short intervals that is one
        // step instead of two.
        options.firstStep = this.carried;
      } else if (errorNorm) {
        // the loop's own first-step heuristic ignores the norm; the seminorm's savings start here
        options.firstStep = this.firstStep(state, from, to < from ? -1 : 1, errorNorm);
      }
    }
    return options;
  }

  private firstStep(state: T, t0: number, direction: 1 | -1, errorNorm: ErrorNormFn<T>): number {
    const { backend } = this;
    const tolTensor = (x: number | number[] | undefined, dflt: number) =>
      x === undefined ? dflt : typeof x === 'number' ? x : backend.fromArray(x);
    const r = tolTensor(this.rtol, DEFAULT_RTOL);
    const a = tolTensor(this.atol, DEFAULT_ATOL);
    const solver = this.opts.solver;
    try {
      const f0 = this.aug.f(t0, state, []);
      try {
        return initialStep(backend, (t, y) => this.aug.f(t, y, []), t0, state, f0, direction, solver.errorOrder ?? solver.order, r, a, errorNorm);
      } finally {
        backend.dispose(f0);
      }
    } finally {
      if (typeof r !== 'number') backend.dispose(r);
      if (typeof a !== 'number') backend.dispose(a);
    }
  }
}
