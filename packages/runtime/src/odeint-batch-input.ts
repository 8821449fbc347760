import { OdeflowError } from '@odeflow/core';
import { SOLVE_LIMITS } from '@odeflow/solvers';
import { describe } from './odeint-arguments.js';

/** A batch of initial values as `odeint` takes it, with B and n. @internal */
export interface BatchInput {
  y0: Float64Array;
  rows: number;
  size: number;
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number';
}

/**
 * Whether `odeint` was handed a batch: y0 is an array whose first entry is itself an array (or typed array),
 * or the options carry an own `shape`.
 * @internal
 */
export function isBatchInput(y0: unknown, options: unknown): boolean {
  if (options !== null && typeof options === 'object' && Object.prototype.hasOwnProperty.call(options, 'shape')) return true;
  return Array.isArray(y0) && y0.length > 0 && isArrayLike(y0[0]);
}

function checkShape(shape: unknown): [number, number] {
  const ok = Array.isArray(shape) && shape.length === 2 && shape.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1);
  if (!ok) {
    throw new OdeflowError('INVALID_ARGUMENT', `Option shape must be [B, n]: the number of problems and the components of each, two integers ≥ 1; got ${describe(shape)}.`, { option: 'shape' });
  }
  return [shape[0] as number, shape[1] as number];
}

function entry(v: unknown, r: number, i: number): number {
  if (typeof v !== 'number') {
    throw new OdeflowError('INVALID_ARGUMENT', `y0 row ${r}, component ${i} is ${v === null ? 'null' : `a ${typeof v}`}; initial values must be numbers (nothing is converted).`, { row: r, component: i });
  }
  if (!Number.isFinite(v)) {
    throw new OdeflowError('INVALID_ARGUMENT', `y0 row ${r}, component ${i} is ${String(v)}; every initial value must be a finite number.`, { row: r, component: i, value: v });
  }
  return v;
}

function fromRows(y0: ArrayLike<unknown>, shape: [number, number] | undefined): BatchInput {
  const B = y0.length;
  const first = y0[0] as ArrayLike<unknown>;
  const n = shape ? shape[1] : first.length;
  if (shape && shape[0] !== B) throw new OdeflowError('SHAPE_MISMATCH', `Option shape says ${shape[0]} rows but y0 has ${B}.`, { option: 'shape', rows: B });
  if (n < 1) throw new OdeflowError('INVALID_ARGUMENT', 'y0 row 0 is empty; every row needs n ≥ 1 initial values.', { row: 0 });
  if (B * n > SOLVE_LIMITS.stateSize) throw new OdeflowError('INVALID_ARGUMENT', `y0 holds ${B} × ${n} values; at most ${SOLVE_LIMITS.stateSize} are accepted. Split the batch.`, { limit: SOLVE_LIMITS.stateSize });
  const out = new Float64Array(B * n);
  for (let r = 0; r < B; r++) {
    const row = y0[r];
    if (!isArrayLike(row)) {
      throw new OdeflowError('SHAPE_MISMATCH', `y0 row ${r} is ${describe(row)}, not an array: a batch is an array of B rows of n numbers each.`, { row: r });
    }
    if (row.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `y0 row ${r} has ${row.length} values but row 0 has ${n}: every row of a batch needs the same n (pad or split the batch by size).`, { row: r, expected: n, got: row.length });
    }
    for (let i = 0; i < n; i++) out[r * n + i] = entry(row[i], r, i);
  }
  return { y0: out, rows: B, size: n };
}

/**
 * y0 of a batch as one row-major Float64Array (a copy): an array of B rows of n numbers, or B·n numbers
 * (a Float64Array or a flat array) with `shape: [B, n]`. Every row is checked: a row of another length is
 * SHAPE_MISMATCH, a non-number or a non-finite value INVALID_ARGUMENT, each naming the row and component.
 * @internal
 */
export function batchInput(y0: unknown, shapeOption: unknown): BatchInput {
  const shape = shapeOption === undefined ? undefined : checkShape(shapeOption);
  if (!isArrayLike(y0) || y0.length === 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `y0 of a batch must be a non-empty array of rows, or B·n numbers with shape: [B, n]; got ${describe(y0)}.`, { option: 'y0' });
  }
  if (isArrayLike(y0[0])) return fromRows(y0, shape);
  if (!shape) throw new OdeflowError('INVALID_ARGUMENT', 'y0 of a batch needs rows or shape: [B, n].', { option: 'shape' });
  const [B, n] = shape;
  if (B * n > SOLVE_LIMITS.stateSize) throw new OdeflowError('INVALID_ARGUMENT', `shape [${B}, ${n}] holds ${B * n} values; at most ${SOLVE_LIMITS.stateSize} are accepted. Split the batch.`, { limit: SOLVE_LIMITS.stateSize });
  if (y0.length !== B * n) {
    throw new OdeflowError('SHAPE_MISMATCH', `y0 has ${y0.length} numbers but shape [${B}, ${n}] needs B·n = ${B * n}.`, { option: 'shape', expected: B * n, got: y0.length });
  }
  const out = new Float64Array(B * n);
  for (let r = 0; r < B; r++) for (let i = 0; i < n; i++) out[r * n + i] = entry(y0[r * n + i], r, i);
  return { y0: out, rows: B, size: n };
}
