import { OdeflowError } from './odeflow-error.js';
import type { Linalg } from './tensor-backend.js';

// The checks take plain arguments (no arrays of buffers): a call that passes them allocates nothing.
function checkOrder(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new OdeflowError('INVALID_ARGUMENT', `${what}: n must be a positive integer (the matrix order); got ${n}.`, { n });
  }
}

function checkLength(what: string, name: string, length: number, need: number, n: number): void {
  if (length < need) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${what}: ${name} holds ${length} entries but an ${n}×${n} system needs ${need}; allocate it once with that length and reuse it.`,
      { n, buffer: name, length, needed: need },
    );
  }
}

/**
 * Dense LU factorisation with partial pivoting (LAPACK's dgetf2 order, row-major) and its solve, in place
 * on the caller's buffers: no call allocates, so an implicit method can factorise its Newton matrix every
 * step without garbage. The `linalg` capability of the `js` backend; usable on its own by any code that
 * holds float64 matrices.
 */
export class DenseLu implements Linalg {
  /**
   * Factorise the n×n row-major matrix in `a` in place into P·A = L·U: the multipliers of L (unit diagonal,
   * not stored) below the diagonal, U on and above it; `pivots[k]` is the row swapped with row k. Returns
   * true when A is singular — some column had no nonzero pivot (exactly zero, as LAPACK's info > 0); the
   * factorisation still runs to the end, but {@link DenseLu.solve} refuses the factors.
   * @throws OdeflowError INVALID_ARGUMENT for a bad n or a NaN/±∞ entry, SHAPE_MISMATCH for short buffers
   */
  factor(a: Float64Array, n: number, pivots: Int32Array): boolean {
    checkOrder('DenseLu.factor', n);
    checkLength('DenseLu.factor', 'a', a.length, n * n, n);
    checkLength('DenseLu.factor', 'pivots', pivots.length, n, n);
    for (let i = 0; i < n * n; i++) {
      if (!Number.isFinite(a[i])) {
        const row = Math.floor(i / n);
        throw new OdeflowError(
          'INVALID_ARGUMENT',
          `DenseLu.factor: entry (${row}, ${i - row * n}) of the matrix is ${a[i]}; every entry must be finite ` +
            '(check the Jacobian that built it).',
          { row, column: i - row * n, value: a[i] },
        );
      }
    }
    let singular = false;
    for (let k = 0; k < n; k++) {
      let p = k;
      let max = Math.abs(a[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > max) {
          max = v;
          p = i;
        }
      }
      pivots[k] = p;
      if (max === 0) {
        singular = true;
        continue;
      }
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const tmp = a[k * n + j];
          a[k * n + j] = a[p * n + j];
          a[p * n + j] = tmp;
        }
      }
      const inv = 1 / a[k * n + k];
      for (let i = k + 1; i < n; i++) {
        const l = (a[i * n + k] *= inv);
        if (l === 0) continue;
        for (let j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
      }
    }
    return singular;
  }

  /**
   * Overwrite `b` (n entries) with the solution of A·x = b from the factors `lu` and `pivots` of
   * {@link DenseLu.factor}: permute, then forward and back substitution.
   * @throws OdeflowError INVALID_ARGUMENT for a bad n, singular factors or pivots not from factor,
   *   SHAPE_MISMATCH for short buffers
   */
  solve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
    checkOrder('DenseLu.solve', n);
    checkLength('DenseLu.solve', 'lu', lu.length, n * n, n);
    checkLength('DenseLu.solve', 'pivots', pivots.length, n, n);
    checkLength('DenseLu.solve', 'b', b.length, n, n);
    for (let k = 0; k < n; k++) {
      const p = pivots[k];
      if (!(p >= k && p < n)) {
        throw new OdeflowError('INVALID_ARGUMENT', `DenseLu.solve: pivots[${k}] = ${p} is not a row in ${k}..${n - 1}; pass the pivots factor filled.`, { k, pivot: p });
      }
      if (lu[k * n + k] === 0) {
        throw new OdeflowError(
          'INVALID_ARGUMENT',
          `DenseLu.solve: the factorised matrix is singular (zero pivot in column ${k}), so A·x = b has no unique ` +
            'solution. Check the result of factor before solving; an implicit method should shrink its step.',
          { column: k },
        );
      }
    }
    for (let k = 0; k < n; k++) {
      const p = pivots[k];
      if (p !== k) {
        const tmp = b[k];
        b[k] = b[p];
        b[p] = tmp;
      }
    }
    for (let i = 1; i < n; i++) {
      let s = b[i];
      for (let j = 0; j < i; j++) s -= lu[i * n + j] * b[j];
      b[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * b[j];
      b[i] = s / lu[i * n + i];
    }
  }
}
