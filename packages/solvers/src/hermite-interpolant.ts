import type { DenseWeights, Interpolant } from './interpolant.js';

/** A correction term θᵖ(1−θ)^q·dt·Σᵢ dᵢkᵢ added to the cubic Hermite interpolant. */
export interface HermiteCorrection {
  /** Power of θ. */
  readonly p: number;
  /** Power of (1 − θ). */
  readonly q: number;
  /** Coefficient of each recorded stage. */
  readonly d: readonly number[];
}

/**
 * Cubic Hermite interpolation through y₀, y₁, f(t₀, y₀) = k₀ and f(t₁, y₁) = k_last, optionally with a
 * correction terms θᵖ(1−θ)^q·dt·Σ dᵢkᵢ (Hairer's form):
 * y(θ) = y₀ + θΔ + θ(1−θ)(dt·k₀ − Δ) + θ²(1−θ)(2Δ − dt·k₀ − dt·k_last) + Σ corrections, with Δ = y₁ − y₀
 * and k_last = f(t₁, y₁) (the stage at index `f1Index`). Without corrections it is 3rd order and serves
 * every method that has no interpolant of its own; with Shampine's θ²(1−θ)² term it is Dormand–Prince
 * 5(4)'s 4th-order dense output, and with four terms DOP853's 7th-order one. Every term vanishes at
 * θ = 0 and θ = 1, so the interpolant passes exactly through y₀ and y₁.
 */
export class HermiteInterpolant implements Interpolant {
  /** Order of the formula. */
  readonly order: number;
  /** One-line description. */
  readonly description: string;
  private readonly corrections: readonly HermiteCorrection[];
  private readonly f1Index: number | undefined;

  /**
   * @param corrections - correction terms (none for the plain cubic)
   * @param order - the order of the resulting formula (3 for the plain cubic)
   * @param description - shown in listings
   * @param f1Index - index of f(t₁, y₁) among the recorded stages (default: the last one)
   */
  constructor(corrections: readonly HermiteCorrection[] = [], order = 3, description = 'cubic Hermite (y₀, y₁, f₀, f₁)', f1Index?: number) {
    this.corrections = corrections;
    this.order = order;
    this.description = description;
    this.f1Index = f1Index;
  }

  weights(theta: number, kCount: number): DenseWeights {
    return this.weightsInto(theta, kCount, { y0: 0, y1: 0, k: new Array<number>(kCount) });
  }

  /** {@link HermiteInterpolant.weights} written into `out`, allocating nothing. */
  weightsInto(theta: number, kCount: number, out: DenseWeights): DenseWeights {
    const A = theta;
    const B = theta * (1 - theta);
    const C = theta * B;
    const wDelta = A - B + 2 * C;
    const k = out.k;
    if (k.length !== kCount) k.length = kCount;
    k.fill(0);
    k[0] += B - C;
    k[this.f1Index ?? kCount - 1] -= C;
    for (const { p, q, d } of this.corrections) {
      const w = power(theta, p) * power(1 - theta, q);
      const n = Math.min(d.length, kCount);
      for (let i = 0; i < n; i++) k[i] += w * d[i];
    }
    out.y0 = 1 - wDelta;
    out.y1 = wDelta;
    return out;
  }

  /** d/dθ of the weights: each term of {@link HermiteInterpolant.weights} differentiated in θ. */
  derivativeWeights(theta: number, kCount: number): DenseWeights {
    const dB = 1 - 2 * theta;
    const dC = theta * (2 - 3 * theta);
    const dDelta = 1 - dB + 2 * dC;
    const k = new Array<number>(kCount).fill(0);
    k[0] += dB - dC;
    k[this.f1Index ?? kCount - 1] -= dC;
    for (const { p, q, d } of this.corrections) {
      // d/dθ θᵖ(1−θ)^q = θ^(p−1)(1−θ)^(q−1)·(p(1−θ) − qθ)
      const w = power(theta, p - 1) * power(1 - theta, q - 1) * (p * (1 - theta) - q * theta);
      const n = Math.min(d.length, kCount);
      for (let i = 0; i < n; i++) k[i] += w * d[i];
    }
    return { y0: -dDelta, y1: dDelta, k };
  }
}

// xᵖ by repeated multiplication for the small whole powers of the corrections (Math.pow is a slow generic
// routine, and this runs for every output time); other powers by Math.pow
function power(x: number, p: number): number {
  if (!Number.isInteger(p) || p < 0 || p > 8) return Math.pow(x, p);
  let r = 1;
  for (let i = 0; i < p; i++) r *= x;
  return r;
}
