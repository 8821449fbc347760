import { JsTensor, OdeflowError } from '@odeflow/core';

/** A short description of a value for messages (never its contents). */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'no prototype'})`;
  return typeof x;
}

function wrong(name: string, what: string, expected: string, got: unknown): never {
  throw new OdeflowError('INVALID_ARGUMENT', `${name}: the ${what} must be ${expected}; got ${describeValue(got)}.`, { argument: what });
}

/** The time of a dynamics call must be a number (checked on every call: one typeof). */
export function checkTime(t: unknown, name: string): void {
  if (typeof t !== 'number') wrong(name, 'time t', 'a number', t);
}

/** A js-backend tensor argument (state, cotangent or target). */
export function checkJsTensor(x: unknown, what: string, name: string): asserts x is JsTensor {
  if (!(x instanceof JsTensor)) wrong(name, what, 'a tensor of the js backend (JsTensor)', x);
}

/** A list of parameter tensors: an array (its elements are checked by the caller's backend or below). */
export function checkList(x: unknown, what: string, name: string): asserts x is readonly unknown[] {
  if (!Array.isArray(x)) wrong(name, what, 'an array of tensors, one per parameter', x);
}

/** Every element of a parameter list is a js tensor. */
export function checkJsTensors(xs: readonly unknown[], what: string, name: string): asserts xs is readonly JsTensor[] {
  for (let k = 0; k < xs.length; k++) checkJsTensor(xs[k], `${what}[${k}]`, name);
}

/** A backend tensor argument: any object (the backend reads it; see {@link readTensor}). */
export function checkObject(x: unknown, what: string, name: string): void {
  if (x === null || typeof x !== 'object') wrong(name, what, 'a tensor of the dynamics\' backend', x);
}

/**
 * Run a backend read (`shape`, `toFloat64Array`) on a caller's tensor, turning a backend's own TypeError (a
 * tensor of another backend, a disposed one) into INVALID_ARGUMENT.
 */
export function readTensor<R>(read: () => R, what: string, name: string, backend: string): R {
  try {
    return read();
  } catch (e) {
    if (e instanceof OdeflowError) throw e;
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `${name}: the ${what} cannot be read by the ${backend} backend (${(e as Error).message}); pass a live tensor of that backend.`,
      { argument: what },
    );
  }
}
