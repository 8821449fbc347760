import { dopri8 } from '../methods/dopri8.js';
import { tsit5 } from '../methods/tsit5.js';
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
 * Below this rtol the explicit method is dopri8 instead of tsit5: on the Lorenz system over [0, 20] dopri8 is
 * about 1.4× faster than tsit5 at rtol 1e-8, 1.3× at 1e-7 and as fast at 1e-6 (bench/stiff/auto.mjs). The
 * boundary is the default rtol, so that a solve at default or looser tolerances — fixed-step ones included —
 * steps with tsit5, whose order, interpolant and dense weights `auto` lists.
 */
export const AUTO_DOPRI8_BELOW = 1e-7;

/**
 * Below this rtol the stiff method is rodas5p instead of rosenbrock23: rosenbrock23 (order 2) wins only at
 * loose tolerances, and its step count grows by about 10× per two digits (bench/stiff/auto.mjs).
 */
export const AUTO_RODAS5P_BELOW = 1e-4;

/**
 * The methods of a switching solve at relative tolerance `rtol` (the smallest component's when it is given
 * per component): tsit5, or dopri8 at tight tolerances, with the stiffness bounds of their authors' codes
 * (3.25 as in Hairer's dopri5.f for the two 5(4) pairs; 6.1 as in dop853.f); rosenbrock23 at loose
 * tolerances, rodas5p at tighter ones — the pairings of OrdinaryDiffEq's AutoTsit5(Rosenbrock23()) and
 * AutoVern7(Rodas5P()).
 */
export function autoMethods(rtol: number): AutoMethods {
  return PAIRS[(rtol < AUTO_DOPRI8_BELOW ? 2 : 0) + (rtol < AUTO_RODAS5P_BELOW ? 1 : 0)];
}

// formed once: a solve allocates no pair of its own
const PAIRS: readonly AutoMethods[] = [
  { explicit: tsit5, bound: 3.25, stiff: rosenbrock23 },
  { explicit: tsit5, bound: 3.25, stiff: rodas5p },
  { explicit: dopri8, bound: 6.1, stiff: rosenbrock23 },
  { explicit: dopri8, bound: 6.1, stiff: rodas5p },
];
