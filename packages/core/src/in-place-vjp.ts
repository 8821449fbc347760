import type { Dynamics } from './dynamics.js';

/** Where {@link InPlaceVjp.vjpInto} writes its results (tensors of the dynamics' backend, preallocated). */
export interface VjpIntoTargets<T> {
  /** Receives aᵀ ∂f/∂y (y's shape); overwritten. */
  readonly y: T;
  /** Receive aᵀ ∂f/∂θᵢ, one per parameter; overwritten, or added to when accumulating. */
  readonly params: readonly T[];
  /** Receives f(t, y, θ) when given; overwritten. */
  readonly f?: T;
}

/**
 * An allocation-free vector–Jacobian product, offered by dynamics on mutable backends (hand-written
 * dynamics on the js backend). A backpropagation through many solver stages can sum the parameter
 * cotangents straight into its accumulators (`accumulate = true`) instead of allocating one set of
 * tensors per stage and adding them up. An optional extension of {@link Dynamics}; detect it with {@link hasVjpInto}.
 */
export interface InPlaceVjp<T> {
  /**
   * Compute aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] at (t, y, θ) into `out`.
   * @param accumulate - add the parameter cotangents to `out.params` instead of overwriting them
   * @returns aᵀ ∂f/∂t
   */
  vjpInto(t: number, y: T, a: T, params: readonly T[], out: VjpIntoTargets<T>, accumulate?: boolean): number;
}

/** True when `dynamics` offers {@link InPlaceVjp.vjpInto}. */
export function hasVjpInto<T>(dynamics: Dynamics<T>): dynamics is Dynamics<T> & InPlaceVjp<T> {
  return typeof (dynamics as Partial<InPlaceVjp<T>>).vjpInto === 'function';
}
