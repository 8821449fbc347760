import { OdeflowError } from '@odeflow/core';
import { DEFAULT_ATOL, DEFAULT_RTOL } from '../defaults.js';
import { ownOptions } from '../own-options.js';
import { positiveOption, resolveStepControl, type StepControlOptions } from '../step-control-options.js';

/** Options of a batched solve: the step control of `integrate` that applies to every row alike. */
export interface BatchOptions {
  /** Relative tolerance: a number or one per component (default 1e-7). */
  rtol?: number | readonly number[];
  /** Absolute tolerance: a number or one per component (default 1e-9). */
  atol?: number | readonly number[];
  /** First step magnitude of every row (default: Hairer's heuristic, per row). */
  firstStep?: number;
  /** Safety factor of the PI controller (default 0.9). */
  safety?: number;
  /** Smallest shrink factor (default 0.2). */
  factorMin?: number;
  /** Largest growth factor (default 10). */
  factorMax?: number;
  /** Smallest step (default 0). */
  dtMin?: number;
  /** Largest step (default ∞). */
  dtMax?: number;
  /** Attempted steps allowed per row (default 100000). */
  maxSteps?: number;
  /** Proportional coefficient of the PI controller (default 0). */
  pcoeff?: number;
  /** Integral coefficient of the PI controller (default 1). */
  icoeff?: number;
}

/** The keys {@link BatchOptions} knows. */
export const BATCH_OPTION_KEYS: readonly string[] = Object.freeze([
  'rtol', 'atol', 'firstStep', 'safety', 'factorMin', 'factorMax', 'dtMin', 'dtMax', 'maxSteps', 'pcoeff', 'icoeff',
]);

/** Validated options of a batched solve (from {@link resolveBatchOptions}), tolerances as one value per component. */
export interface ResolvedBatchOptions extends StepControlOptions {
  /** Relative tolerance per component. */
  rtol: Float64Array;
  /** Absolute tolerance per component. */
  atol: Float64Array;
}

function invalid(msg: string, option: string): never {
  throw new OdeflowError('INVALID_ARGUMENT', msg, { option });
}

function positive(name: string, v: unknown, dflt: number): number {
  return v === undefined ? dflt : positiveOption(name, v);
}

function tolerance(name: 'rtol' | 'atol', v: unknown, n: number, dflt: number): Float64Array {
  if (v === undefined || typeof v === 'number') return new Float64Array(n).fill(positive(name, v, dflt));
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) invalid(`Option ${name} must be a number or one number per component; got ${typeof v}.`, name);
  const arr = v as ArrayLike<unknown>;
  if (arr.length !== n) {
    throw new OdeflowError('SHAPE_MISMATCH', `Option ${name} has ${arr.length} entries but each row of y0 has ${n} components; give a number or one per component (the same for every row).`, { option: name });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = positive(`${name}[${i}]`, arr[i] ?? NaN, 0);
  return out;
}

/**
 * Validate the options of a batched solve and apply the defaults of `integrate`. Keys of `integrate` that a
 * batch cannot honour are for the caller to refuse before this; any other unknown key is INVALID_ARGUMENT.
 * @param n - components per row
 */
export function resolveBatchOptions(options: unknown, n: number): ResolvedBatchOptions {
  const o = ownOptions('options', options);
  const unknown = Object.keys(o).filter((k) => !BATCH_OPTION_KEYS.includes(k) && o[k] !== undefined);
  if (unknown.length > 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for a batched solve. Valid options: ${BATCH_OPTION_KEYS.join(', ')}.`, { unknown });
  }
  const control = resolveStepControl(o);
  return {
    rtol: tolerance('rtol', o.rtol, n, DEFAULT_RTOL),
    atol: tolerance('atol', o.atol, n, DEFAULT_ATOL),
    ...control,
  };
}
