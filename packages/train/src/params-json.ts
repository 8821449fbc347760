import { OdeflowError, type TensorBackend } from '@odeflow/core';

/** Format tag written into every parameters file. */
export const PARAMS_FORMAT = 'odeflow.params';

/** Options of {@link serialiseParams} and `saveParams` (`@odeflow/train/node`). */
export interface SerialiseParamsOptions {
  /** A name per parameter (e.g. a block's `paramNames`); default `param0`, `param1`, ... */
  readonly names?: readonly string[];
  /** Free-form JSON data stored alongside (spec, iteration, loss...). */
  readonly meta?: unknown;
}

/** Parameters read back from JSON. */
export interface LoadedParams<T> {
  /** The tensors, in the saved order, created on the requested backend (the caller owns them). */
  readonly params: T[];
  /** Their names. */
  readonly names: string[];
  /** Their shapes. */
  readonly shapes: number[][];
  /** The precision they were saved from. */
  readonly dtype: string;
  /** The stored `meta`, if any. */
  readonly meta: unknown;
}

/** Shortest text that parses back to exactly the same float64 (JS's number formatting), keeping −0. */
function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * Parameters as JSON text. Numbers are written in JavaScript's shortest round-trip form, so float64 values
 * read back bit for bit (−0 included).
 * @throws OdeflowError `NON_FINITE_STATE` when a value is NaN or infinite (JSON cannot hold it)
 */
export function serialiseParams<T>(params: readonly T[], backend: TensorBackend<T>, options: SerialiseParamsOptions = {}): string {
  const names = options.names ?? params.map((_, i) => `param${i}`);
  if (names.length !== params.length) {
    throw new OdeflowError('INVALID_ARGUMENT', `serialiseParams: ${names.length} names for ${params.length} parameters.`);
  }
  const entries = params.map((p, i) => {
    const data = backend.toFloat64Array(p);
    const parts = new Array<string>(data.length);
    for (let k = 0; k < data.length; k++) {
      const v = data[k];
      if (!Number.isFinite(v)) {
        throw new OdeflowError('NON_FINITE_STATE', `serialiseParams: ${names[i]}[${k}] is ${v}; JSON cannot store it — fix the training run before saving.`, {
          param: names[i],
          index: k,
        });
      }
      parts[k] = formatNumber(v);
    }
    return `{"name":${JSON.stringify(names[i])},"shape":${JSON.stringify(backend.shape(p))},"data":[${parts.join(',')}]}`;
  });
  const meta = options.meta === undefined ? '' : `,"meta":${JSON.stringify(options.meta)}`;
  return `{"format":"${PARAMS_FORMAT}","version":1,"dtype":${JSON.stringify(backend.dtype)}${meta},"params":[\n${entries.join(',\n')}\n]}\n`;
}

function bad(where: string, what: string): never {
  throw new OdeflowError('INVALID_SPEC', `parameters file: ${where}: ${what}.`, { path: where });
}

/**
 * Parameters from JSON text written by {@link serialiseParams}, created on `backend`.
 * @throws OdeflowError `INVALID_SPEC` naming the first malformed field
 */
export function parseParams<T>(text: string, backend: TensorBackend<T>): LoadedParams<T> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad('(document)', `not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null) bad('(document)', 'expected an object');
  const d = doc as Record<string, unknown>;
  if (d.format !== PARAMS_FORMAT) bad('format', `expected "${PARAMS_FORMAT}", got ${JSON.stringify(d.format)}`);
  if (d.version !== 1) bad('version', `expected 1, got ${JSON.stringify(d.version)}`);
  if (!Array.isArray(d.params)) bad('params', 'expected an array');
  const names: string[] = [];
  const shapes: number[][] = [];
  const values: Float64Array[] = [];
  d.params.forEach((entry: unknown, i: number) => {
    const where = `params[${i}]`;
    if (typeof entry !== 'object' || entry === null) bad(where, 'expected an object { name, shape, data }');
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== 'string') bad(`${where}.name`, 'expected a string');
    if (!Array.isArray(e.shape) || !e.shape.every((s) => Number.isInteger(s) && (s as number) >= 0)) bad(`${where}.shape`, 'expected an array of non-negative integers');
    const shape = e.shape as number[];
    if (!Array.isArray(e.data)) bad(`${where}.data`, 'expected an array of numbers');
    const n = shape.reduce((a, b) => a * b, 1);
    if (e.data.length !== n) bad(`${where}.data`, `expected ${n} numbers for shape [${shape.join(', ')}], got ${e.data.length}`);
    const data = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const v = e.data[k] as unknown;
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${where}.data[${k}]`, `expected a finite number, got ${JSON.stringify(v)}`);
      data[k] = v;
    }
    names.push(e.name);
    shapes.push(shape);
    values.push(data);
  });
  const params = values.map((v, i) => backend.fromArray(v, shapes[i]));
  return { params, names, shapes, dtype: typeof d.dtype === 'string' ? d.dtype : 'float64', meta: d.meta };
}
