import {
  OdeflowError,
  solveStatusError,
  type Gradients,
  type OdeProblem,
  type Sensitivity,
  type SensitivityContext,
  type SensitivityRun,
  type Solver,
  type TensorBackend,
} from '@odeflow/core';
import { DEFAULT_ATOL, DEFAULT_RTOL, initialStep, integrate, IntegrateWorkspace, type IntegrateOptions } from '@odeflow/solvers';
import { addScaled } from './accumulate.js';
import { adjointTolerance } from './adjoint-tolerance.js';
import { AugmentedDynamics } from './augmented-dynamics.js';
import { checkCotangents } from './check-cotangents.js';
import { CountingDynamics } from './counting-dynamics.js';
import { MemoryMeter } from './memory-meter.js';
import { onceOnly } from './once-only.js';
import { requireSolved } from './require-solved.js';
import { requireVjp } from './require-vjp.js';
import { channelNorm } from './channel-norm.js';
import { readSensitivityOptions } from './sensitivity-options.js';
import { emptyStats } from './sensitivity-stats.js';

// The integration loop's default tolerances (IntegrateOptions), needed when the adjoint picks its own first step.

// Each backward interval after the first starts from this multiple of the previous interval's mean accepted step.
const CARRY_GROWTH = 2;

/** Option keys of the adjoint sensitivity. */
export const ADJOINT_OPTION_KEYS: readonly string[] = Object.freeze([
  'adjointMethod',
  'adjointRtol',
  'adjointAtol',
  'adjointOptions',
  'norm',
]);

/**
 * The adjoint method of Chen et al. (2018), Algorithm 1: the forward solve keeps only its outputs; the
 * backward pass solves the augmented state [z, a, a_θ, a_t] from t_N back to t_0 interval by interval,
 * resetting z to the stored forward output and adding ∂L/∂y(tᵢ) to a at each output time. ∂L/∂tᵢ = ∂L/∂y(tᵢ)ᵀf
 * for i ≥ 1, and ∂L/∂t₀ is the a_t channel (Appendix B; torchdiffeq's convention). Memory does not grow with
 * the number of steps; accuracy is the backward solve's. Each backward interval after the first starts
 * from twice the previous interval's mean accepted step rather than from the first-step heuristic
 * (torchdiffeq restarts it on every interval), which saves about a third of the backward evaluations
 * when the output times are close together. The run's `solution.ys` are the stored forward
 * states the backward pass resets z to: keep them alive until `backward` has run.
 *
 * Options (`sensitivityOptions`): `adjointMethod` (a registered solver name; default the forward solver),
 * `adjointRtol`, `adjointAtol` (default the forward tolerances), `adjointOptions` (integration options of the
 * backward solve, over the forward ones), `norm`: the backward step-acceptance norm — `'mixed'` (default,
 * torchdiffeq's: the largest scaled RMS error over the channels z, a, each parameter's part of a_θ, a_t), `'seminorm'` (the same
 * without a_θ and a_t: fewer backward steps) or `'rms'` (one RMS over the whole flat state).
 */
export class AdjointSensitivity implements Sensitivity {
  /** Registered name. */
  readonly name = 'adjoint';
  /** Accepted sensitivity options. */
  readonly optionKeys: readonly string[] = ADJOINT_OPTION_KEYS;

