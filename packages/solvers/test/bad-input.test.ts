import { isOdeflowError, type ErrorCode, type JsTensor } from '@odeflow/core';
import { ButcherTableau, dopri5, ExplicitRungeKutta, INTEGRATE_OPTION_KEYS, integrate, rk4, type IntegrateArgs } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { be, knownProblem } from './problems.js';

function refused(args: Partial<IntegrateArgs<JsTensor>> & Record<string, unknown>, code: ErrorCode, pattern?: RegExp): void {
  const y0 = be.fromArray([1, 1]);
  const full = { backend: be, dynamics: knownProblem, y0, ts: [0, 1], solver: dopri5, ...args } as IntegrateArgs<JsTensor>;
  let caught: unknown;
  try {
    integrate(full);
  } catch (e) {
    caught = e;
  }
  expect(isOdeflowError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
  if (pattern) expect((caught as Error).message).toMatch(pattern);
}

describe('bad arguments are refused with a stable code and a message naming the fix', () => {
  it('non-finite y0', () => {
    refused({ y0: be.fromArray([1, NaN]) }, 'INVALID_ARGUMENT', /y0 contains NaN/);
    refused({ y0: be.fromArray([Infinity, 0]) }, 'INVALID_ARGUMENT', /finite/);
  });
  it('ts empty, not strictly monotone, or not finite', () => {
    refused({ ts: [] }, 'INVALID_ARGUMENT', /non-empty/);
    refused({ ts: [0, 1, 1] }, 'INVALID_ARGUMENT', /strictly monotone/);
    refused({ ts: [0, 2, 1] }, 'INVALID_ARGUMENT', /strictly monotone/);
    refused({ ts: [0, NaN] }, 'INVALID_ARGUMENT', /not a finite number/);
    refused({ ts: [0, Infinity] }, 'INVALID_ARGUMENT', /not a finite number/);
  });
  it('rtol/atol ≤ 0, not finite, or the wrong length', () => {
    for (const bad of [0, -1e-6, NaN, Infinity]) {
      refused({ options: { rtol: bad } }, 'INVALID_ARGUMENT', /rtol/);
      refused({ options: { atol: bad } }, 'INVALID_ARGUMENT', /atol/);
    }
    refused({ options: { rtol: [1e-6, 1e-6, 1e-6] } }, 'INVALID_ARGUMENT', /one value per component/);
    refused({ options: { atol: [1e-6, -1] } }, 'INVALID_ARGUMENT', /atol\[1\]/);
  });
  it('unknown option keys: a typo is refused and the message lists the valid keys', () => {
    refused({ options: { rtoll: 1e-6 } as never }, 'INVALID_ARGUMENT', /Unknown option "rtoll".*Valid options: rtol, atol/);
    for (const key of INTEGRATE_OPTION_KEYS) expect(INTEGRATE_OPTION_KEYS.indexOf(key)).toBeGreaterThanOrEqual(0);
  });
  it('every other bad option value', () => {
    const bad: Record<string, unknown>[] = [
      { safety: 0 }, { safety: 1.5 }, { factorMin: 1 }, { factorMin: -1 }, { factorMax: 1 }, { dtMin: -1 }, { dtMax: 0 },
      { dtMin: 1, dtMax: 0.5 }, { maxSteps: 0 }, { maxSteps: 1.5 }, { pcoeff: -1 }, { icoeff: 0 }, { firstStep: 0 },
      { stepT: [0.5, NaN] }, { jumpT: 'x' }, { stepSize: -0.1 }, { grid: [0, 0.5, 0.4, 1] }, { grid: [0.1, 1] },
      { stepSize: 0.1, grid: [0, 1] }, { events: [{ fn: 3 }] }, { events: [{ fn: () => 0, direction: 'up' }] },
      { events: [{ fn: () => 0, terminal: 'yes' }] }, { events: [{ fn: () => 0, when: 1 }] }, { dense: 1 }, { norm: 'rms' },
    ];
    for (const options of bad) refused({ options: options as never }, 'INVALID_ARGUMENT');
  });
  it('f returning the wrong shape: SHAPE_MISMATCH naming t', () => {
    const wrong = { f: () => be.fromArray([1, 2, 3]) };
    refused({ dynamics: wrong }, 'SHAPE_MISMATCH', /t = 0/);
    refused({ dynamics: { f: () => be.fromArray([1, 2], [2, 1]) } }, 'SHAPE_MISMATCH', /shape \[2, 1\]/);
    // nothing the failed solve created stays alive
    const before = be.memory().tensors;
    refused({ dynamics: wrong, y0: undefined }, 'INVALID_ARGUMENT');
    const y0 = be.fromArray([1, 1]);
    expect(() => integrate({ backend: be, dynamics: wrong, y0, ts: [0, 1], solver: dopri5 })).toThrow(/SHAPE_MISMATCH/);
    be.dispose(y0);
    expect(be.memory().tensors).toBe(before + 1);
  });
  it('a solver not built on this package is UNSUPPORTED', () => {
    const foreign = { ...dopri5, name: 'foreign', createStepper: undefined };
    refused({ solver: foreign as never }, 'UNSUPPORTED', /ExplicitRungeKutta/);
  });
});

describe('tableaus check themselves', () => {
  const good = rk4.tableau;
  it('a consistent tableau is accepted and reports FSAL', () => {
    expect(new ButcherTableau(good).stages).toBe(4);
    expect(dopri5.tableau.fsal).toBe(true);
    expect(rk4.tableau.fsal).toBe(false);
  });
  const broken: [string, object, RegExp][] = [
    ['row sum ≠ c', { ...good, c: [0, 0.3, 2 / 3, 1] }, /row 1 of A sums to/],
    ['Σb ≠ 1', { ...good, b: [1 / 8, 3 / 8, 3 / 8, 1 / 4] }, /b sums to/],
    ['Σ bErr ≠ 0', { ...good, bErr: [0.1, 0, 0, 0] }, /bErr sums to/],
    ['ragged A', { ...good, a: [[], [1 / 3], [1]] }, /A has 3 rows/],
    ['implicit row', { ...good, a: [[0], [1 / 3], [-1 / 3, 1], [1, -1, 1]] }, /row 0 of A has 1 entries/],
    ['c[0] ≠ 0', { ...good, c: [0.1, 1 / 3, 2 / 3, 1] }, /c\[0\] must be 0/],
    ['b length', { ...good, b: [1] }, /b has 1 entries/],
    ['non-finite', { ...good, b: [NaN, 3 / 8, 3 / 8, 1 / 8] }, /finite/],
  ];
  for (const [what, data, pattern] of broken) {
    it(`refuses ${what} with INVALID_TABLEAU`, () => {
      expect(() => new ButcherTableau(data as never)).toThrow(pattern);
      let caught: unknown;
      try {
        new ExplicitRungeKutta({ name: 'broken', order: 4, tableau: data as never });
      } catch (e) {
        caught = e;
      }
      expect(isOdeflowError(caught, 'INVALID_TABLEAU')).toBe(true);
    });
  }
  it('an adaptive tableau needs its error order', () => {
    expect(() => new ExplicitRungeKutta({ name: 'x', order: 5, tableau: dopri5.tableau })).toThrow(/errorOrder/);
  });
});
