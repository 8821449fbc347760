import type { ButcherTableau } from '../butcher-tableau.js';
import type { NewtonSettings } from './newton-options.js';

/** What a {@link DirkStepper} runs: a stiffly accurate diagonally implicit tableau and its Newton settings. */
export interface DirkScheme {
  /** Registered name (for messages). */
  readonly name: string;
  /** The validated tableau (stiffly accurate: b is its last row). */
  readonly tableau: ButcherTableau;
  /** Stage predictors: stage i's derivative guessed as Σⱼ αᵢⱼ kⱼ (row i over stages 0..i−1); absent rows use kᵢ₋₁. */
  readonly predictor?: readonly (readonly number[])[];
  /** Simplified Newton tuning. */
  readonly newton: NewtonSettings;
  /** Factor on the embedded error estimate (1 for most methods). */
  readonly errorScale: number;
}
