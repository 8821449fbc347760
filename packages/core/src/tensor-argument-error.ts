import { OdeflowError } from './odeflow-error.js';

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `a plain array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}, not a tensor`;
  if (typeof x !== 'object') return `${typeof x} ${String(x).slice(0, 40)}`;
  const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== 'Object' ? `a ${name} (a tensor of another backend?)` : 'an object that is not a tensor';
}

/**
 * The error a backend's `checkTensor` throws for an argument that is not one of its live tensors: INVALID_ARGUMENT
 * naming the argument, what it was and how to make a proper one.
 * @param backend - the backend's name
 * @param what - the argument, for the message (`y0`, `params[1]`, `cotangent 2`)
 * @param x - the value received
 * @param disposed - true when `x` is a tensor of the backend that was disposed
 */
export function tensorArgumentError(backend: string, what: string, x: unknown, disposed = false): OdeflowError {
  if (disposed) {
    return new OdeflowError('INVALID_ARGUMENT', `${what} is a disposed tensor; pass a live one (dispose tensors only after the calls that read them).`, {
      argument: what,
      disposed: true,
    });
  }
  return new OdeflowError(
    'INVALID_ARGUMENT',
    `${what} is ${describe(x)}; pass a tensor of the '${backend}' backend (make one with backend.fromArray(values, shape)).`,
    { argument: what, backend },
  );
}
