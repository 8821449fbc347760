/**
 * Coefficients of a dense output: y(t₀ + θ·dt) = y0·y₀ + y1·y₁ + dt·Σᵢ k[i]·kᵢ, where kᵢ are the stage
 * derivatives recorded for the step (see {@link StepRecord}). Linear in the recorded data, so a
 * sensitivity can backpropagate through a dense output exactly.
 */
export interface DenseWeights {
  /** Weight of the state at the start of the step. */
  y0: number;
  /** Weight of the state at the end of the step. */
  y1: number;
  /** Weight of each recorded stage derivative, to be multiplied by dt. */
  k: number[];
}

/**
 * A continuous extension of a step: maps θ ∈ [0, 1] to {@link DenseWeights}. Stateless; the integration
 * loop applies the weights to the step's y₀, y₁ and stages.
 */
export interface Interpolant {
  /** Order of the interpolation formula (local error O(dt^(order+1)) given exact step data). */
  readonly order: number;
  /** One-line description for listings. */
  readonly description: string;
  /**
   * The weights at fraction `theta` of a step whose record holds `kCount` stage derivatives
   * (the last one being f(t₁, y₁)).
   */
  weights(theta: number, kCount: number): DenseWeights;
  /**
   * Optional: {@link Interpolant.weights} written into `out` (its `k` holding `kCount` entries afterwards), which
   * it returns: the output path asks for weights at every output time, and this allocates nothing.
   */
  weightsInto?(theta: number, kCount: number, out: DenseWeights): DenseWeights;
  /**
   * d/dθ of {@link Interpolant.weights} at `theta`: the time derivative of the dense output is
   * dy/dt = (1/dt)·(w'.y0·y₀ + w'.y1·y₁ + dt·Σᵢ w'.k[i]·kᵢ). Used wherever that derivative is taken
   * (e.g. ∂L/∂tᵢ of an output time).
   */
  derivativeWeights(theta: number, kCount: number): DenseWeights;
}
