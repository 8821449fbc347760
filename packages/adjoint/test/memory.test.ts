import { describe, expect, it } from 'vitest';
import { linearDynamics } from './helpers/dynamics.js';
import { context, gradientsOf, JsBackend } from './helpers/harness.js';

// The harmonic oscillator y' = [[0, 1], [−1, 0]]·y: at fixed tolerance the number of steps grows linearly
// with the horizon, while the outputs stay two.
function measure(name: string, horizon: number, sensitivityOptions?: Record<string, unknown>) {
  const be = new JsBackend();
  const y0 = be.fromArray([1, 0]);
  const A = be.fromArray([0, 1, -1, 0], [2, 2]);
  const g = gradientsOf(be, name, { dynamics: linearDynamics(be), y0, ts: [0, horizon], params: [A] }, context(be, 'dopri5', { rtol: 1e-8, atol: 1e-10 }, sensitivityOptions));
  be.dispose([y0, A]);
  expect(be.memory().bytes).toBe(0);
  return g.stats;
}

describe('peak bytes held for the gradient', () => {
  const short = Object.fromEntries(['direct', 'adjoint', 'checkpointed'].map((m) => [m, measure(m, 10)]));
  const long = Object.fromEntries(['direct', 'adjoint', 'checkpointed'].map((m) => [m, measure(m, 120)]));

  it('the steps grow at least 10× with the horizon', () => {
    expect(long.direct.stepsForward / short.direct.stepsForward).toBeGreaterThanOrEqual(10);
    expect(long.adjoint.stepsBackward / short.adjoint.stepsBackward).toBeGreaterThanOrEqual(9.5);
  });

  it("adjoint's grow by at most 1.1× while direct's grow at least 5×", () => {
    expect(long.adjoint.peakBytes / short.adjoint.peakBytes).toBeLessThanOrEqual(1.1);
    expect(long.direct.peakBytes / short.direct.peakBytes).toBeGreaterThanOrEqual(5);
    expect(long.adjoint.peakBytes).toBeLessThan(long.direct.peakBytes / 20);
  });

  it('checkpointing every k steps bounds memory by the checkpoints plus one segment', () => {
    const every = measure('checkpointed', 120, { checkpointEvery: 25 });
    // one state per 25 steps plus one 25-step segment, against every step for direct
    expect(every.peakBytes).toBeLessThan(long.direct.peakBytes / 4);
    // without extra checkpoints there is one segment between the two outputs: as much as direct holds
    expect(long.checkpointed.peakBytes).toBeGreaterThan(long.direct.peakBytes / 2);
  });
});
