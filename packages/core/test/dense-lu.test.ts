import { describe, expect, it } from 'vitest';
import { DenseLu, isOdeflowError, JsBackend } from '@odeflow/core';

const linalg = new JsBackend().linalg;

/** Solve A·x = b through the backend's linalg on copies; returns x. */
function solve(rows: number[][], b: number[]): Float64Array {
  const n = rows.length;
  const a = Float64Array.from(rows.flat());
  const piv = new Int32Array(n);
  expect(linalg.factor(a, n, piv)).toBe(false);
  const x = Float64Array.from(b);
  linalg.solve(a, n, piv, x);
  return x;
}

/** A small seeded generator (mulberry32) so the random systems are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectCode(fn: () => unknown, code: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isOdeflowError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  expect(String((caught as Error).message)).toMatch(pattern);
}

describe('DenseLu: the js backend linalg', () => {
  it('is the linalg capability of the js backend', () => {
    expect(linalg).toBeInstanceOf(DenseLu);
  });

  it('solves known systems, including ones that need a row swap', () => {
    expect(Array.from(solve([[2, 1], [1, 3]], [3, 5]))).toEqual([0.8, 1.4]);
    // a zero in the (0, 0) position: no LU exists without pivoting
    expect(Array.from(solve([[0, 1], [1, 0]], [2, 3]))).toEqual([3, 2]);
    // a tiny pivot: without the swap, x₀ is lost to cancellation (1 − 1e20 rounds)
    const x = solve([[1e-20, 1], [1, 1]], [1, 2]);
    expect(x[0]).toBeCloseTo(1, 14);
    expect(x[1]).toBeCloseTo(1, 14);
    const y = solve([[1, 2, 3], [4, 5, 6], [7, 8, 10]], [6, 15, 25]);
    for (const v of y) expect(v).toBeCloseTo(1, 13);
  });

  it('reports a singular matrix and refuses to solve with its factors', () => {
    const n = 3;
    const a = Float64Array.from([1, 2, 3, 2, 4, 6, 1, 0, 1]);
    const piv = new Int32Array(n);
    expect(linalg.factor(a, n, piv)).toBe(true);
    expectCode(() => linalg.solve(a, n, piv, new Float64Array(n)), 'INVALID_ARGUMENT', /singular \(zero pivot in column \d\)/);
    expect(linalg.factor(new Float64Array(4), 2, new Int32Array(2))).toBe(true);
  });

  it('refuses bad sizes, short buffers and non-finite entries', () => {
    const piv = new Int32Array(2);
    expectCode(() => linalg.factor(new Float64Array(4), 0, piv), 'INVALID_ARGUMENT', /n must be a positive integer/);
    expectCode(() => linalg.factor(new Float64Array(3), 2, piv), 'SHAPE_MISMATCH', /a holds 3 entries but an 2×2 system needs 4/);
    expectCode(() => linalg.factor(new Float64Array(9), 3, piv), 'SHAPE_MISMATCH', /pivots holds 2 entries/);
    expectCode(() => linalg.factor(Float64Array.from([1, NaN, 0, 1]), 2, piv), 'INVALID_ARGUMENT', /entry \(0, 1\) of the matrix is NaN/);
    const a = Float64Array.from([2, 0, 0, 2]);
    linalg.factor(a, 2, piv);
    expectCode(() => linalg.solve(a, 2, piv, new Float64Array(1)), 'SHAPE_MISMATCH', /b holds 1 entries/);
    expectCode(() => linalg.solve(a, 2, Int32Array.from([5, 1]), new Float64Array(2)), 'INVALID_ARGUMENT', /pivots\[0\] = 5/);
  });

  it('leaves a residual ‖Ax − b‖∞ ≤ 1e-12 on random well-conditioned systems of 1..50 unknowns', () => {
    const rand = random(7);
    let worst = 0;
    for (let n = 1; n <= 50; n++) {
      // a diagonally dominant matrix with its rows shuffled: well conditioned, and pivoting must undo the shuffle
      const order = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
      const rows = order.map((d) => Array.from({ length: n }, (_, j) => 2 * rand() - 1 + (j === d ? n : 0)));
      const b = Array.from({ length: n }, () => 2 * rand() - 1);
      const x = solve(rows, b);
      for (let i = 0; i < n; i++) {
        let r = -b[i];
        for (let j = 0; j < n; j++) r += rows[i][j] * x[j];
        worst = Math.max(worst, Math.abs(r));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('works in the caller\'s buffers and allocates nothing per call', () => {
    const n = 6;
    const a0 = Float64Array.from({ length: n * n }, (_, i) => Math.sin(1.7 * i) + (i % (n + 1) === 0 ? n : 0));
    const a = new Float64Array(n * n);
    const b = new Float64Array(n);
    const piv = new Int32Array(n);
    const run = (times: number) => {
      for (let r = 0; r < times; r++) {
        a.set(a0);
        b.fill(1);
        linalg.factor(a, n, piv);
        linalg.solve(a, n, piv, b);
      }
    };
    run(1);
    // the factors overwrite a, the solution overwrites b
    expect(Array.from(a)).not.toEqual(Array.from(a0));
    expect(b.every((v) => v !== 1 && Number.isFinite(v))).toBe(true);
    run(200_000); // let the optimising compiler settle: interpreted code boxes doubles
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().heapUsed;
    run(20_000);
    const grown = process.memoryUsage().heapUsed - before;
    // one small typed array per call would be ≥ 40 bytes each (≈ 0.8 MB here)
    expect(grown).toBeLessThan(20_000 * 8);
  });
});
