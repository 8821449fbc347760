import type { StepMethod } from '@odeflow/solvers';

/**
 * Write a step's dense output at fraction θ into `out`: w.y0·y₀ + w.y1·y₁ + dt·Σⱼ w.k[j]·kⱼ with the method's
 * weights, on float64 copies of the step's data (the step's end state itself at θ = 1).
 */
export function denseCombination(
  solver: StepMethod,
  theta: number,
  dt: number,
  y0: Float64Array,
  y1: Float64Array,
  k: readonly Float64Array[],
  out: Float64Array,
): void {
  if (theta === 1) {
    out.set(y1);
    return;
  }
  const w = solver.denseWeights(theta);
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = w.y0 * y0[i] + w.y1 * y1[i];
  for (let j = 0; j < k.length; j++) {
    const c = dt * w.k[j];
    if (c === 0) continue;
    const kj = k[j];
    for (let i = 0; i < n; i++) out[i] += c * kj[i];
  }
}
