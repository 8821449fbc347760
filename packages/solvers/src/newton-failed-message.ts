/**
 * The message of a solve that ends with status `newton_failed` at time `t`: on a fixed grid (`fixed`) the
 * first step whose Newton iteration did not converge, otherwise the point where shrinking the step after
 * Newton failures reached what t can resolve (or dtMin). With `singular` the failure was a singular iteration
 * matrix (a Rosenbrock step's W) rather than a Newton iteration that did not converge.
 */
export function newtonFailedMessage(t: number, fixed: boolean, singular = false): string {
  if (singular) {
    const what = `The iteration matrix I − h·γ·J of the implicit method was singular (or overflowed)`;
    const check = 'check ∂f/∂y near this time (the jacobian option or the dynamics\' jacobian): entries so large that h·γ·J overflows, or a Jacobian that does not belong to f';
    return fixed
      ? `${what} in the fixed step from t = ${t}. Use a smaller stepSize (or an adaptive method), and ${check}.`
      : `${what} near t = ${t}, and shrinking the step did not make it invertible before the step underflowed. Try a smaller first step (firstStep), and ${check}.`;
  }
  const jacobian = 'or a better Jacobian (the exact ∂f/∂y, e.g. odeint\'s jacobian option, instead of an approximate one)';
  if (fixed) {
    return (
      `The Newton iteration of the implicit method did not converge in the fixed step from t = ${t}. ` +
      `Use a smaller stepSize (or an adaptive method), allow more Newton iterations, ${jacobian}.`
    );
  }
  return (
    `The Newton iteration of the implicit method kept failing near t = ${t}, and shrinking the step did not help ` +
    `before it underflowed. Try a smaller first step (firstStep), looser rtol/atol, more Newton iterations, ${jacobian}.`
  );
}
