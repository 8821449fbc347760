import { BUILTIN_SOLVERS, ExplicitRungeKutta, PolynomialInterpolant, type SteppableSolver } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';

// central difference of the weights in θ (they are polynomials: error O(h²) with tiny constants)
function fd(s: SteppableSolver, theta: number) {
  const h = 1e-5;
  const a = s.denseWeights(theta + h);
  const b = s.denseWeights(theta - h);
  return { y0: (a.y0 - b.y0) / (2 * h), y1: (a.y1 - b.y1) / (2 * h), k: a.k.map((x, i) => (x - b.k[i]) / (2 * h)) };
}

describe('interpolants own their time derivative', () => {
  for (const s of BUILTIN_SOLVERS) {
    it(`${s.name}: derivativeWeights match differences of the weights`, () => {
      for (const theta of [0.1, 0.37, 0.5, 0.81, 0.95]) {
        const d = s.denseWeightDerivatives!(theta);
        const want = fd(s, theta);
        expect(d.y0).toBeCloseTo(want.y0, 5);
        expect(d.y1).toBeCloseTo(want.y1, 5);
        d.k.forEach((x, i) => expect(x, `${s.name} k[${i}] θ=${theta}`).toBeCloseTo(want.k[i], 4));
      }
    });
  }

  it('a polynomial interpolant with its own derivative uses it', () => {
    const p = new PolynomialInterpolant((t) => [t - t * t / 2, t * t / 2], 2, 'test', (t) => [1 - t, t]);
    expect(p.derivativeWeights(0.25, 3)).toEqual({ y0: 0, y1: 0, k: [0.75, 0.25, 0] });
    const q = new PolynomialInterpolant((t) => [t - t * t / 2, t * t / 2], 2, 'test');
    const d = q.derivativeWeights(0.25, 2);
    expect(d.k[0]).toBeCloseTo(0.75, 12);
    expect(d.k[1]).toBeCloseTo(0.25, 12);
    expect(new ExplicitRungeKutta({ name: 'e', tableau: { c: [0], a: [[]], b: [1] }, order: 1 }).denseWeightDerivatives(0.5).y1).toBeCloseTo(1.5, 12); // 6θ(1−θ) of the cubic Hermite
  });
});
