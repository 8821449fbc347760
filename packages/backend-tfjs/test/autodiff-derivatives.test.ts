import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { autodiffDynamics, isOdeflowError, type Dynamics } from '@odeflow/core';
import { createTfjsBackend } from '@odeflow/backend-tfjs';

// f(t, y, W) = tanh(W·y)·(1 + 0.5 sin t) + 0.1·t·y: coupled (W is full), so a transposed Jacobian shows.
const W = [
  [0.5, -1.2, 0.3],
  [0.8, 0.1, -0.7],
  [-0.4, 0.9, 0.6],
];
const yv = [0.3, -0.7, 1.1];
const t = 0.8;
const fRef = (tt: number, y: number[]): number[] =>
  W.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * y[j], 0)) * (1 + 0.5 * Math.sin(tt)) + 0.1 * tt * y[i]);

/** Central differences of fRef in float64: J[i][j] = ∂fᵢ/∂yⱼ. */
function fdJacobian(): number[][] {
  const h = 1e-6;
  const cols = yv.map((_, j) => {
    const up = fRef(t, yv.map((v, k) => (k === j ? v + h : v)));
    const dn = fRef(t, yv.map((v, k) => (k === j ? v - h : v)));
    return up.map((u, i) => (u - dn[i]) / (2 * h));
  });
  return yv.map((_, i) => cols.map((c) => c[i]));
}

function expectClose(got: ArrayLike<number>, want: readonly number[], tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i])))) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

describe('autodiffDynamics offers jacobian and jvp (tfjs, float32, against float64 finite differences)', () => {
  it('in every time mode, exactly to float32 rounding, releasing every intermediate', async () => {
    const b = await createTfjsBackend();
    const before = b.memory().tensors;
    const Wt = b.fromArray(W.flat(), [3, 3]);
    const y = b.fromArray(yv);
    const mv = (m: tf.Tensor, x: tf.Tensor) => b.reshape(b.matMul(m, b.reshape(x, [3, 1])), [3]);
    const dynamics: [string, Dynamics<tf.Tensor>][] = [
      ['number', autodiffDynamics(b, (tt, yy, p) => b.add(b.mul(b.tanh(mv(p[0], yy)), 1 + 0.5 * Math.sin(tt)), b.mul(yy, 0.1 * tt)))],
      [
        'tensor',
        autodiffDynamics(b, (tt, yy, p) => b.add(b.mul(b.tanh(mv(p[0], yy)), b.add(b.mul(b.sin(tt), 0.5), 1)), b.mul(b.mul(yy, tt), 0.1)), {
          time: 'tensor',
        }),
      ],
    ];
    const J = fdJacobian();
    const v = [0.4, -1, 2];
    const vt = b.fromArray(v);
    const Jv = J.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const out = new Float64Array(9).fill(NaN);
    for (const [mode, dyn] of dynamics) {
      const live = b.memory().tensors;
      dyn.jacobian!(t, y, [Wt], out);
      expectClose(out, J.flat(), 2e-5, `${mode}: jacobian (row-major, row i = ∂fᵢ/∂y)`);
      const jv = dyn.jvp!(t, y, vt, [Wt]);
      expectClose(b.toFloat64Array(jv), Jv, 2e-5, `${mode}: jvp`);
      b.dispose(jv);
      expect(b.memory().tensors, `${mode}: nothing else survives`).toBe(live);
    }
    const auto = autodiffDynamics(b, (_t, yy, p) => b.tanh(mv(p[0], yy)), { time: 'autonomous' });
    auto.jacobian!(t, y, [Wt], out);
    const s = 1 / (1 + 0.5 * Math.sin(t));
    // the autonomous part alone: (J − 0.1·t·I)/(1 + 0.5 sin t)
    expectClose(out, J.flat().map((x, k) => (x - (k % 4 === 0 ? 0.1 * t : 0)) * s), 5e-5, 'autonomous jacobian');
    b.dispose([Wt, y, vt]);
    expect(b.memory().tensors).toBe(before);
  });

  it('refuses a short output buffer and a direction of the wrong shape', async () => {
    const b = await createTfjsBackend();
    const dyn = autodiffDynamics(b, (_t, yy) => b.tanh(yy), { time: 'autonomous' });
    const y = b.fromArray(yv);
    const v = b.fromArray([1, 2]);
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        expect(isOdeflowError(e)).toBe(true);
        return `${(e as { code: string }).code}: ${(e as Error).message}`;
      }
      return undefined;
    };
    expect(codeOf(() => dyn.jacobian!(0, y, [], new Float64Array(8)))).toMatch(/SHAPE_MISMATCH.*holds 8 entries.*needs 9/);
    expect(codeOf(() => dyn.jvp!(0, y, v, []))).toMatch(/SHAPE_MISMATCH.*v has shape \[2\] but the state y has shape \[3\]/);
    b.dispose([y, v]);
  });
});
