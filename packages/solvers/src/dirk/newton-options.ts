/** Tuning of the simplified Newton iteration of a diagonally implicit method (every field optional). */
export interface NewtonOptions {
  /** Iterations allowed per stage before the step is rejected (default 10). */
  readonly maxIterations?: number;
  /**
   * Stop when the predicted remaining error η·‖Δ‖ (η = θ/(1 − θ), θ the observed contraction rate; Hairer &
   * Wanner IV.8) is at most this, in units of the error norm, where 1 is the tolerance (default 0.003).
   */
  readonly kappa?: number;
  /**
   * κ on fixed steps, where no error estimate bounds the step, so Newton's error must stay far below the
   * method's own (default 1e-5, in the same units; an update at round-off level of the state also stops it).
   */
  readonly fixedKappa?: number;
  /** Refactorise I − hγ·J when hγ moved by more than this fraction since the last factorisation (default 0.2). */
  readonly refactorThreshold?: number;
  /** A contraction rate θ above this makes the next step re-evaluate J (default 0.3). */
  readonly slowRate?: number;
  /** Filter the embedded error estimate through (I − hγ·J)⁻¹ so stiff components do not inflate it (default true). */
  readonly smoothError?: boolean;
}

/** {@link NewtonOptions} with every default filled in. */
export type NewtonSettings = Required<NewtonOptions>;

/** Fill the defaults of {@link NewtonOptions}. */
export function newtonSettings(o: NewtonOptions = {}): NewtonSettings {
  return {
    maxIterations: o.maxIterations ?? 10,
    kappa: o.kappa ?? 0.003,
    fixedKappa: o.fixedKappa ?? 1e-5,
    refactorThreshold: o.refactorThreshold ?? 0.2,
    slowRate: o.slowRate ?? 0.3,
    smoothError: o.smoothError ?? true,
  };
}
