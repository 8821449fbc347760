import { solveStatusError, type Gradients, type OdeProblem, type SensitivityStats, type TensorBackend } from '@odeflow/core';
import { DEFAULT_ATOL, DEFAULT_RTOL, integrate, IntegrateWorkspace, type IntegrateOptions, type SteppableSolver } from '@odeflow/solvers';
import { addScaled } from './accumulate.js';
import type { CheckedAdjointOptions } from './adjoint-options.js';
import { AdjointQuadrature } from './adjoint-quadrature.js';
import { backwardIntervalOptions } from './backward-interval-options.js';
import type { ForwardSolve } from './forward-solve.js';
import type { ForwardTrajectory } from './forward-trajectory.js';
import { InterpolatedAdjointDynamics } from './interpolated-adjoint-dynamics.js';
import { interpolatingTolerance } from './interpolating-tolerance.js';
import { stateTolerance } from './state-tolerance.js';

/**
 * The adjoint's backward pass without backsolving z: from t_N back to t_0, interval by interval, the adjoint
 * equation da/dt = −(∂f/∂z)ᵀa is solved alone with z(t) read from the stored forward solution, ∂L/∂y(tᵢ) is
 * added to a at each output time, and a_θ, a_t are integrated by quadrature over the backward steps (see
 * {@link AdjointQuadrature}). Stable wherever the forward solve was (the adjoint equation is as stiff as the
 * forward one, and the same implicit method handles it); used once per run.
 */
export class InterpolatingBackward<T> {
  private readonly backend: TensorBackend<T>;
  private readonly adjoint: InterpolatedAdjointDynamics<T>;
  private readonly quadrature: AdjointQuadrature<T>;
  private readonly yShape: readonly number[];
  private readonly options: IntegrateOptions<T>;
  // the adjoint's tolerances as given; atol undefined: set per interval from a (see interpolatingTolerance)
  private readonly rtol: number | number[] | undefined;
  private readonly atol: number | number[] | undefined;
  private readonly fallbackAtol: number | number[] | undefined;

  /**
   * @param problem - the problem solved forward
   * @param forward - its forward solve
   * @param trajectory - every accepted forward step, recorded during it
   * @param opts - the adjoint's checked options
   */
  constructor(
    private readonly problem: OdeProblem<T>,
    private readonly forward: ForwardSolve<T>,
    trajectory: ForwardTrajectory<T>,
    private readonly opts: CheckedAdjointOptions<T>,
  ) {
    const backend = forward.backend;
    this.backend = backend;
    this.yShape = backend.shape(problem.y0);
    const n = backend.size(problem.y0);
    const paramSize = problem.params.reduce((s, p) => s + backend.size(p), 0);
    this.adjoint = new InterpolatedAdjointDynamics(backend, forward.dynamics, problem.params, this.yShape, trajectory);
    this.quadrature = new AdjointQuadrature(backend, forward.dynamics, problem.params, this.yShape, trajectory, opts.solver as SteppableSolver);
    const back = opts.backward;
    this.rtol = stateTolerance('adjointRtol', opts.rtol ?? back.rtol ?? forward.options.rtol, n, paramSize);
    this.atol = stateTolerance('adjointAtol', opts.atol ?? back.atol, n, paramSize);
    this.fallbackAtol = stateTolerance('adjointAtol', forward.options.atol, n, paramSize);
    const atol = this.atol ?? this.fallbackAtol;
    this.options = { ...back, ...(this.rtol !== undefined ? { rtol: this.rtol } : {}), ...(atol !== undefined ? { atol } : {}) };
  }

  /** ∂L/∂y0, ∂L/∂θ and ∂L/∂tᵢ from the cotangents ∂L/∂y(tᵢ); counts backward steps into `stats`. */
  gradients(cotangents: readonly T[], stats: SensitivityStats): Gradients<T> {
    const { backend, problem } = this;
    const { solution, dynamics } = this.forward;
    const ts = solution.ts;
    const tGrads = new Array<number>(problem.ts.length).fill(0);
    const last = solution.ys.length - 1;
    const q = this.quadrature;
    let a = backend.clone(cotangents[last]);
    const workspace = new IntegrateWorkspace<T>();
    try {
      for (let i = last; i >= 1; i--) {
        // ∂L/∂tᵢ through y(tᵢ) alone; it also seeds the time adjoint (torchdiffeq's convention)
        const fi = dynamics.f(ts[i], solution.ys[i], problem.params);
        const g = backend.dot(fi, cotangents[i]);
        backend.dispose(fi);
        tGrads[i] = g;
        q.aT -= g;
        this.scaleTolerance(a);
        const next = this.solveInterval(ts[i], ts[i - 1], a, workspace, stats);
        backend.dispose(a);
        a = addScaled(backend, next, 1, cotangents[i - 1]);
      }
      tGrads[0] = q.aT;
      const params = this.paramGradients();
      return { y0: a, params, ts: tGrads };
    } catch (e) {
      backend.dispose(a);
      throw e;
    } finally {
      workspace.dispose();
    }
  }

  // without an explicit adjointAtol: the interval's atol from a at its start (see interpolatingTolerance)
  private scaleTolerance(a: T): void {
    if (this.atol !== undefined) return;
    const atol = interpolatingTolerance(this.rtol ?? DEFAULT_RTOL, this.backend.toFloat64Array(a), this.fallbackAtol ?? DEFAULT_ATOL);
    if (atol !== undefined) this.options.atol = atol;
  }

  // a at `to` from a at `from` (not consumed); the quadrature takes every accepted step; a failed solve throws
  private solveInterval(from: number, to: number, a: T, workspace: IntegrateWorkspace<T>, stats: SensitivityStats): T {
    const { backend } = this;
    const options = { ...backwardIntervalOptions(this.forward.options, from, to), ...this.options };
    const sol = integrate({ backend, dynamics: this.adjoint, y0: a, ts: [from, to], params: [], solver: this.opts.solver, options, recorder: this.quadrature, workspace });
    stats.stepsBackward += sol.stats.accepted;
    const failed = solveStatusError(sol, {
      prefix: `The adjoint's backward solve from t = ${from} to t = ${to} failed (${sol.status}):`,
      suffix: 'Loosen adjointRtol/adjointAtol or raise adjointOptions.maxSteps.',
      details: { interval: [from, to] },
    });
    const end = sol.ys[sol.ys.length - 1];
    backend.dispose(sol.ys.filter((y) => y !== end));
    if (failed) {
      backend.dispose(end);
      throw failed;
    }
    return end;
  }

  private paramGradients(): T[] {
    const { backend } = this;
    let off = 0;
    return this.problem.params.map((p) => {
      const size = backend.size(p);
      const g = backend.fromArray(this.quadrature.aTheta.subarray(off, off + size), backend.shape(p));
      off += size;
      return g;
    });
  }
}
