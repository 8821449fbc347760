import { describe, expect, it } from 'vitest';
import { odeint } from 'odeflow';

// E5, the chemical pyrolysis of the IVP test set (e5.f), over [0, 1e13] with atol 1.7e-24 as the test set runs it.
// y₂ − y₃ − y₄ is conserved (0): a rounding of 1e-19 in it, harmless next to y₂ ≈ 1e-10 at t = 1e4, is 1000 times
// the final y₂ ≈ 9e-23. Written as the test set writes f: f₃ = f₂ − f₄.
const A = 7.89e-10;
const B = 1.1e7;
const C = 1.13e3;
const M = 1e6;
const e5 = (_t: number, y: Float64Array) => {
  const f1 = A * y[0] - M * C * y[1] * y[2];
  const f3 = B * y[0] * y[2] - C * y[3];
  return [-A * y[0] - B * y[0] * y[2], f1, f1 - f3, f3];
};
const e5J = (_t: number, y: Float64Array) => {
  const r1 = [A, -M * C * y[2], -M * C * y[1], 0];
  const r3 = [B * y[2], 0, B * y[0], -C];
  return [[-A - B * y[2], 0, -B * y[0], 0], r1, r1.map((v, j) => v - r3[j]), r3];
};
const E5_1E13 = [0.1152903278711829e-290, 0.886765551764212e-22, 0.8854814626268838e-22, 0];
const ATOL = 1.7e-24;

/** Correct digits as the stiff benchmark scores them: relative error with the floor atol/rtol. */
function digits(y: ArrayLike<number>, rtol: number): number {
  return Math.min(...E5_1E13.map((r, i) => -Math.log10(Math.abs(y[i] - r) / (Math.abs(r) + ATOL / rtol))));
}

describe('E5 (atol 1.7e-24): two correct digits or a coded failure, never a wrong success', () => {
  const cases = [
    ['rodas5p', 1e-4],
    ['rodas5p', 1e-6],
    ['rodas5p', 1e-8],
    ['rosenbrock23', 1e-4],
    ['rosenbrock23', 1e-6],
    ['kvaerno5', 1e-4],
    ['kvaerno5', 1e-6],
    ['kvaerno5', 1e-8],
  ] as const;
  it.each(cases)('%s at rtol %s', (method, rtol) => {
    const r = odeint(e5, [1.76e-3, 0, 0, 0], [0, 1e13], { method, rtol, atol: ATOL, jacobian: e5J, throwOnFailure: false });
    if (r.status === 'success') expect(digits(r.ys[1], rtol)).toBeGreaterThanOrEqual(2);
    else expect(r.message).toBeTruthy();
  });

  it('rodas5p keeps the conserved y₂ − y₃ − y₄ at the level of atol, not of the rounding of y₁', () => {
    const ts = [0, 1e4, 1e6, 1e13];
    const r = odeint(e5, [1.76e-3, 0, 0, 0], ts, { method: 'rodas5p', rtol: 1e-4, atol: ATOL, jacobian: e5J });
    for (const y of r.ys) expect(Math.abs(y[1] - y[2] - y[3])).toBeLessThan(1e-21);
  });

  it('a per-component atol with one tiny entry refines the solves as a scalar one does', () => {
    const rtol = 1e-4;
    const r = odeint(e5, [1.76e-3, 0, 0, 0], [0, 1e13], { method: 'rodas5p', rtol, atol: [1e-20, ATOL, ATOL, ATOL], jacobian: e5J });
    expect(digits(r.ys[1], rtol)).toBeGreaterThanOrEqual(2);
  });
});
