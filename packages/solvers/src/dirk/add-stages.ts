/**
 * out ← out + h·Σⱼ<count coeffs[j]·ks[j] over float64 stage derivatives, skipping zero coefficients: the
 * stage bases, predictors and error estimate of a diagonally implicit step (allocation-free).
 */
export function addStages(out: Float64Array, h: number, coeffs: readonly number[], count: number, ks: readonly Float64Array[]): void {
  const n = out.length;
  for (let j = 0; j < count; j++) {
    const w = h * coeffs[j];
    if (w === 0) continue;
    const kj = ks[j];
    for (let q = 0; q < n; q++) out[q] += w * kj[q];
  }
}
