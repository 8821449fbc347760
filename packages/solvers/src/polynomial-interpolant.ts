import type { DenseWeights, Interpolant } from './interpolant.js';

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

  /**
   * @param b - θ ↦ [b₀(θ), b₁(θ), …], one weight per recorded stage
   * @param order - order of the formula
   * @param description - shown in listings
   */
  constructor(b: (theta: number) => number[], order: number, description: string) {
    this.b = b;
    this.order = order;
    this.description = description;
  }

  weights(theta: number, kCount: number): DenseWeights {
    const w = this.b(theta);
    const k = new Array<number>(kCount).fill(0);
    for (let i = 0; i < Math.min(kCount, w.length); i++) k[i] = w[i];
    return { y0: 1, y1: 0, k };
  }
}
