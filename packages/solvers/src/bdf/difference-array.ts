import { MAX_ORDER } from './bdf-coefficients.js';

/** Rows of the array: differences 0 … order + 2 of the highest order. */
const ROWS = MAX_ORDER + 3;

/**
 * The modified divided differences D₀ … D_{k+2} of a variable-order BDF method on a quasi-constant step h
 * (Shampine & Reichelt 1997): D₀ = yₙ and Dⱼ = ∇ʲyₙ, the backward differences of the interpolating
 * polynomial on the grid tₙ, tₙ − h, tₙ − 2h, …. When h changes, the grid is replaced by one with the new
 * step and the differences are re-interpolated onto it ({@link DifferenceArray.rescale}), so every formula
 * keeps constant-step coefficients. Rows are float64, stored one after another; nothing allocates after
 * construction.
 */
export class DifferenceArray {
  /** The rows, row j at [j·n, (j + 1)·n). */
  readonly data: Float64Array;
  private readonly scratch: Float64Array;
  private readonly r: Float64Array;
  private readonly ru: Float64Array;

  /** @param n - number of state components */
  constructor(readonly n: number) {
    this.data = new Float64Array(ROWS * n);
    this.scratch = new Float64Array((MAX_ORDER + 1) * n);
    const m = (MAX_ORDER + 1) * (MAX_ORDER + 1);
    this.r = new Float64Array(m);
    this.ru = new Float64Array(m);
  }

  /** out ← scale·Dⱼ (no view is made: subarrays would allocate in the hot loop). */
  scaledRow(j: number, scale: number, out: Float64Array): void {
    const { data, n } = this;
    const o = j * n;
    for (let i = 0; i < n; i++) out[i] = scale * data[o + i];
  }

  /** Restart at order 1: D₀ = y, D₁ = h·f, every higher difference 0. */
  restart(y: Float64Array, f: Float64Array, h: number): void {
    const { data, n } = this;
    data.fill(0);
    data.set(y, 0);
    for (let i = 0; i < n; i++) data[n + i] = h * f[i];
  }

  /** Re-interpolate D₀ … D_order onto the grid of step h·factor: the same polynomial, new differences. */
  rescale(order: number, factor: number): void {
    const { r, ru, data, scratch, n } = this;
    const m = order + 1;
    const u = US[order - 1];
    fillR(r, m, factor);
    // RU = R·U; D_new[j] = Σᵢ RU[i][j]·D_old[i] (SciPy's change_D); U is upper triangular (U[q][j] = 0 for q > j)
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let q = 0; q <= j; q++) s += r[i * m + q] * u[q * m + j];
        ru[i * m + j] = s;
      }
    }
    scratch.fill(0, 0, m * n);
    for (let j = 0; j < m; j++) {
      const out = j * n;
      for (let i = 0; i < m; i++) {
        const c = ru[i * m + j];
        if (c === 0) continue;
        const src = i * n;
        for (let q = 0; q < n; q++) scratch[out + q] += c * data[src + q];
      }
    }
    for (let i = 0; i < m * n; i++) data[i] = scratch[i];
  }

  /** out ← Σⱼ₌₀ᵏ Dⱼ: the predictor of order k at tₙ + h. */
  predict(order: number, out: Float64Array): void {
    const { data, n } = this;
    for (let i = 0; i < n; i++) out[i] = data[i];
    for (let j = 1; j <= order; j++) {
      const o = j * n;
      for (let i = 0; i < n; i++) out[i] += data[o + i];
    }
  }

  /** out ← Σⱼ₌₁ᵏ γⱼ·Dⱼ / αₖ: the known part of the NDF equation of order k. */
  psi(order: number, gamma: readonly number[], alpha: number, out: Float64Array): void {
    const { data, n } = this;
    out.fill(0);
    for (let j = 1; j <= order; j++) {
      const c = gamma[j] / alpha;
      const o = j * n;
      for (let i = 0; i < n; i++) out[i] += c * data[o + i];
    }
  }

  /**
   * Take the accepted step of order k with correction d = y₁ − predictor (= D^{k+1} at the new point):
   * D_{k+2} ← d − D_{k+1}, D_{k+1} ← d, Dᵢ ← Dᵢ + Dᵢ₊₁ for i = k … 0, so D₀ becomes y₁.
   */
  update(order: number, d: Float64Array): void {
    const { data, n } = this;
    const o1 = (order + 1) * n;
    const o2 = (order + 2) * n;
    for (let i = 0; i < n; i++) {
      data[o2 + i] = d[i] - data[o1 + i];
      data[o1 + i] = d[i];
    }
    for (let j = order; j >= 0; j--) {
      const o = j * n;
      const p = o + n;
      for (let i = 0; i < n; i++) data[o + i] += data[p + i];
    }
  }
}

/** R[i][j] = Πₘ₌₁ⁱ (m − 1 − factor·j)/m (R[0][j] = 1): re-interpolation onto a grid of step factor·h. */
function fillR(out: Float64Array, m: number, factor: number): void {
  for (let j = 0; j < m; j++) out[j] = 1;
  for (let i = 1; i < m; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = out[(i - 1) * m + j] * ((i - 1 - factor * j) / i);
  }
}

/** U of each order (R at factor 1), which depends neither on the step nor on the system: index order − 1. */
const US: readonly Float64Array[] = Array.from({ length: MAX_ORDER }, (_, k) => {
  const u = new Float64Array((k + 2) * (k + 2));
  fillR(u, k + 2, 1);
  return u;
});
