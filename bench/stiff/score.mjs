// How a final state is scored against the reference.

/**
 * Significant correct digits: min over components of −log10(|y − ref| / (|ref| + atol/rtol)) — relative error,
 * with the usual floor atol/rtol so that components far below atol (E5's 1e-290) are scored absolutely.
 */
export function correctDigits(y, ref, rtol, atol) {
  let worst = Infinity;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(y[i] - ref[i]) / (Math.abs(ref[i]) + atol / rtol);
    const d = err === 0 ? 16 : -Math.log10(err);
    if (!(d >= worst)) worst = Number.isNaN(d) ? -Infinity : d;
  }
  return worst;
}

/** The digits item 6 asks for at this tolerance: those of rtol minus one (E5: 2, the limit of double precision there). */
export function digitsTarget(problem, rtol) {
  return problem.name === 'e5' ? 2 : -Math.log10(rtol) - 1;
}

/** Median of a non-empty list. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
