/**
 * The coefficients of Shampine and Reichelt's modified Rosenbrock pair behind MATLAB's ode23s (L. F. Shampine,
 * M. W. Reichelt, "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18(1), 1997, section 2; also
 * OrdinaryDiffEq.jl's `Rosenbrock23Tableau`): W = I − h·d·J with d = 1/(2 + √2), and e₃₂ = 6 + √2 in the
 * third stage, which only the error estimate uses.
 *
 * In the standard form of a Rosenbrock method (Hairer–Wanner IV.7: (I − γhJ)Kᵢ = h·f(y₀ + Σⱼ αᵢⱼKⱼ) +
 * hJ·Σⱼ γᵢⱼKⱼ, Kᵢ = h·kᵢ) the pair is γ = d, α₂₁ = 1/2, γ₂₁ = −d, α₃₂ = 1, γ₃₁ = d·(e₃₂ − 2), γ₃₂ = −d·e₃₂;
 * the propagated solution has weights b = (0, 1, 0) (order 2, L-stable) and the error is measured against
 * b̂ = (1, 4, 1)/6 (order 3).
 */
export const ROSENBROCK23 = Object.freeze({
  /** γ = d = 1/(2 + √2). */
  d: 1 / (2 + Math.SQRT2),
  /** e₃₂ = 6 + √2. */
  e32: 6 + Math.SQRT2,
});
