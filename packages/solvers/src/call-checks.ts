/**
 * Dynamics that check every evaluation of a user function (its length, its types, that every value is
 * finite) can offer to check only some of them: `checkCalls(false)` lets evaluations skip the checks,
 * `checkCalls(true)` restores them. The integration loop turns them off once the solve's first evaluations
 * have passed and vouches for the rest through each attempted step's error norm, which is NaN or ∞ when
 * any stage was not finite: such an attempt is run again with the checks on, so that the evaluation that
 * went wrong fails with its own coded error and time, as it would have with every call checked. It does so for
 * explicit methods only: an implicit method's attempt carries Newton iterates and Jacobians into the next, so
 * it keeps every call checked. Dynamics without it are left alone.
 */
export interface CallChecks {
  /** Check every evaluation (`true`, the state a dynamics must start in) or skip the checks (`false`). */
  checkCalls(every: boolean): void;
}

/** The dynamics' {@link CallChecks.checkCalls}, bound, when it has one. */
export function callChecks(dynamics: object): ((every: boolean) => void) | undefined {
  const fn = (dynamics as Partial<CallChecks>).checkCalls;
  return typeof fn === 'function' ? fn.bind(dynamics) : undefined;
}
