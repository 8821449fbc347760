/** Whether a solver brings the step-size controller it runs with when the solve names none (`defaultController`). */
export function methodControlled(solver: object): boolean {
  return typeof (solver as { defaultController?: unknown }).defaultController === 'function';
}
