import { OdeflowError } from '@odeflow/core';
import { PolynomialInterpolant } from './polynomial-interpolant.js';

/**
 * The weights of a continuous extension given as polynomial coefficients, as Verner publishes them:
 * each entry `[i, [p₁, …, p_d]]` gives recorded stage i the weight bᵢ(θ) = p₁θ + p₂θ² + … + p_dθ^d (stages
 * not listed weigh 0). Weights and their θ-derivatives are evaluated by Horner's rule, so any degree works
 * (the generic derivative of {@link PolynomialInterpolant} stops at degree 8, below Verner's 9th-order one).
 * @param rows - the stages' coefficients of θ¹ … θ^d
 * @param order - order of the interpolation formula
 * @param description - shown in listings
 * @throws OdeflowError INVALID_TABLEAU when a stage is listed twice or a coefficient is not finite
 */
export function powerSeriesInterpolant(
  rows: readonly (readonly [number, readonly number[]])[],
  order: number,
  description: string,
): PolynomialInterpolant {
  const width = rows.reduce((m, [i]) => Math.max(m, i + 1), 0);
  const seen = new Set<number>();
  for (const [i, p] of rows) {
    if (!Number.isInteger(i) || i < 0 || seen.has(i)) {
      throw new OdeflowError('INVALID_TABLEAU', `Interpolant "${description}": stage index ${i} is invalid or listed twice.`);
    }
    seen.add(i);
    if (!p.every(Number.isFinite)) {
      throw new OdeflowError('INVALID_TABLEAU', `Interpolant "${description}": stage ${i} has a non-finite coefficient.`);
    }
  }
  const b = (theta: number): number[] => {
    const w = new Array<number>(width).fill(0);
    for (const [i, p] of rows) {
      let v = 0;
      for (let m = p.length - 1; m >= 0; m--) v = v * theta + p[m];
      w[i] = v * theta;
    }
    return w;
  };
  const db = (theta: number): number[] => {
    const w = new Array<number>(width).fill(0);
    for (const [i, p] of rows) {
      let v = 0;
      for (let m = p.length - 1; m >= 0; m--) v = v * theta + (m + 1) * p[m];
      w[i] = v;
    }
    return w;
  };
  return new PolynomialInterpolant(b, order, description, db);
}
