import { OdeflowError, type SensitivityContext, type Solver } from '@odeflow/core';
import type { IntegrateOptions } from '@odeflow/solvers';
import type { ForwardOptions } from './forward-options.js';
import type { UncheckedOptions } from './sensitivity-options.js';

/**
 * The backward step-acceptance norm of the adjoint: `'mixed'` (torchdiffeq's: the largest scaled RMS error over
 * the channels z, a, each parameter's part of a_θ, a_t), `'seminorm'` (the same without a_θ and a_t: fewer
 * backward steps) or `'rms'` (one RMS over the whole flat state).
 */
export type AdjointNorm = 'mixed' | 'seminorm' | 'rms';

/**
 * Where the adjoint's backward pass takes z(t) from: `'backsolve'` integrates z backward with a (memory does not
 * grow with the steps, but unstable on stiff problems), `'interpolate'` reads it from the stored forward solution
 * (memory O(forward steps); stable wherever the forward solve was).
 */
export type AdjointState = 'backsolve' | 'interpolate';

/** Options of the adjoint sensitivity. */
export interface AdjointOptions {
  /** A registered solver name for the backward solve (default: the forward solver). */
  readonly adjointMethod?: string;
  /** Relative tolerance of the backward solve (default the forward one): scalar, per state or per adjoint component. */
  readonly adjointRtol?: number | readonly number[];
  /**
   * Absolute tolerance of the backward solve: scalar, per state or per adjoint component. Default with
   * `adjointState: 'backsolve'`: the forward one. Default with `'interpolate'`: on each output interval, per
   * component, max(forward atolⱼ, 10⁻³·adjointRtolⱼ·|aⱼ(tᵢ)|) with a(tᵢ) the adjoint at the interval's start (the
   * forward atol is in units of the state, far below a's scale on stiff problems). A given value always wins.
   */
  readonly adjointAtol?: number | readonly number[];
  /** Integration options of the backward solve, over the forward ones. */
  readonly adjointOptions?: ForwardOptions;
  /** The backward step-acceptance norm (default `'mixed'`); `'backsolve'` only (the interpolating state is a alone). */
  readonly norm?: AdjointNorm;
  /**
   * Where z(t) comes from in the backward pass (see {@link AdjointState}); default `'interpolate'` when the forward
   * solver is implicit (stiff problems), `'backsolve'` otherwise.
   */
  readonly adjointState?: AdjointState;
}

/** Option keys of the adjoint sensitivity. */
export const ADJOINT_OPTION_KEYS: readonly (keyof AdjointOptions)[] = Object.freeze([
  'adjointMethod',
  'adjointRtol',
  'adjointAtol',
  'adjointOptions',
  'norm',
  'adjointState',
]);

/** The adjoint's options with their values checked and defaults resolved. */
export interface CheckedAdjointOptions<T> {
  /** The backward solver. */
  readonly solver: Solver;
  /** The backward step-acceptance norm. */
  readonly norm: AdjointNorm;
  /** Where z(t) comes from in the backward pass. */
  readonly state: AdjointState;
  /** `adjointRtol` as given (checked against the augmented state's size later). */
  readonly rtol: number | readonly number[] | undefined;
  /** `adjointAtol` as given. */
  readonly atol: number | readonly number[] | undefined;
  /** `adjointOptions`, for the augmented state's tensors. */
  readonly backward: IntegrateOptions<T>;
}

/**
 * Check the adjoint's option values (INVALID_ARGUMENT, or UNKNOWN_NAME for an unknown `adjointMethod`).
 * @param opts - the options, keys already checked
 */
export function checkAdjointOptions<T>(
  context: SensitivityContext<T, ForwardOptions, AdjointOptions>,
  opts: UncheckedOptions<AdjointOptions>,
): CheckedAdjointOptions<T> {
  const solver = backwardSolver(context, opts.adjointMethod);
  const norm = opts.norm ?? 'mixed';
  if (norm !== 'seminorm' && norm !== 'mixed' && norm !== 'rms') {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `Option "norm" of the "adjoint" sensitivity must be 'mixed' (default), 'seminorm' or 'rms'; got ${String(norm)}.`,
    );
  }
  const state = opts.adjointState ?? (context.solver.implicit ? 'interpolate' : 'backsolve');
  if (state !== 'backsolve' && state !== 'interpolate') {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `Option "adjointState" of the "adjoint" sensitivity must be 'interpolate' (z from the stored forward solution; ` +
        `default for implicit solvers) or 'backsolve' (z integrated backward; default otherwise); got ${String(state)}.`,
    );
  }
  const extra = opts.adjointOptions ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
    throw new OdeflowError('INVALID_ARGUMENT', 'Option "adjointOptions" of the "adjoint" sensitivity must be an object of integration options.');
  }
  return {
    solver,
    norm,
    state,
    // adjointTolerance checks them once the augmented state's size is known
    rtol: opts.adjointRtol as number | readonly number[] | undefined,
    atol: opts.adjointAtol as number | readonly number[] | undefined,
    backward: extra as IntegrateOptions<T>,
  };
}

function backwardSolver<T>(context: SensitivityContext<T, ForwardOptions, AdjointOptions>, name: unknown): Solver {
  if (name === undefined) return context.solver;
  if (typeof name !== 'string' || name.length === 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `Option "adjointMethod" must be a solver name such as "dopri5"; got ${String(name)}.`);
  }
  return context.resolveSolver(name);
}
