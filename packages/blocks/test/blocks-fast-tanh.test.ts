import { describe, expect, it } from 'vitest';
import { fastTanh, SeededRandom } from '@odeflow/blocks';

describe('fastTanh', () => {
  it('agrees with Math.tanh to a few ulp over the whole range', () => {
    const rng = new SeededRandom(17);
    let worst = 0;
    for (let k = 0; k < 200000; k++) {
      const scale = [0.01, 0.2, 1, 5, 25][k % 5];
      const x = rng.normal(0, scale);
      const exact = Math.tanh(x);
      const ulp = Math.max(Math.abs(exact) * Number.EPSILON, Number.MIN_VALUE);
      worst = Math.max(worst, Math.abs(fastTanh(x) - exact) / ulp);
    }
    expect(worst).toBeLessThan(8);
  });

  it('handles the edges: ±0, saturation, infinities and NaN', () => {
    expect(Object.is(fastTanh(0), 0)).toBe(true);
    expect(Object.is(fastTanh(-0), -0)).toBe(true);
    expect(fastTanh(19.2)).toBe(1);
    expect(fastTanh(-700)).toBe(-1);
    expect(fastTanh(Infinity)).toBe(1);
    expect(fastTanh(-Infinity)).toBe(-1);
    expect(fastTanh(Number.NaN)).toBeNaN();
    expect(fastTanh(1e-300)).toBe(1e-300);
  });
});
