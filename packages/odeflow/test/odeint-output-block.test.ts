import { describe, expect, it } from 'vitest';
import { odeint, PIController, type OdeFunctionForms } from 'odeflow';
import { thrownError } from './helpers/thrown-error.js';

// y'' = −y from (0, 1): y = sin t, y' = cos t
const oscillatorOut: OdeFunctionForms = (_t, y, out) => {
  out[0] = y[1];
  out[1] = -y[0];
};
const oscillatorReturn: OdeFunctionForms = (_t, y) => [y[1], -y[0]];
const ts = Array.from({ length: 101 }, (_, i) => i / 10);

describe('odeint outputs in one block', () => {
  it.each(['dopri5', 'tsit5', 'dopri8', 'rosenbrock23', 'bdf'])('%s: ys are views, row after row, into one Float64Array, with the right values', (method) => {
    const sol = odeint(oscillatorOut, [0, 1], ts, { method, rtol: 1e-9, atol: 1e-9 });
    expect(sol.ys.length).toBe(ts.length);
    const buffer = sol.ys[0].buffer;
    sol.ys.forEach((y, i) => {
      expect(y).toBeInstanceOf(Float64Array);
      expect(y.length).toBe(2);
      expect(y.buffer).toBe(buffer);
      expect(y.byteOffset).toBe(y.BYTES_PER_ELEMENT * 2 * i + sol.ys[0].byteOffset);
      expect(y[0]).toBeCloseTo(Math.sin(ts[i]), 5);
      expect(y[1]).toBeCloseTo(Math.cos(ts[i]), 5);
    });
    expect(Array.from(sol.ys[0])).toEqual([0, 1]);
  });

  it('f written into out and f returning an array give the same outputs and counts', () => {
    for (const method of ['dopri5', 'tsit5', 'dopri8']) {
      const a = odeint(oscillatorReturn, [0, 1], ts, { method, rtol: 1e-8, atol: 1e-8 });
      const b = odeint(oscillatorOut, [0, 1], ts, { method, rtol: 1e-8, atol: 1e-8 });
      expect(b.stats).toEqual(a.stats);
      expect(b.ys.map((y) => Array.from(y))).toEqual(a.ys.map((y) => Array.from(y)));
    }
  });

  it('every-step mode grows its block: one view per accepted step plus t0, each at its time', () => {
    const sol = odeint(oscillatorOut, [0, 1], [0, 50], { everyStep: true, rtol: 1e-10, atol: 1e-10 });
    expect(sol.ys.length).toBe(sol.stats.accepted + 1);
    expect(sol.ys.length).toBeGreaterThan(64);
    const buffer = sol.ys[sol.ys.length - 1].buffer;
    sol.ys.forEach((y, i) => {
      expect(y.buffer).toBe(buffer);
      expect(y[0]).toBeCloseTo(Math.sin(sol.ts[i]), 7);
    });
  });

  it('a failed solve (throwOnFailure: false) returns the outputs it reached', () => {
    const sol = odeint((_t, y) => [y[0] * y[0]], [1], [0, 0.5, 0.9, 2], { throwOnFailure: false });
    expect(sol.status).toBe('non_finite_state');
    expect(sol.ts).toEqual([0, 0.5, 0.9]);
    expect(sol.ys.length).toBe(3);
    expect(sol.ys[2][0]).toBeCloseTo(10, 4);
  });

  it('solves nested inside f, and solves one after another with other functions, do not disturb each other', () => {
    // f of the outer solve itself solves y' = −k y over [0, 1]: its y(1) = e^−k, so the outer y' = e^−1 · (1 + 0·y)
    const inner = (k: number) => odeint((_t, y, out) => void (out[0] = -k * y[0]), [1], [0, 1], { rtol: 1e-10, atol: 1e-12 }).ys[1][0];
    const outer = odeint((_t, _y, out) => void (out[0] = inner(1)), [0], [0, 2], { method: 'dopri5', rtol: 1e-8, atol: 1e-10 });
    expect(outer.ys[1][0]).toBeCloseTo(2 * Math.exp(-1), 8);
    const first = odeint(oscillatorOut, [0, 1], ts, { method: 'rosenbrock23', rtol: 1e-6 });
    const other = odeint((_t, y) => [-50 * (y[0] - Math.cos(_t))], [0], [0, 1], { method: 'rosenbrock23', rtol: 1e-6 });
    const again = odeint(oscillatorOut, [0, 1], ts, { method: 'rosenbrock23', rtol: 1e-6 });
    expect(other.status).toBe('success');
    expect(again.stats).toEqual(first.stats);
    expect(again.ys.map((y) => Array.from(y))).toEqual(first.ys.map((y) => Array.from(y)));
  });
});

