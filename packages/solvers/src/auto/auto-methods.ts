import { tsit5 } from '../methods/tsit5.js';
import { vern7 } from '../methods/vern7.js';
import { vern9 } from '../methods/vern9.js';
import { rodas5p } from '../rosenbrock/rodas5p.js';
import { rosenbrock23 } from '../rosenbrock/rosenbrock23.js';
import type { SteppableSolver } from '../stepper.js';

/** The pair of methods a switching solve runs, chosen once from its tolerance. */
export interface AutoMethods {
  /** The explicit adaptive method (it must offer `Stepper.stiffness`). */
  readonly explicit: SteppableSolver;
  /** |h·λ| where the explicit method's stability region meets the negative real axis: the stiffness bound. */
  readonly bound: number;
  /** The stiff (implicit) method. */
  readonly stiff: SteppableSolver;
}

/**
 * Below this rtol the explicit method is vern7 instead of tsit5: on Lorenz and Pleiades through `odeint`, the
 * 5(4) pairs fall behind from rtol 1e-7 down (bench/solvers/vs-odex.mjs, RESULTS.md). The boundary is the
 * default rtol, so that a solve at default or looser tolerances — fixed-step ones included — steps with tsit5,
 * whose order, interpolant and dense weights `auto` lists.
 */
export const AUTO_VERN7_BELOW = 1e-7;

/**
 * Below this rtol the explicit method is vern9 instead of vern7: from rtol 1e-9 down it is 10–20% faster on
 * both problems (same benchmark). At 1e-8 the two (and dopri8) are within 10% of each other; vern7 keeps that
 * range for its cheaper dense output (5 extra stages per interpolated step against 9).
 */
export const AUTO_VERN9_BELOW = 1e-8;

/**
 * The stiffness bound of vern9 in a switching solve, below its own check's 3.5 (`vern9.stiffnessBound`): a false
 * alarm there costs a few stiff steps and a switch back, where the stiffness check ends the solve, and the
 * earlier verdict pays on Robertson at tight tolerances (f evaluations of the check at rtol 1e-10: 71,262 with
 * 3.5, 22,414 with 3.0).
 */
export const AUTO_VERN9_BOUND = 3.0;

/**
 * Below this rtol the stiff method is rodas5p instead of rosenbrock23: rosenbrock23 (order 2) wins only at
 * loose tolerances, and its step count grows by about 10× per two digits (bench/stiff/auto.mjs).
 */
export const AUTO_RODAS5P_BELOW = 1e-4;

/**
 * The methods of a switching solve at relative tolerance `rtol` (the smallest component's when it is given
 * per component): tsit5, vern7 below rtol {@link AUTO_VERN7_BELOW}, vern9 below {@link AUTO_VERN9_BELOW}, each
 * with the bound of its stiffness test: 3.25 for tsit5 (Hairer's bound for the 5(4) pairs, from dopri5.f; its
 * own region meets the negative real axis at 3.51), 4.64 for vern7 (its `stiffnessBound`, where its region
 * meets the axis), {@link AUTO_VERN9_BOUND} for vern9 (whose region reaches 4.48 but whose step control settles
 * inside it);
 * rosenbrock23 at loose tolerances, rodas5p at tighter ones — the pairings of OrdinaryDiffEq's
 * AutoTsit5(Rosenbrock23()), AutoVern7(Rodas5P()) and AutoVern9(Rodas5P()).
 */
export function autoMethods(rtol: number): AutoMethods {
  const explicit = rtol < AUTO_VERN9_BELOW ? 2 : rtol < AUTO_VERN7_BELOW ? 1 : 0;
  return PAIRS[2 * explicit + (rtol < AUTO_RODAS5P_BELOW ? 1 : 0)];
}

// formed once: a solve allocates no pair of its own
const PAIRS: readonly AutoMethods[] = [
  { explicit: tsit5, bound: 3.25, stiff: rosenbrock23 },
  { explicit: tsit5, bound: 3.25, stiff: rodas5p },
  { explicit: vern7, bound: vern7.stiffnessBound!, stiff: rosenbrock23 },
  { explicit: vern7, bound: vern7.stiffnessBound!, stiff: rodas5p },
  { explicit: vern9, bound: AUTO_VERN9_BOUND, stiff: rosenbrock23 },
  { explicit: vern9, bound: AUTO_VERN9_BOUND, stiff: rodas5p },
];
