import type { DenseWeights, Interpolant } from './interpolant.js';
import { polynomialWeightDerivative } from './polynomial-weight-derivative.js';

/**
 * A continuous extension written as y(θ) = y₀ + dt·Σᵢ bᵢ(θ)·kᵢ with weight functions bᵢ(θ) (bᵢ(0) = 0,
 * bᵢ(1) = the method's bᵢ). Tsitouras 5(4) uses one.
 */
export class PolynomialInterpolant implements Interpolant {
  /** Order of the formula. */
  readonly order: number;
  /** One-line description. */
  readonly description: string;
  private readonly b: (theta: number) => number[];
  private readonly db: ((theta: number) => number[]) | undefined;
  // one weights function per stage count, so that its values at the nodes are formed once
  private readonly byCount = new Map<number, (theta: number) => DenseWeights>();

  /**
   * @param b - θ ↦ [b₀(θ), b₁(θ), …], one weight per recorded stage
   * @param order - order of the formula
   * @param description - shown in listings
   * @param db - θ ↦ [b₀'(θ), b₁'(θ), …]; default: differentiated exactly from b's values at nine nodes
   *   (b must then be polynomials of degree ≤ 8)
   */
  constructor(b: (theta: number) => number[], order: number, description: string, db?: (theta: number) => number[]) {
    this.b = b;
    this.db = db;
    this.order = order;
    this.description = description;
  }

  weights(theta: number, kCount: number): DenseWeights {
    const w = this.b(theta);
    const k = new Array<number>(kCount).fill(0);
    for (let i = 0; i < Math.min(kCount, w.length); i++) k[i] = w[i];
    return { y0: 1, y1: 0, k };
  }

  /** d/dθ of the weights: from `db` when given, else exactly from the polynomial weights. */
  derivativeWeights(theta: number, kCount: number): DenseWeights {
    if (!this.db) {
      let w = this.byCount.get(kCount);
      if (!w) this.byCount.set(kCount, (w = (th: number) => this.weights(th, kCount)));
      return polynomialWeightDerivative(w, theta);
    }
    const w = this.db(theta);
    const k = new Array<number>(kCount).fill(0);
    for (let i = 0; i < Math.min(kCount, w.length); i++) k[i] = w[i];
    return { y0: 0, y1: 0, k };
  }
}