describe('odeint checks f in full on its first call, then through each step', () => {
  it('refuses a wrong length, a non-number or an unwritten component at the first call', () => {
    expect(thrownError(() => odeint(() => [1, 2, 3], [0, 1], ts)).code).toBe('SHAPE_MISMATCH');
    expect(thrownError(() => odeint(() => [1, '2'] as never, [0, 1], ts)).code).toBe('INVALID_ARGUMENT');
    const e = thrownError(() => odeint((_t, y, out) => void (out[0] = y[1]), [0, 1], ts));
    expect(e.code).toBe('NON_FINITE_STATE');
    expect(e.message).toMatch(/f wrote NaN for component 1 at t = 0 \(or left out\[1\] unwritten/);
  });

  it('refuses a returned array that changes length or holds a non-number later in the solve', () => {
    const e1 = thrownError(() => odeint((t, y) => (t > 0.5 ? [y[1]] : [y[1], -y[0]]), [0, 1], ts));
    expect(e1.code).toBe('SHAPE_MISMATCH');
    expect(e1.details?.t as number).toBeGreaterThan(0.5);
    const e2 = thrownError(() => odeint((t, y) => [y[1], t > 0.5 ? (null as never) : -y[0]], [0, 1], ts));
    expect(e2.code).toBe('INVALID_ARGUMENT');
  });

  it.each(['dopri5', 'tsit5', 'dopri8', 'bosh3', 'rosenbrock23', 'rodas5p', 'kvaerno5', 'bdf'])(
    '%s: a NaN appearing mid-solve is NON_FINITE_STATE naming the time of the call that returned it',
    (method) => {
      for (const f of [
        (t: number, y: Float64Array) => [y[1], t > 0.5 ? Number.NaN : -y[0]],
        (t: number, y: Float64Array, out: Float64Array) => {
          out[0] = t > 0.5 ? Number.POSITIVE_INFINITY : y[1];
          out[1] = -y[0];
        },
      ]) {
        const e = thrownError(() => odeint(f as OdeFunctionForms, [0, 1], ts, { method }));
        expect(e.code).toBe('NON_FINITE_STATE');
        expect(e.details?.t as number).toBeGreaterThan(0.5);
        expect(e.message).toMatch(/^\[NON_FINITE_STATE\] f (returned NaN for component 1|wrote Infinity for component 0) at t = 0\.[5-9]/);
      }
    },
  );

  it('with a fixed step (rk4) a NaN is caught the same way', () => {
    const e = thrownError(() => odeint((t, y) => [t > 0.25 ? Number.NaN : y[0]], [1], [0, 1], { method: 'rk4', stepSize: 0.1 }));
    expect(e.code).toBe('NON_FINITE_STATE');
    expect(e.details?.t as number).toBeGreaterThan(0.25);
  });
});

describe('the PI controller without Math.pow', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 12])('error order %i: the factor is within 4 ulp of safety·err^(−1/k), exact on exact powers', (order) => {
    const pi = new PIController({ factorMin: 1e-300, factorMax: 1e300 });
    const k = order + 1;
    for (const err of [1e-12, 3.7e-5, 0.01, 0.5, 0.999, 1.5, 7, 1e3, 1e9]) {
      const want = 0.9 * Math.pow(err, -1 / k);
      expect(Math.abs(pi.factor(err, order, 1) - want) / want).toBeLessThan(4 * Number.EPSILON);
    }
    expect(pi.factor(2 ** k, order, 1)).toBe(0.45);
  });
});
