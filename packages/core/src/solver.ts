/**
 * What a solver is and can do, checked before a solve starts (capability markers) and printed by
 * `odeflow solvers`.
 */
export interface SolverInfo {
  /** Registered name, e.g. `dopri5`. */
  readonly name: string;
  /** Order of the propagated solution. */
  readonly order: number;
  /** Order of the embedded error estimator (adaptive methods only). */
  readonly errorOrder?: number;
  /** Whether the method estimates its error and adapts its step. */
  readonly adaptive: boolean;
  /** First same as last: the last stage of a step is the first of the next. */
  readonly fsal: boolean;
  /** Whether the method is implicit (needs Jacobians / linear solves). */
  readonly implicit: boolean;
  /**
   * Whether the method needs ∂f/∂y from the dynamics (`Dynamics.jacobian` or `Dynamics.jvp`); checked
   * before a solve starts, so a dynamics without either fails with UNSUPPORTED naming the fix. Absent = no.
   */
  readonly needsJacobian?: boolean;
  /**
   * Whether the method factorises matrices through `TensorBackend.linalg`; checked before a solve starts
   * (UNSUPPORTED on a backend without it). Absent = no.
   */
  readonly needsLinalg?: boolean;
  /** Whether the method uses a history of past steps (Adams–Bashforth). */
  readonly multistep: boolean;
  /** Order of the dense-output interpolant. */
  readonly interpolantOrder: number;
  /** Function evaluations per step (excluding the FSAL reuse). */
  readonly stages: number;
  /** One-line description. */
  readonly description: string;
}

/**
 * A Runge–Kutta-family method. Concrete classes in `@odeflow/solvers` add the stepping logic; everything
 * the integration loop and the sensitivities need beyond {@link SolverInfo} lives there, so that a user
 * can register a method of their own (a tableau they wrote) by name.
 */
export interface Solver extends SolverInfo {
  /**
   * Butcher coefficients when the method is a Runge–Kutta method (c, A, b, optional b_err), explicit or
   * diagonally implicit (then {@link SolverInfo.implicit} is true). The direct sensitivity differentiates
   * through exactly these, for explicit methods.
   */
  readonly tableau?: TableauData;
}

/**
 * Plain Butcher-tableau data of an explicit or a diagonally implicit (DIRK, SDIRK, ESDIRK) Runge–Kutta
 * method: A is lower-triangular, and row i lists aᵢ₀..aᵢ,ᵢ₋₁ (i entries: an explicit stage) or
 * aᵢ₀..aᵢᵢ with a nonzero diagonal aᵢᵢ (i + 1 entries: an implicit stage). Fully implicit methods (entries
 * above the diagonal) are not tableau data here.
 */
export interface TableauData {
  /** Nodes cᵢ (cᵢ = Σⱼ aᵢⱼ). */
  readonly c: readonly number[];
  /** Coefficients aᵢⱼ: row i has i entries (explicit stage) or i + 1 ending with a nonzero aᵢᵢ (implicit stage). */
  readonly a: readonly (readonly number[])[];
  /** Weights of the propagated solution. */
  readonly b: readonly number[];
  /** b − b̂: weights of the error estimate (sums to 0). Absent for fixed-step methods. */
  readonly bErr?: readonly number[];
}
