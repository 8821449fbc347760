/**
 * The message of a solve that ends with status `newton_failed` at time `t`: on a fixed grid (`fixed`) the
 * first step whose Newton iteration did not converge, otherwise the point where shrinking the step after
 * Newton failures reached what t can resolve (or dtMin).
 */
export function newtonFailedMessage(t: number, fixed: boolean): string {
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
