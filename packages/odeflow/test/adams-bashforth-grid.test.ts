import { describe, expect, it } from 'vitest';
import { odeint } from 'odeflow';

const oscillator = (_t: number, y: Float64Array) => [y[1], -y[0]];

describe('Adams–Bashforth on a stepSize grid warms up once', () => {
  // f(t0) once, order − 1 RK4 warm-up steps of 4 evaluations (3 stages and f(t₁, y₁)), then 1 per step
  const expected = (order: number, steps: number) => 1 + 4 * (order - 1) + (steps - (order - 1));

  for (const [order, t1, stepSize] of [[4, 20, 0.001], [4, 200, 0.01], [5, 7, 0.0007], [3, -50, 0.005]] as const) {
    it(`ab${order} over [0, ${t1}] with stepSize ${stepSize}: ${Math.round(Math.abs(t1) / stepSize)} steps, no restart on rounded grid times`, () => {
      const sol = odeint(oscillator, [1, 0], [0, t1], { method: `ab${order}`, stepSize });
      const steps = Math.round(Math.abs(t1) / stepSize);
      expect(sol.stats.accepted).toBe(steps);
      expect(sol.stats.nfe).toBe(expected(order, steps));
      // and the method keeps its order: the solution is accurate
      expect(Math.abs(sol.ys[1][0] - Math.cos(t1))).toBeLessThan(1e-5);
    });
  }

  it('still restarts for a genuinely different step: the last, shortened one costs a warm-up RK4 step', () => {
    const sol = odeint(oscillator, [1, 0], [0, 37.3], { method: 'ab4', stepSize: 0.0013 });
    const steps = Math.ceil(37.3 / 0.0013);
    expect(sol.stats.accepted).toBe(steps);
    expect(sol.stats.nfe).toBe(expected(4, steps - 1) + 4);
  });
});
