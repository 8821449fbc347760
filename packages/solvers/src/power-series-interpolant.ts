import { OdeflowError } from '@odeflow/core';
import type { DenseWeights, Interpolant } from './interpolant.js';

/**
 * A continuous extension given as polynomial coefficients, as Verner publishes his: each row `[i, [p₁, …, p_d]]`
 * gives recorded stage i the weight bᵢ(θ) = p₁θ + p₂θ² + … + p_dθ^d (stages not listed weigh 0), and
 * y(θ) = y₀ + dt·Σᵢ bᵢ(θ)·kᵢ. Weights and their θ-derivatives are evaluated by Horner's rule, so any degree
 * works (the generic derivative of {@link PolynomialInterpolant} stops at degree 8, below Verner's 9th-order
 * one). At θ = 1 the weights are those of y₁ itself: large coefficients that cancel (Verner's reach 1e4) round
 * at about 1e-12, and a step's end must be its solution exactly.
 */
export class PowerSeriesInterpolant implements Interpolant {
  /** Order of the formula. */
  readonly order: number;
  /** One-line description. */
  readonly description: string;
  private readonly rows: readonly (readonly [number, readonly number[]])[];
  private readonly width: number;

  /**
   * @param rows - the stages' coefficients of θ¹ … θ^d
   * @param order - order of the interpolation formula
   * @param description - shown in listings
   * @throws OdeflowError INVALID_TABLEAU when a stage is listed twice or a coefficient is not finite
   */
  constructor(rows: readonly (readonly [number, readonly number[]])[], order: number, description: string) {
    const seen = new Set<number>();
    for (const [i, p] of rows) {
      if (!Number.isInteger(i) || i < 0 || seen.has(i)) {
        throw new OdeflowError('INVALID_TABLEAU', `Interpolant "${description}": stage index ${i} is not a new non-negative integer.`);
      }
      seen.add(i);
      if (!p.every(Number.isFinite)) {
        throw new OdeflowError('INVALID_TABLEAU', `Interpolant "${description}": stage ${i} has a non-finite coefficient.`);
      }
    }
    this.rows = rows.map(([i, p]) => [i, Object.freeze([...p])] as const);
    this.width = rows.reduce((m, [i]) => Math.max(m, i + 1), 0);
    this.order = order;
    this.description = description;
  }

  weights(theta: number, kCount: number): DenseWeights {
    const k = new Array<number>(Math.max(kCount, this.width)).fill(0);
    if (theta === 1) return { y0: 0, y1: 1, k: k.slice(0, kCount) };
    for (const [i, p] of this.rows) {
      let v = 0;
      for (let m = p.length - 1; m >= 0; m--) v = v * theta + p[m];
      k[i] = v * theta;
    }
    return { y0: 1, y1: 0, k: k.slice(0, kCount) };
  }

  derivativeWeights(theta: number, kCount: number): DenseWeights {
    const k = new Array<number>(Math.max(kCount, this.width)).fill(0);
    for (const [i, p] of this.rows) {
      let v = 0;
      for (let m = p.length - 1; m >= 0; m--) v = v * theta + (m + 1) * p[m];
      k[i] = v;
    }
    return { y0: 0, y1: 0, k: k.slice(0, kCount) };
  }
}
