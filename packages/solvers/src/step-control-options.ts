import { OdeflowError } from '@odeflow/core';
import { SOLVE_LIMITS } from './solve-limits.js';

/** The validated step-control options shared by a single solve and a batched one (defaults applied). */
export interface StepControlOptions {
  /** First step magnitude, when given. */
  firstStep?: number;
  /** Safety factor of the controller. */
  safety: number;
  /** Smallest shrink factor. */
  factorMin: number;
  /** Largest growth factor. */
  factorMax: number;
  /** Smallest step. */
  dtMin: number;
  /** Largest step. */
  dtMax: number;
  /** Attempted steps allowed. */
  maxSteps: number;
  /** Proportional coefficient of the PI controller. */
  pcoeff: number;
  /** Integral coefficient of the PI controller. */
  icoeff: number;
}

/**
 * `v` when it is a finite number > 0 (≥ 0 with `allowZero`), else INVALID_ARGUMENT naming the option.
 * @internal
 */
export function positiveOption(name: string, v: unknown, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new OdeflowError('INVALID_ARGUMENT', `Option ${name} must be a finite number ${allowZero ? '≥ 0' : '> 0'}; got ${String(v)}.`, { option: name, value: v });
  }
  return v;
}

function invalid(msg: string, details: Record<string, unknown>): never {
  throw new OdeflowError('INVALID_ARGUMENT', msg, details);
}

/**
 * Validate the step-control options of `o` (own data properties already read) and apply `integrate`'s
 * defaults: safety 0.9 in (0, 1], factorMin 0.2 in (0, 1), factorMax 10 > 1, dtMin 0 ≤ dtMax ∞, maxSteps 100000
 * (an integer up to `SOLVE_LIMITS.maxSteps`), pcoeff 0, icoeff 1, firstStep > 0 when given.
 * @throws OdeflowError INVALID_ARGUMENT naming the first option out of its range
 * @internal
 */
export function resolveStepControl(o: Readonly<Record<string, unknown>>): StepControlOptions {
  const safety = o.safety === undefined ? 0.9 : positiveOption('safety', o.safety);
  if (safety > 1) invalid(`Option safety must be in (0, 1]; got ${safety}.`, { option: 'safety' });
  const factorMin = o.factorMin === undefined ? 0.2 : positiveOption('factorMin', o.factorMin);
  if (factorMin >= 1) invalid(`Option factorMin must be in (0, 1); got ${factorMin}.`, { option: 'factorMin' });
  const factorMax = o.factorMax === undefined ? 10 : positiveOption('factorMax', o.factorMax);
  if (factorMax <= 1) invalid(`Option factorMax must be > 1; got ${factorMax}.`, { option: 'factorMax' });
  const dtMin = o.dtMin === undefined ? 0 : positiveOption('dtMin', o.dtMin, true);
  const dtMax = o.dtMax === undefined ? Infinity : positiveOption('dtMax', o.dtMax);
  if (dtMin > dtMax) invalid(`Option dtMin (${dtMin}) exceeds dtMax (${dtMax}).`, { option: 'dtMin' });
  const maxSteps = o.maxSteps === undefined ? 100000 : positiveOption('maxSteps', o.maxSteps);
  if (!Number.isInteger(maxSteps) || maxSteps > SOLVE_LIMITS.maxSteps) {
    invalid(`Option maxSteps must be a positive integer ≤ ${SOLVE_LIMITS.maxSteps}; got ${maxSteps}.`, { option: 'maxSteps', limit: SOLVE_LIMITS.maxSteps });
  }
  const pcoeff = o.pcoeff === undefined ? 0 : positiveOption('pcoeff', o.pcoeff, true);
  const icoeff = o.icoeff === undefined ? 1 : positiveOption('icoeff', o.icoeff);
  const firstStep = o.firstStep === undefined ? undefined : positiveOption('firstStep', o.firstStep);
  return { firstStep, safety, factorMin, factorMax, dtMin, dtMax, maxSteps, pcoeff, icoeff };
}
