/**
 * Stages evaluated after a step is accepted, only when its dense output is needed (DOP853's three):
 * stage s+i is f(t₀ + c[i]·dt, y₀ + dt·Σⱼ a[i][j]·kⱼ) over all earlier recorded stages.
 */
export interface DenseStages {
  /** Nodes of the extra stages. */
  readonly c: readonly number[];
  /** Row i holds the coefficients over every earlier recorded stage (tableau stages, f(t₁, y₁), earlier extras). */
  readonly a: readonly (readonly number[])[];
}
