import type { Dynamics, DynamicsVjp, JsTensor } from '@odeflow/core';
import { describe, expect, it } from 'vitest';
import { context, finiteDifferences, gradientsOf, JsBackend, relErr } from './helpers/harness.js';

// y' = −k·y + q·H(t − 1): a forcing switched on at t = 1, declared with jumpT so that steps land on it.
// Closed form: y(t) = y0·e^{−kt} for t ≤ 1, then y(1)·e^{−k(t−1)} + (q/k)(1 − e^{−k(t−1)}).
function switched(be: JsBackend): Dynamics<JsTensor> {
  const H = (t: number) => (t >= 1 ? 1 : 0);
  return {
    name: 'switched decay',
    f: (t, y, [p]) => be.fromArray([-p.data[0] * y.data[0] + H(t) * p.data[1]]),
    vjp(t, y, a, [p]): DynamicsVjp<JsTensor> {
      return {
        f: be.fromArray([-p.data[0] * y.data[0] + H(t) * p.data[1]]),
        y: be.fromArray([-p.data[0] * a.data[0]]),
        params: [be.fromArray([-a.data[0] * y.data[0], H(t) * a.data[0]])],
        t: 0,
      };
    },
  };
}

function closedForm(y0: number, k: number, q: number, t: number): number {
  if (t <= 1) return y0 * Math.exp(-k * t);
  const y1 = y0 * Math.exp(-k);
  return y1 * Math.exp(-k * (t - 1)) + (q / k) * (1 - Math.exp(-k * (t - 1)));
}

describe('a discontinuity declared with jumpT', () => {
  const ts = [0, 0.5, 2.5];
  const weights = [[0.3], [1], [-0.7]];
  const loss = (y: number[], _t: number[], p: { data: number[] }[]) =>
    ts.reduce((s, t, i) => s + weights[i][0] * closedForm(y[0], p[0].data[0], p[0].data[1], t), 0);
  const params = [{ data: [0.8, 2], shape: [2] }];
  const fd = finiteDifferences(loss, [1.5], ts, params, 1e-6);

  it.each(['direct', 'checkpointed', 'adjoint'])('%s: ∂L/∂y0 and ∂L/∂θ to 1e-6 (stages at the jump on the side the step integrated)', (name) => {
    const be = new JsBackend();
    const y0 = be.fromArray([1.5]);
    const p = be.fromArray(params[0].data, [2]);
    const g = gradientsOf(be, name, { dynamics: switched(be), y0, ts, params: [p] }, context(be, 'dopri5', { rtol: 1e-10, atol: 1e-12, jumpT: [1] }), weights);
    be.dispose([y0, p]);
    expect(relErr(g.y0, fd.y0)).toBeLessThan(1e-6);
    expect(relErr(g.params[0], fd.params[0])).toBeLessThan(1e-6);
    expect(be.memory().bytes).toBe(0);
  });
});
