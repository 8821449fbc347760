import type { Container } from 'inversify';
import { OdeflowError } from '@odeflow/core';
import { SOLVE_LIMITS } from '@odeflow/solvers';

/**
 * The checks of `odeint`'s plain-array arguments: y0 and ts must be flat arrays (or typed arrays) of
 * numbers within the documented size limits, read without converting anything.
 * @internal
 */
function arrayLength(name: string, xs: unknown, limit: number, what: string): number {
  const n = xs !== null && typeof xs === 'object' ? (xs as { length?: unknown }).length : undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `${name} must be an array or Float64Array of numbers (${what}); got ${describe(xs)}.`, { option: name });
  }
  if (n > limit) {
    throw new OdeflowError('INVALID_ARGUMENT', `${name} has ${n} entries; at most ${limit} are accepted (${what}).`, { option: name, limit });
  }
  return n;
}

/** A short description of a user value that never calls into it (no toString, no getters). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'symbol' || typeof v === 'function') return `a ${typeof v}`;
  return `${typeof v} ${String(v)}`;
}

function scalarText(v: unknown): string {
  if (v === null) return 'object null';
  const t = typeof v;
  return t === 'string' || t === 'boolean' || t === 'undefined' || t === 'bigint' ? `${t} ${String(v)}` : `a ${t}`;
}

// A nested array (a batch of states, a matrix) or strings would be coerced by Float64Array.from: say what shape is taken.
function requireFlat(name: string, xs: ArrayLike<unknown>, what: string): void {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v === 'number') continue;
    const nested = v !== null && typeof v === 'object' && typeof (v as ArrayLike<unknown>).length === 'number';
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `${name} must be a flat array or Float64Array of numbers (${what}); ${name}[${i}] is ` +
        (nested
          ? `an array of length ${(v as ArrayLike<unknown>).length}. A batch of problems is an array of rows, every entry an array of n numbers (with the batched f (t, Y, out, rows) => void), or B·n numbers with shape: [B, n]; for one problem, flatten a matrix state into one vector and reshape it inside f.`
          : `${scalarText(v)}.`),
      { index: i, ...(nested ? { nested: true } : { type: v === null ? 'null' : typeof v }) },
    );
  }
}

/** y0 as a new Float64Array: non-empty, flat, every entry a finite number (INVALID_ARGUMENT naming the index otherwise). */
export function odeintInitialState(y0: unknown): Float64Array {
  const n = arrayLength('y0', y0, SOLVE_LIMITS.stateSize, 'initial values, one per state component');
  if (n === 0) throw new OdeflowError('INVALID_ARGUMENT', 'y0 must be a non-empty array of numbers; got an empty one.', { option: 'y0' });
  const xs = y0 as ArrayLike<unknown>;
  requireFlat('y0', xs, 'initial values, one per state component');
  const out = Float64Array.from(xs as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new OdeflowError('INVALID_ARGUMENT', `y0[${i}] is ${String(out[i])}; every initial value must be a finite number.`, { index: i, value: out[i] });
    }
  }
  return out;
}

/** ts as a new array of numbers (flat; monotonicity and finiteness are checked by the solve). */
export function odeintTimes(ts: unknown): number[] {
  arrayLength('ts', ts, SOLVE_LIMITS.outputTimes, 'output times, the first is t0');
  requireFlat('ts', ts as ArrayLike<unknown>, 'output times, the first is t0');
  return Array.from(ts as ArrayLike<number>);
}

/** The `container` option: an inversify Container (anything else is INVALID_ARGUMENT, not a TypeError later). */
export function checkContainer(c: unknown, option = 'container'): Container {
  const o = c as Partial<Container> | null;
  if (o === null || typeof o !== 'object' || typeof o.get !== 'function' || typeof o.isBound !== 'function' || typeof o.load !== 'function') {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `Option ${option} must be an inversify Container (from createContainer()); got ${describe(c)}. Leave it out to use odeflow's own.`,
      { option },
    );
  }
  return c as Container;
}
