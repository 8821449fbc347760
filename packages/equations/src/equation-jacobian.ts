import { OdeflowError } from '@odeflow/core';
import type { RowJacobian, RowJvp } from './compile-jacobian.js';
import type { ResolvedEquationSpec } from './equation-spec.js';

/**
 * ∂f/∂y of a state of `rows` rows (N = rows·n components) into `out` (N·N, row-major): the compiled kernel
 * fills each row's diagonal block, the other blocks are zero. A NaN or ±∞ entry is NON_FINITE_STATE naming
 * the partial derivative, the time and the state.
 */
export function writeEquationJacobian(kernel: RowJacobian, spec: ResolvedEquationSpec, t: number, y: Float64Array, rows: number, p: Float64Array, out: Float64Array): void {
  const n = spec.state.length;
  const size = rows * n;
  if (out.length < size * size) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${spec.name}: the Jacobian buffer holds ${out.length} entries; a state of ${size} components needs ${size * size} (n·n, row-major).`,
      { needed: size * size, length: out.length },
    );
  }
  if (rows > 1) out.fill(0, 0, size * size);
  for (let r = 0, o = 0; r < rows; r++, o += n) kernel(t, y, o, p, out, o * size + o, size);
  // x·0 is 0 for every finite x and NaN otherwise: one cheap pass, the search only when something is not finite
  let probe = 0;
  for (let k = 0; k < size * size; k++) probe += out[k] * 0;
  if (probe === 0) return;
  for (let k = 0; k < size * size; k++) {
    if (Number.isFinite(out[k])) continue;
    const i = Math.floor(k / size);
    const j = k % size;
    const row = Math.floor(i / n);
    const point = spec.state.map((s, c) => `${s} = ${y[row * n + c]}`).join(', ');
    throw new OdeflowError(
      'NON_FINITE_STATE',
      `${spec.name}: ∂${spec.state[i % n]}'/∂${spec.state[j % n]} evaluated to ${out[k]} at t = ${t} (${point}${row > 0 ? `, batch row ${row}` : ''}). ` +
        'The derivative leaves its domain there (division by zero, log or sqrt of a non-positive number, overflow); ' +
        'check the initial state and parameters, or tighten the tolerances so the solver does not step out of the domain.',
      { t, value: out[k], row: i, column: j },
    );
  }
}

/**
 * ∂f/∂y·v for a state of `rows` rows into `out`, row by row from the compiled forward-mode kernel (no n×n matrix).
 * @throws OdeflowError SHAPE_MISMATCH when v or out differ in size from y, NON_FINITE_STATE naming the component
 */
export function equationJvp(kernel: RowJvp, spec: ResolvedEquationSpec, t: number, y: Float64Array, rows: number, v: Float64Array, p: Float64Array, out: Float64Array): void {
  const n = spec.state.length;
  if (v.length !== y.length || out.length !== y.length) {
    throw new OdeflowError('SHAPE_MISMATCH', `${spec.name}: jvp's direction has ${v.length} elements, the state ${y.length}; pass v of y's shape.`, {
      expected: y.length,
      got: v.length,
    });
  }
  for (let r = 0, o = 0; r < rows; r++, o += n) kernel(t, y, o, v, o, p, out, o);
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i])) continue;
    throw new OdeflowError(
      'NON_FINITE_STATE',
      `${spec.name}: the Jacobian–vector product's component ${spec.state[i % n]} is ${out[i]} at t = ${t}. The derivative leaves its domain ` +
        'there (division by zero, log or sqrt of a non-positive number, overflow), or v is not finite.',
      { t, value: out[i], index: i },
    );
  }
}