  /** Solve forward keeping only the outputs; the run's backward solves the augmented system. */
  run<T>(problem: OdeProblem<T>, context: SensitivityContext<T>): SensitivityRun<T> {
    const opts = readSensitivityOptions(this.name, this.optionKeys, context.sensitivityOptions);
    requireVjp(problem.dynamics, this.name);
    const backSolver = backwardSolver(context, opts.adjointMethod);
    const norm = opts.norm ?? 'mixed';
    if (norm !== 'seminorm' && norm !== 'mixed' && norm !== 'rms') {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `Option "norm" of the "adjoint" sensitivity must be 'mixed' (default), 'seminorm' or 'rms'; got ${String(norm)}.`,
      );
    }
    const extra = opts.adjointOptions ?? {};
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
      throw new OdeflowError('INVALID_ARGUMENT', 'Option "adjointOptions" of the "adjoint" sensitivity must be an object of integration options.');
    }
    const { backend } = context;
    const dynamics = new CountingDynamics(problem.dynamics);
    const meter = new MemoryMeter(backend);
    const stats = emptyStats();
    const start = performance.now();
    const solution = integrate({
      backend,
      dynamics,
      y0: problem.y0,
      ts: problem.ts,
      params: problem.params,
      solver: context.solver,
      options: context.options,
    });
    stats.forwardMs = performance.now() - start;
    stats.nfeForward = dynamics.total;
    stats.stepsForward = solution.stats.accepted;
    stats.peakBytes = meter.peak();
    let used = false;
    const method = this.name;
    return {
      solution,
      stats,
      backward(cotangents): Gradients<T> {
        onceOnly(method, used);
        requireSolved(solution, method);
        const yShape = backend.shape(problem.y0);
        checkCotangents(backend, cotangents, solution.ys.length, yShape);
        used = true;
        const begin = performance.now();
        const nfe0 = dynamics.total;
        const aug = new AugmentedDynamics(backend, dynamics, problem.params, yShape);
        const p = aug.sizes[2];
        const forward = context.options as IntegrateOptions<T>;
        const back = extra as IntegrateOptions<T>;
        const rtol = adjointTolerance('adjointRtol', (opts.adjointRtol as number | undefined) ?? back.rtol ?? forward.rtol, aug.sizes);
        const atol = adjointTolerance('adjointAtol', (opts.adjointAtol as number | undefined) ?? back.atol ?? forward.atol, aug.sizes);
        const errorNorm =
          back.norm === undefined && norm !== 'rms'
            ? channelNorm(backend, aug.channels, [true, true, ...problem.params.map(() => norm === 'mixed'), norm === 'mixed'])
            : undefined;
        const tolTensor = (x: number | number[] | undefined, dflt: number) =>
          x === undefined ? dflt : typeof x === 'number' ? x : backend.fromArray(x);
        const firstStep = (state: T, t0: number, direction: 1 | -1) => {
          const r = tolTensor(rtol, DEFAULT_RTOL);
          const a = tolTensor(atol, DEFAULT_ATOL);
          try {
            const f0 = aug.f(t0, state, []);
            try {
              return initialStep(backend, (t, y) => aug.f(t, y, []), t0, state, f0, direction, backSolver.errorOrder ?? backSolver.order, r, a, errorNorm);
            } finally {
              backend.dispose(f0);
            }
          } finally {
            if (typeof r !== 'number') backend.dispose(r);
            if (typeof a !== 'number') backend.dispose(a);
          }
        };
        const ts = solution.ts;
        const tGrads = new Array<number>(problem.ts.length).fill(0);
        const last = solution.ys.length - 1;
        let a = backend.clone(cotangents[last]);
        let aTheta = backend.zeros([p]);
        let aT = 0;
        let carried: number | undefined;
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
            const options: IntegrateOptions<T> = {
              ...backwardOptions(forward, ts[i], ts[i - 1]),
              ...back,
              ...(rtol !== undefined ? { rtol } : {}),
              ...(atol !== undefined ? { atol } : {}),
              ...(errorNorm ? { norm: errorNorm } : {}),
            };
            let sol;
            try {
              if (options.firstStep === undefined && options.stepSize === undefined && options.grid === undefined && backSolver.adaptive) {
                if (carried !== undefined) {
                  // The previous interval already measured the step the backward dynamics allow here. Starting
                  // from it (grown, since that interval's last step was cut to land on its end) spares the
                  // first-step heuristic's two evaluations and its small start: on short intervals that is one
                  // step instead of two.
                  options.firstStep = carried;
                } else if (errorNorm) {
                  // the loop's own first-step heuristic ignores the norm; the seminorm's savings start here
                  options.firstStep = firstStep(state, ts[i], ts[i - 1] < ts[i] ? -1 : 1);
                }
              }
              sol = integrate({ backend, dynamics: aug, y0: state, ts: [ts[i], ts[i - 1]], params: problem.params, solver: backSolver, options, workspace });
            } finally {
              backend.dispose(state);
            }
            stats.stepsBackward += sol.stats.accepted;
            carried = (CARRY_GROWTH * Math.abs(ts[i] - ts[i - 1])) / Math.max(1, sol.stats.accepted);
            const failed = solveStatusError(sol, {
              prefix: `The adjoint's backward solve from t = ${ts[i]} to t = ${ts[i - 1]} failed (${sol.status}):`,
              suffix: 'Loosen adjointRtol/adjointAtol, raise adjointOptions.maxSteps, or use the "checkpointed" sensitivity, which does not backsolve z.',
              details: { interval: [ts[i], ts[i - 1]] },
            });
            if (failed) {
              backend.dispose(sol.ys);
              throw failed;
            }
            const end = sol.ys[sol.ys.length - 1];
            const [z, aFlat, aThetaNew, aTNew] = backend.split(end, aug.sizes);
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
          stats.nfeBackward = dynamics.total - nfe0;
          stats.backwardMs = performance.now() - begin;
          stats.peakBytes = meter.peak();
          return { y0: a, params, ts: tGrads };
        } catch (e) {
          backend.dispose([a, aTheta]);
          throw e;
        } finally {
          workspace.dispose();
        }
      },
      dispose(): void {
        used = true;
      },
    };
  }
}

function backwardSolver<T>(context: SensitivityContext<T>, name: unknown): Solver {
  if (name === undefined) return context.solver;
  if (typeof name !== 'string' || name.length === 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `Option "adjointMethod" must be a solver name such as "dopri5"; got ${String(name)}.`);
  }
  return context.resolveSolver(name);
}

// The forward options that still make sense on the backward interval from → to: events, dense output and
// the first step belong to the forward solve; step and jump points and a grid are cut to the interval.
function backwardOptions<T>(forward: IntegrateOptions<T>, from: number, to: number): IntegrateOptions<T> {
  const { events: _e, dense: _d, firstStep: _f, grid, stepT, jumpT, norm: _n, ...rest } = forward;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const inside = (xs: readonly number[]) => xs.filter((x) => x > lo && x < hi).sort((x, y) => (from > to ? y - x : x - y));
  const out: IntegrateOptions<T> = { ...rest };
  if (stepT) out.stepT = inside(stepT);
  if (jumpT) out.jumpT = inside(jumpT);
  if (grid) out.grid = [from, ...inside(grid), to];
  return out;
}

function splitParams<T>(backend: TensorBackend<T>, flat: T, params: readonly T[]): T[] {
  if (params.length === 0) return [];
  const pieces = backend.split(flat, params.map((x) => backend.size(x)));
  return pieces.map((piece, j) => {
    const shape = backend.shape(params[j]);
    if (shape.length === 1) return piece;
    const shaped = backend.reshape(piece, shape);
    backend.dispose(piece);
    return shaped;
  });
}
