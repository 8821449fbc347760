// The share of a's size at the interval's start held to the relative tolerance: a kick from a cotangent is
// mostly fast modes that decay within the interval, and the slow remainder (far smaller, and amplified later in
// the backward solve on problems with jumps) must keep its digits. 1e-3 keeps the gradient's error at the
// explicit forward atol's (Robertson's fit; Van der Pol through a jump, where 1e-2 lost a digit) and still
// spares the fast modes' tails.
const SHARE = 1e-3;

/**
 * The absolute tolerance of the interpolating adjoint's state a on one backward interval when no adjointAtol is
 * given: per component, max(forward atolⱼ, 10⁻³·adjointRtolⱼ·|aⱼ(tᵢ)|), with a(tᵢ) the adjoint at the interval's start
 * (the cotangent ∂L/∂y(tᵢ) already added). a is in units of the loss per unit of state, the forward atol in units
 * of the state, far below a's scale on stiff problems (1e-14 on Robertson): held to it, the backward solve
 * resolves the fast transient each cotangent excites long after it has decayed below anything the gradient can
 * see. Scaled to a's own size at the interval's start, each component is held to the relative tolerance of a
 * thousandth of what it carried into the interval; a component that starts at zero keeps the forward atol.
 * @param rtol - the adjoint's relative tolerance (scalar or per component)
 * @param a - a(tᵢ) in float64
 * @param fallback - the forward atol (the floor; scalar or per component)
 */
export function interpolatingTolerance(
  rtol: number | readonly number[],
  a: Float64Array,
  fallback: number | number[] | undefined,
): number | number[] | undefined {
  const scale = Array.from(a, Math.abs);
  if (!scale.every(Number.isFinite) || !scale.some((s) => s > 0)) return fallback;
  return scale.map((s, j) => {
    const floor = fallback === undefined ? 0 : typeof fallback === 'number' ? fallback : fallback[j];
    return Math.max(floor, SHARE * (typeof rtol === 'number' ? rtol : rtol[j]) * s);
  });
}
