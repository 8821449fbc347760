import { describe, expect, it } from 'vitest';
import { isOdeflowError, JsBackend, type TableauData } from '@odeflow/core';
import { ButcherTableau, ExplicitRungeKutta, integrate, rk4 } from '@odeflow/solvers';

// Two-stage SDIRK of order 3, γ = (3 + √3)/6 (Crouzeix 1975, Nørsett 1974; Hairer & Wanner, Solving
// Ordinary Differential Equations II, §IV.6, Table 6.1 with the A-stable choice of γ).
const g3 = (3 + Math.sqrt(3)) / 6;
const sdirk3: TableauData = { c: [g3, 1 - g3], a: [[g3], [1 - 2 * g3, g3]], b: [0.5, 0.5] };

// Two-stage L-stable SDIRK of order 2, γ = 1 − √2/2 (Alexander 1977, SIAM J. Numer. Anal. 14, Table 1).
const g2 = 1 - Math.SQRT2 / 2;
const sdirk2: TableauData = { c: [g2, 1], a: [[g2], [1 - g2, g2]], b: [1 - g2, g2] };

// TR-BDF2 as an ESDIRK with an embedded estimate (Hosea & Shampine 1996, Appl. Numer. Math. 20): an explicit
// first stage (row 0 empty), then two implicit stages with diagonal d.
const d = 1 - Math.SQRT2 / 2;
const w = Math.SQRT2 / 4;
const bHat = [(1 - w) / 3, (3 * w + 1) / 3, d / 3];
const trbdf2: TableauData = {
  c: [0, 2 - Math.SQRT2, 1],
  a: [[], [d, d], [w, w, d]],
  b: [w, w, d],
  bErr: [w - bHat[0], w - bHat[1], d - bHat[2]],
};

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('diagonally implicit tableaus', () => {
  it('validates known SDIRK and ESDIRK tableaus and marks them implicit', () => {
    for (const [data, diag] of [[sdirk3, [g3, g3]], [sdirk2, [g2, g2]], [trbdf2, [0, d, d]]] as const) {
      const t = new ButcherTableau(data);
      expect(t.implicit).toBe(true);
      expect(t.diagonallyImplicit).toBe(true);
      expect(t.diagonal).toEqual(diag);
      expect(t.stages).toBe(data.c.length);
      expect(t.fsal).toBe(false);
    }
    expect(new ButcherTableau(trbdf2).bErr).toHaveLength(3);
  });

  it('keeps explicit tableaus explicit', () => {
    const t = new ButcherTableau(rk4.tableau);
    expect(t.implicit).toBe(false);
    expect(t.diagonallyImplicit).toBe(false);
    expect(t.diagonal).toEqual([0, 0, 0, 0]);
  });

  const broken: [string, TableauData, RegExp][] = [
    ['an entry above the diagonal', { ...sdirk3, a: [[g3, 0.1], [1 - 2 * g3, g3]] }, /row 0 of A has 2 entries; it needs 0 \(explicit stage\) or 1 ending with a nonzero aᵢᵢ.*fully implicit methods\) are not supported/],
    ['a row that does not sum to c', { ...sdirk3, c: [g3, 0.5] }, /row 1 of A sums to 0\.21132.*but c\[1\] = 0\.5/],
    ['an explicitly listed zero diagonal', { ...trbdf2, a: [[0], [d, d], [w, w, d]] }, /row 0 of A has 1 entries but its diagonal entry a00 is 0/],
    ['weights that do not sum to 1', { ...sdirk2, b: [0.5, 0.6] }, /b sums to 1\.1/],
    ['error weights that do not sum to 0', { ...trbdf2, bErr: [0.01, 0, 0] }, /bErr sums to 0\.01/],
    ['a non-finite diagonal', { ...sdirk2, a: [[NaN], [1 - g2, g2]] }, /finite/],
  ];
  for (const [what, data, pattern] of broken) {
    it(`refuses ${what} with INVALID_TABLEAU and a precise message`, () => {
      const e = caught(() => new ButcherTableau(data));
      expect(isOdeflowError(e, 'INVALID_TABLEAU'), String(e)).toBe(true);
      expect(String((e as Error).message)).toMatch(pattern);
    });
  }

  it('the explicit Runge–Kutta method refuses an implicit tableau with UNSUPPORTED naming the fix', () => {
    const e = caught(() => new ExplicitRungeKutta({ name: 'sdirk3', order: 3, tableau: sdirk3 }));
    expect(isOdeflowError(e, 'UNSUPPORTED'), String(e)).toBe(true);
    expect(String((e as Error).message)).toMatch(/"sdirk3": its tableau is diagonally implicit \(nonzero aᵢᵢ in rows 0, 1\).*implicit method/);
    const esdirk = caught(() => new ExplicitRungeKutta({ name: 'trbdf2', order: 2, errorOrder: 3, tableau: trbdf2 }));
    expect(String((esdirk as Error).message)).toMatch(/rows 1, 2/);
  });

  it('integrate checks the capability before a solve: an explicit solver carrying an implicit tableau is refused', () => {
    // a solver object that slipped past the constructor (built by hand) must still not run an implicit tableau explicitly
    const forged = Object.assign(Object.create(Object.getPrototypeOf(rk4) as object) as object, rk4, {
      name: 'forged',
      tableau: new ButcherTableau(sdirk2),
    }) as typeof rk4;
    const be = new JsBackend();
    const y0 = be.fromArray([1]);
    const e = caught(() => integrate({ backend: be, dynamics: { f: (_t, y) => be.mul(y, -1) }, y0, ts: [0, 1], solver: forged }));
    expect(isOdeflowError(e, 'UNSUPPORTED'), String(e)).toBe(true);
    expect(String((e as Error).message)).toMatch(/Solver "forged" declares itself explicit but its tableau is diagonally implicit/);
    be.dispose(y0);
  });
});
