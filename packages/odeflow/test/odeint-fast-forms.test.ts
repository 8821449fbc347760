import { describe, expect, it } from 'vitest';
import { odeint, type OdeFunctionForms, type OdeJacobianForms } from 'odeflow';
import { thrownError } from './helpers/thrown-error.js';

// Van der Pol with μ = 100 (stiff enough for the implicit methods to matter), in both forms of f and ∂f/∂y.
const mu = 100;
const fReturn: OdeFunctionForms = (_t, y) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
const fOut: OdeFunctionForms = (_t, y, out) => {
  out[0] = y[1];
  out[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
};
const jRows: OdeJacobianForms = (_t, y) => [
  [0, 1],
  [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])],
];
const jOut: OdeJacobianForms = (_t, y, out) => {
  out[0] = 0;
  out[1] = 1;
  out[2] = -2 * mu * y[0] * y[1] - 1;
  out[3] = mu * (1 - y[0] * y[0]);
};
const ts = [0, 1, 2];

describe('odeint with f and the jacobian written into out', () => {
  it.each(['rodas5p', 'rosenbrock23', 'kvaerno5', 'dopri5'])('%s: the same solution and counts as the returning forms', (method) => {
    const opts = { method, rtol: 1e-6, atol: 1e-8, maxSteps: 100000, stiffnessCheck: false };
    const a = odeint(fReturn, [2, 0], ts, { ...opts, jacobian: jRows });
    const b = odeint(fOut, [2, 0], ts, { ...opts, jacobian: jOut });
    expect(b.stats).toEqual(a.stats);
    expect(b.ys.map((y) => Array.from(y))).toEqual(a.ys.map((y) => Array.from(y)));
  });

  it('hands f a copy of the state and an out of n entries that it may fill in any order', () => {
    const seen: number[] = [];
    const sol = odeint(
      (_t, y, out) => {
        seen.push(out.length);
        y[0] = 1e9; // a copy: the solution must not see this
        out[1] = -2;
        out[0] = 1;
      },
      [0, 0],
      [0, 1],
      { method: 'rodas5p' },
    );
    expect(new Set(seen)).toEqual(new Set([2]));
    expect(sol.ys[1][0]).toBeCloseTo(1, 10);
    expect(sol.ys[1][1]).toBeCloseTo(-2, 10);
  });

  it('refuses a component left unwritten or a non-finite value, naming the time and component', () => {
    const e1 = thrownError(() => odeint((_t, y, out) => void (out[0] = y[1]), [2, 0], ts, { method: 'rodas5p', jacobian: jOut }));
    expect(e1.code).toBe('NON_FINITE_STATE');
    expect(e1.message).toMatch(/f wrote NaN for component 1 at t = 0 \(or left out\[1\] unwritten/);
    const e2 = thrownError(() => odeint((t, _y, out) => void out.fill(t > 0.5 ? Infinity : 1), [2, 0], ts, { method: 'dopri5' }));
    expect(e2.code).toBe('NON_FINITE_STATE');
    expect(e2.message).toMatch(/f wrote Infinity for component 0 at t = 0\.[5-9]\d*/);
  });

  it('refuses a Jacobian entry left unwritten or non-finite', () => {
    const partial: OdeJacobianForms = (_t, _y, out) => {
      out[0] = 0;
      out[1] = 1;
      out[3] = 1;
    };
    const e1 = thrownError(() => odeint(fOut, [2, 0], ts, { method: 'rodas5p', jacobian: partial }));
    expect(e1.code).toBe('NON_FINITE_STATE');
    expect(e1.message).toMatch(/jacobian of f wrote NaN for ∂f1\/∂y0 at t = 0 \(or left that entry of out unwritten/);
    const e2 = thrownError(() => odeint(fOut, [2, 0], ts, { method: 'kvaerno5', jacobian: (_t, _y, out) => void out.fill(NaN) }));
    expect(e2.code).toBe('NON_FINITE_STATE');
  });

  it('still refuses what it refused: a wrong length, a non-number, a non-array', () => {
    expect(thrownError(() => odeint(() => [1, 2, 3], [2, 0], ts)).code).toBe('SHAPE_MISMATCH');
    expect(thrownError(() => odeint(() => ['1', '2'] as never, [2, 0], ts)).code).toBe('INVALID_ARGUMENT');
    expect(thrownError(() => odeint(() => 7 as never, [2, 0], ts)).code).toBe('SHAPE_MISMATCH');
    expect(thrownError(() => odeint(fOut, [2, 0], ts, { method: 'rodas5p', jacobian: () => [[0, 1]] })).code).toBe('SHAPE_MISMATCH');
  });
});
