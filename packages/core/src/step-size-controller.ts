/**
 * Tolerances and step-size policy of a solve. Every field has a default; all values are JS numbers (float64).
 */
export interface StepSizeControllerOptions {
  /** Relative tolerance: scalar or one per component. */
  readonly rtol?: number | readonly number[];
  /** Absolute tolerance: scalar or one per component. */
  readonly atol?: number | readonly number[];
  /** Safety factor applied to the optimal step (default 0.9). */
  readonly safety?: number;
  /** Smallest factor a step may shrink by (default 0.2). */
  readonly factorMin?: number;
  /** Largest factor a step may grow by (default 10). */
  readonly factorMax?: number;
  /** Smallest step allowed before the solve fails with STEP_SIZE_UNDERFLOW. */
  readonly dtMin?: number;
  /** Largest step allowed. */
  readonly dtMax?: number;
  /** First step; Hairer's heuristic when absent. */
  readonly firstStep?: number;
  /** Proportional coefficient of the PI controller (default 0: integral-only). */
  readonly pcoeff?: number;
  /** Integral coefficient of the PI controller (default 1). */
  readonly icoeff?: number;
}

/**
 * Chooses the next step from the scaled error norm of the last attempt. Implementations are small
 * strategy objects bound by name under `TOKENS.StepSizeController` (`pi`, the default, and `constant`);
 * a controller of your own bound under a name of its own is used when a solve names it. The integration
 * loop calls {@link StepSizeController.decide} once per attempted step and reads the decision at once,
 * so a controller may return the same (mutated) decision object every time to allocate nothing.
 */
export interface StepSizeController {
  /** Registered name. */
  readonly name: string;
  /** Whether this controller adapts the step from error estimates. */
  readonly adaptive: boolean;
  /**
   * Decide on an attempted step.
   * @param errNorm - scaled RMS error norm of the attempt (≤ 1 means within tolerance)
   * @param dt - the attempted step
   * @param errorOrder - order of the error estimator (the exponent is 1/(errorOrder+1))
   * @param prevErrNorm - the error norm of the previous accepted step (for PI control)
   */
  decide(errNorm: number, dt: number, errorOrder: number, prevErrNorm: number): StepDecision;
  /**
   * Optional: the controller to use for one solve with that solve's options (safety, factor bounds, PI
   * coefficients), e.g. a copy with those coefficients. Without it the controller is used as it is.
   */
  configure?(options: StepSizeControllerOptions): StepSizeController;
}

/** A controller's verdict on one attempted step. */
export interface StepDecision {
  /** Whether the attempt is within tolerance. */
  readonly accept: boolean;
  /** The step to try next (from the accepted point, or again from the same point after a rejection). */
  readonly dtNext: number;
}
