/** Highest order of the variable-order BDF/NDF method. */
export const MAX_ORDER = 5;

/**
 * Klopfenstein–Shampine NDF constants κₖ (Shampine & Reichelt, "The MATLAB ODE suite", 1997, Table 1; as in
 * SciPy's `bdf.py`): order k's formula is BDFₖ minus κₖ·γₖ times its (k+1)-th difference, which widens the
 * step at equal stability for orders 1–4 (order 5 keeps κ = 0, plain BDF5, for its stability angle).
 */
const KAPPA = [0, -0.185, -1 / 9, -0.0823, -0.0415, 0];

/** γₖ = Σⱼ₌₁ᵏ 1/j: the BDF coefficients in backward-difference form (γ₀ = 0). */
export const GAMMA: readonly number[] = KAPPA.map((_, k) => {
  let s = 0;
  for (let j = 1; j <= k; j++) s += 1 / j;
  return s;
});

/** αₖ = (1 − κₖ)·γₖ: the NDF's leading coefficient; the Newton matrix of order k is I − (h/αₖ)·J. */
export const ALPHA: readonly number[] = KAPPA.map((kappa, k) => (1 - kappa) * GAMMA[k]);

/** Error constants κₖγₖ + 1/(k+1): the local error of order k is this times the (k+1)-th difference. */
export const ERROR_CONST: readonly number[] = KAPPA.map((kappa, k) => kappa * GAMMA[k] + 1 / (k + 1));

/** Newton iterations allowed per attempt before it counts as a failure. */
export const NEWTON_MAX_ITERATIONS = 4;

/**
 * Newton stops when its predicted remaining error is below this fraction of the error weights
 * (atol + rtol·|y|): 3% of the tolerance, well below what the error test allows. SciPy takes
 * min(0.03, √rtol), which at tight tolerances spends about 20% more f evaluations on the benchmark set
 * for no digit gained.
 */
export const NEWTON_TOLERANCE = 0.03;

/**
 * The carried Newton convergence rate decays by this factor per iteration unless a larger rate is measured
 * (CVODE's CRDOWN), so one slow iteration long ago does not keep forcing a second iteration.
 */
export const NEWTON_RATE_DECAY = 0.3;

/**
 * The LU of I − c·J is kept while c = h/αₖ stays within this relative distance of the c it was built for
 * (CVODE's dgmax), the Newton corrections scaled by 2/(1 + c/c_LU) to make up for it.
 */
export const LU_REUSE = 0.2;

/**
 * J is re-evaluated after this many accepted steps even when Newton still converges with it (as CVODE's
 * MSBJ), since a fresher J converges faster.
 */
export const JACOBIAN_MAX_AGE = 50;

/** Smallest step factor after a rejected step. */
export const MIN_FACTOR = 0.2;

/** Largest step factor after an order/step decision. */
export const MAX_FACTOR = 10;

/**
 * The scaled local error estimates are multiplied by this before they are compared with 1. With SciPy's
 * plain estimate the global error on the stiff benchmark set (Robertson at rtol 1e-8, HIRES at 1e-4) ended
 * a few tenths of a digit short of "digits of rtol − 1"; a factor 3 gives that margin for about 15% more steps.
 */
export const ERROR_SAFETY = 3;
