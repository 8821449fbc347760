import { describe, expect, it } from 'vitest';
import { odeint } from 'odeflow';
// @ts-expect-error -- a plain ES module example without type declarations
import { spiralData, trainSpiral } from './spiral-task.mjs';
// @ts-expect-error -- a plain ES module example without type declarations
import { errorSummary } from './error-summary.mjs';

interface SpiralRun {
  history: { loss: number }[];
  evaluations: { iteration: number; metrics: { error: number } }[];
  params: number[][];
  finalError: number;
  errorSummary: { final: number; lastMean: number; lateMedian: number; lateCount: number; min: number };
  nfeForwardPerIteration: number;
  nfeBackwardPerIteration: number;
}

const data = spiralData() as { ts: number[]; ys: number[][] };

describe('examples/spiral (torchdiffeq ode_demo)', () => {
  it('samples the true spiral dy/dt = y³A from [2, 0] on [0, 25]', () => {
    expect(data.ts).toHaveLength(1000);
    expect(data.ts[999]).toBe(25);
    expect(data.ys[0]).toEqual([2, 0]);
    // against a much tighter solve of the same system
    const A = [
      [-0.1, 2.0],
      [-2.0, -0.1],
    ];
    const f = (_t: number, y: ArrayLike<number>) => [y[0] ** 3 * A[0][0] + y[1] ** 3 * A[1][0], y[0] ** 3 * A[0][1] + y[1] ** 3 * A[1][1]];
    const ref = odeint(f, [2, 0], data.ts, { method: 'dopri8', rtol: 1e-12, atol: 1e-12 }).ys;
    let worst = 0;
    data.ys.forEach((y, i) => (worst = Math.max(worst, Math.abs(y[0] - ref[i][0]), Math.abs(y[1] - ref[i][1]))));
    expect(worst).toBeLessThan(1e-5);
    // the spiral decays towards the origin
    expect(Math.hypot(...data.ys[999])).toBeLessThan(0.5 * Math.hypot(...data.ys[0]));
  });

  it('direct and adjoint sensitivities give the same first update', async () => {
    const direct = (await trainSpiral({ iterations: 1, evalEvery: 1, data, seed: 5, sensitivity: 'direct' })) as SpiralRun;
    const adjoint = (await trainSpiral({ iterations: 1, evalEvery: 1, data, seed: 5, sensitivity: 'adjoint' })) as SpiralRun;
    expect(adjoint.history[0].loss).toBeCloseTo(direct.history[0].loss, 6);
    direct.params.forEach((p, k) => p.forEach((v, i) => expect(Math.abs(v - adjoint.params[k][i])).toBeLessThan(1e-6)));
    expect(direct.nfeBackwardPerIteration).toBeGreaterThan(0);
  });

  it('learns: is reproducible by seed and lowers the batch loss on the float64 js backend', async () => {
    const a = (await trainSpiral({ iterations: 200, evalEvery: 100, data, seed: 1 })) as SpiralRun;
    const b = (await trainSpiral({ iterations: 20, evalEvery: 20, data, seed: 1 })) as SpiralRun;
    expect(b.history.map((h) => h.loss)).toEqual(a.history.slice(0, 20).map((h) => h.loss));
    const mean = (xs: { loss: number }[]) => xs.reduce((s, h) => s + h.loss, 0) / xs.length;
    expect(mean(a.history.slice(150))).toBeLessThan(0.8 * mean(a.history.slice(0, 50)));
    expect(a.evaluations.map((e) => e.iteration)).toEqual([100, 200]);
    expect(Number.isFinite(a.finalError)).toBe(true);
    // the run's error summary is computed from its own evaluations
    const errors = a.evaluations.map((e) => e.metrics.error);
    expect(a.errorSummary.final).toBe(a.finalError);
    expect(a.errorSummary.lastMean).toBeCloseTo((errors[0] + errors[1]) / 2, 15);
    expect(a.errorSummary.lateCount).toBe(1); // only iteration 200 lies after 3/4 of 200
    expect(a.errorSummary.lateMedian).toBe(errors[1]);
    expect(a.errorSummary.min).toBe(Math.min(...errors));
  });

  it('summarises a noisy error trace by the mean of the last evaluations and the late median', () => {
    const evaluations = [0.9, 0.5, 0.6, 0.1, 0.7, 0.2, 0.4, 0.3].map((error, i) => ({ iteration: 20 * (i + 1), error }));
    const s = errorSummary(evaluations, { last: 3, lateFraction: 0.5 });
    expect(s.final).toBe(0.3);
    expect(s.lastMean).toBeCloseTo((0.2 + 0.4 + 0.3) / 3, 15);
    // iterations 100..160 (> 80): errors 0.7, 0.2, 0.4, 0.3 → median (0.3 + 0.4) / 2
    expect(s.lateCount).toBe(4);
    expect(s.lateMedian).toBeCloseTo(0.35, 15);
    expect(s.min).toBe(0.1);
    expect(errorSummary(evaluations).lateCount).toBe(2); // default: the last quarter, iterations 140 and 160
    expect(errorSummary(evaluations).lastMean).toBeCloseTo((0.1 + 0.7 + 0.2 + 0.4 + 0.3) / 5, 15);
    expect(Number.isNaN(errorSummary([]).lastMean)).toBe(true);
    expect(() => errorSummary(evaluations, { last: 0 })).toThrow(RangeError);
    expect(() => errorSummary(evaluations, { lateFraction: 0 })).toThrow(RangeError);
  });
});
