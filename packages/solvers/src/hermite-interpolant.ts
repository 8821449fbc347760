import type { DenseWeights, Interpolant } from './interpolant.js';

/**
 * Cubic Hermite interpolation through y₀, y₁, f(t₀, y₀) = k₀ and f(t₁, y₁) = k_last, optionally with a
 * quartic correction θ²(1−θ)²·dt·Σ dᵢkᵢ: Hairer's form
 * y(θ) = y₀ + θΔ + θ(1−θ)(dt·k₀ − Δ) + θ²(1−θ)(2Δ − dt·k₀ − dt·k_last) + θ²(1−θ)²·dt·Σ dᵢkᵢ with Δ = y₁ − y₀.
 * Without the correction it is 3rd order and serves every method that has no interpolant of its own;
 * with Shampine's dᵢ it is Dormand–Prince 5(4)'s 4th-order dense output.
 */
export class HermiteInterpolant implements Interpolant {
  /** Order of the formula. */
  readonly order: number;
  /** One-line description. */
  readonly description: string;
  private readonly d: readonly number[] | undefined;

  /**
   * @param correction - the dᵢ of the quartic correction term (one per recorded stage), or none for the plain cubic
   * @param order - the order of the resulting formula (3 for the plain cubic)
   * @param description - shown in listings
   */
  constructor(correction?: readonly number[], order = 3, description = 'cubic Hermite (y₀, y₁, f₀, f₁)') {
    this.d = correction;
    this.order = order;
    this.description = description;
  }

  weights(theta: number, kCount: number): DenseWeights {
    const A = theta;
    const B = theta * (1 - theta);
    const C = theta * B;
    const D = B * B;
    const wDelta = A - B + 2 * C;
    const k = new Array<number>(kCount).fill(0);
    k[0] += B - C;
    k[kCount - 1] -= C;
    if (this.d) {
      const n = Math.min(this.d.length, kCount);
      for (let i = 0; i < n; i++) k[i] += D * this.d[i];
    }
    return { y0: 1 - wDelta, y1: wDelta, k };
  }
}
