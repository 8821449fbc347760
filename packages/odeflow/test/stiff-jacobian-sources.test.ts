import { describe, expect, it } from 'vitest';
import { odeint } from 'odeflow';

// Robertson's kinetics: the stiff methods must get ∂f/∂y from wherever the user gives it, or by finite
// differences when nobody does, and count every f evaluation either way.
const robertson = (_t: number, y: Float64Array) => [
  -0.04 * y[0] + 1e4 * y[1] * y[2],
  0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1],
  3e7 * y[1] * y[1],
];
const jacobian = (_t: number, y: Float64Array) => [
  [-0.04, 1e4 * y[2], 1e4 * y[1]],
  [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
  [0, 6e7 * y[1], 0],
];
const options = { rtol: 1e-6, atol: 1e-10 };

describe('stiff methods with and without a user Jacobian', () => {
  for (const method of ['rosenbrock23', 'rodas5p', 'kvaerno5', 'bdf']) {
    it(`${method}: finite differences agree with the exact Jacobian, and stats.nfe counts every call of f`, () => {
      let calls = 0;
      const counted = (t: number, y: Float64Array) => {
        calls++;
        return robertson(t, y);
      };
      const exact = odeint(robertson, [1, 0, 0], [0, 40, 1e5], { ...options, method, jacobian });
      const fd = odeint(counted, [1, 0, 0], [0, 40, 1e5], { ...options, method });
      expect(fd.status).toBe('success');
      expect(fd.stats.njev).toBeGreaterThan(0);
      // every f evaluation, including the n (+1) of each finite-difference Jacobian, is in the stats
      expect(fd.stats.nfe).toBe(calls);
      expect(fd.stats.nfe).toBeGreaterThanOrEqual(exact.stats.nfe - exact.stats.njev + 3 * fd.stats.njev - 50);
      for (let i = 1; i < 3; i++) {
        for (let c = 0; c < 3; c++) {
          const scale = Math.abs(exact.ys[i][c]) + 1e-8;
          expect(Math.abs(fd.ys[i][c] - exact.ys[i][c]) / scale).toBeLessThan(1e-3);
        }
      }
    });
  }
});
