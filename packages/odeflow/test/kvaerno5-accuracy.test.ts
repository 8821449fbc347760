import { describe, expect, it } from 'vitest';
import { DiagonallyImplicitRungeKutta, isOdeflowError, KVAERNO5_TABLEAU, odeint } from 'odeflow';

// The Oregonator (IVP test set orego.f) over [0, 360], atol = rtol; reference: the test set's `solut`.
const S = 77.27;
const W = 0.161;
const Q = 8.375e-6;
const orego = (_t: number, y: Float64Array) => [S * (y[1] + y[0] * (1 - Q * y[0] - y[1])), (y[2] - (1 + y[0]) * y[1]) / S, W * (y[0] - y[2])];
const oregoJ = (_t: number, y: Float64Array) => [
  [S * (1 - 2 * Q * y[0] - y[1]), S * (1 - y[0]), 0],
  [-y[1] / S, -(1 + y[0]) / S, 1 / S],
  [W, 0, -W],
];
const OREGO_360 = [0.1000814870318523e1, 0.1228178521549917e4, 0.1320554942846706e3];

// Van der Pol, μ = 1000, over [0, 3000], atol = rtol; reference: SciPy Radau at rtol 1e-13 (bench/stiff/references.mjs).
const mu = 1000;
const vdp = (_t: number, y: Float64Array) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
const vdpJ = (_t: number, y: Float64Array) => [[0, 1], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])]];
const VDP_3000 = [-1.510606936745855, 0.001178380000727207];

/** Correct digits as the stiff benchmark scores them (relative error, floor atol/rtol = 1 here). */
const digits = (y: ArrayLike<number>, ref: number[]) => Math.min(...ref.map((r, i) => -Math.log10(Math.abs(y[i] - r) / (Math.abs(r) + 1))));

describe('kvaerno5 meets the digits of its tolerance minus one', () => {
  it.each([1e-4, 1e-6, 1e-8])('Oregonator at rtol %s', (rtol) => {
    const r = odeint(orego, [1, 2, 3], [0, 360], { method: 'kvaerno5', rtol, atol: rtol, jacobian: oregoJ });
    expect(digits(r.ys[1], OREGO_360)).toBeGreaterThanOrEqual(-Math.log10(rtol) - 1);
  });

  it('Van der Pol μ = 1000 at rtol 1e-8', () => {
    const r = odeint(vdp, [2, 0], [0, 3000], { method: 'kvaerno5', rtol: 1e-8, atol: 1e-8, jacobian: vdpJ });
    expect(digits(r.ys[1], VDP_3000)).toBeGreaterThanOrEqual(7);
  });

  it('a diagonally implicit method refuses an errorScale that is not a positive finite number', () => {
    for (const errorScale of [0, -1, Infinity, Number.NaN]) {
      let error: unknown;
      try {
        new DiagonallyImplicitRungeKutta({ name: 'scaled', tableau: KVAERNO5_TABLEAU, order: 5, errorOrder: 4, errorScale });
      } catch (e) {
        error = e;
      }
      expect(isOdeflowError(error) && error.code).toBe('INVALID_ARGUMENT');
    }
  });
});
