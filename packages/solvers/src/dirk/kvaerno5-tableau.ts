import type { TableauData } from '@odeflow/core';

// Kværnø's ESDIRK 5(4), 7 stages, explicit first stage, stiffly accurate, γ = 0.26. Source: A. Kværnø,
// "Singly diagonally implicit Runge–Kutta methods with an explicit first stage", BIT 44 (2004) 489–502,
// as transcribed in diffrax (kvaerno5.py) and OrdinaryDiffEq.jl (sdirk_tableaus.jl).
const g = 0.26;
const a1 = [g, g];
const a2 = [0.13, 0.84033320996790809, g];
const a3 = [0.22371961478320505, 0.47675532319799699, -0.06470895363112615, g];
const a4 = [0.16648564323248321, 0.1045001884159172, 0.03631482272098715, -0.13090704451073998, g];
const a5 = [0.13855640231268224, 0, -0.04245337201752043, 0.02446657898003141, 0.61943039072480676, g];
const a6 = [0.13659751177640291, 0, -0.05496908796538376, -0.04118626728321046, 0.62993304899016403, 0.06962479448202728, g];

/**
 * Kværnø's ESDIRK 5(4) (BIT 44, 2004): A-stable and L-stable, stiffly accurate (b is the last row of A), with
 * an embedded 4th-order solution that is the stage before last (b̂ is row 5 of A, padded with 0).
 */
export const KVAERNO5_TABLEAU: TableauData = {
  c: [0, 0.52, 1.230333209967908, 0.8957659843500759, 0.43639360985864756, 1, 1],
  a: [[], a1, a2, a3, a4, a5, a6],
  b: a6,
  bErr: a6.map((x, j) => x - (j < 6 ? a5[j] : 0)),
};

/**
 * Stage predictors of Kværnø 5: stage i's derivative guessed as Σⱼ αᵢⱼ kⱼ over the earlier stages (from
 * OrdinaryDiffEq.jl, with α₂₁ = 1 as diffrax corrects it). Row i lists αᵢ₀..αᵢ,ᵢ₋₁; row 0 is unused.
 */
export const KVAERNO5_PREDICTOR: readonly (readonly number[])[] = [
  [],
  [1],
  [-1.366025403784441, 2.3660254037844357],
  [-0.19650552613122207, 0.8113579546496623, 0.38514757148155954],
  [0.10375304369958693, 0.937994698066431, -0.04174774176601781, 0],
  [-0.17281112873898072, 0.6235784481025847, 0.5492326806363959, 0, 0],
  [...a5.slice(0, 5), g],
];
