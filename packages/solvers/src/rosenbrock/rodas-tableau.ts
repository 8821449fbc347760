/**
 * A Rosenbrock method of Rodas type as data, in the transformed form of Hairer–Wanner (Solving ODEs II,
 * IV.7, (7.25)) that OrdinaryDiffEq.jl's `RodasTableau` uses. With W = I − hγ·J and T = ∂f/∂t at (t₀, y₀),
 * stage i (from 0) is
 *   uᵢ = y₀ + Σⱼ₍ⱼ<ᵢ₎ aᵢⱼ·kⱼ,   kᵢ = hγ·W⁻¹·(f(t₀ + cᵢh, uᵢ) + h·dᵢ·T + Σⱼ₍ⱼ<ᵢ₎ (Cᵢⱼ/h)·kⱼ),
 * the solution is y₁ = u_last + k_last (stiffly accurate) and k_last is the error estimate. The dense output
 * is y(t₀ + θh) = (1−θ)y₀ + θ(y₁ + (1−θ)(K₁ + θ(K₂ + θK₃ …))) with Kᵣ = Σᵢ hᵣᵢ·kᵢ.
 */
export interface RodasTableau {
  /** The diagonal γ of the method. */
  readonly gamma: number;
  /** aᵢⱼ: row i has i entries (row 0 is empty). */
  readonly a: readonly (readonly number[])[];
  /** Cᵢⱼ: row i has i entries (row 0 is empty). */
  readonly C: readonly (readonly number[])[];
  /** Nodes cᵢ. */
  readonly c: readonly number[];
  /** dᵢ = Σⱼ γᵢⱼ (with γᵢᵢ = γ): the weights of h·T. */
  readonly d: readonly number[];
  /** Dense-output rows hᵣᵢ, one per Kᵣ. */
  readonly H: readonly (readonly number[])[];
}
