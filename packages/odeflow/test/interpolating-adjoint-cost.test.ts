import { describe, expect, it } from 'vitest';
import { createOdeflow, equationDynamics, type EquationSpec, type JsTensor } from 'odeflow';

// Robertson as the example fit sees it: log rate constants at its initial guess, 31 log-spaced outputs 1e-4…1e5
const ROBER: EquationSpec = {
  state: ['A', 'B', 'C'],
  params: { log_k1: Math.log(0.1), log_k2: Math.log(1e7), log_k3: Math.log(3e4) },
  equations: { A: '-exp(log_k1)*A + exp(log_k3)*B*C', B: 'exp(log_k1)*A - exp(log_k3)*B*C - exp(log_k2)*B^2', C: 'exp(log_k2)*B^2' },
};
const TS = [0, ...Array.from({ length: 31 }, (_, i) => 10 ** (-4 + (9 * i) / 30))];

// gradients of a relative-residual loss (cotangents ~ 1/y: B's are ~1e5 times A's) and the backward step count
async function gradient(sensitivityOptions: Record<string, unknown>): Promise<{ g: number[]; steps: number }> {
  const flow = await createOdeflow<JsTensor>({ solver: 'rodas5p', sensitivity: 'adjoint' });
  const b = flow.backend;
  const { dynamics, params } = equationDynamics(b, ROBER);
  const y0 = b.fromArray([1, 0, 0]);
  const run = flow.run({ dynamics, y0, ts: TS, params }, { rtol: 1e-6, atol: 1e-12 }, { adjointState: 'interpolate', ...sensitivityOptions });
  const cot = run.solution.ys.map((y, i) => b.fromArray(Array.from(b.toFloat64Array(y), (v, c) => (i === 0 ? 0 : Math.cos(0.7 * i + c) / (Math.abs(v) + 1e-30)))));
  const r = run.backward(cot);
  const g = [...r.y0.toArray(), ...r.params.map((p) => p.data[0])];
  b.dispose([...cot, r.y0, ...r.params, ...run.solution.ys, ...params, y0]);
  return { g, steps: run.stats.stepsBackward };
}

describe('the interpolating adjoint default absolute tolerance', () => {
  it('scales to a instead of the forward atol: fewer backward steps on the Robertson fit, the gradient as accurate', async () => {
    const reference = await gradient({ adjointRtol: 1e-10, adjointAtol: 1e-16 });
    const held = await gradient({ adjointRtol: 1e-4, adjointAtol: 1e-12 });
    const scaled = await gradient({ adjointRtol: 1e-4 });
    const err = (g: number[]) => Math.max(...g.map((v, i) => Math.abs(v - reference.g[i]) / Math.abs(reference.g[i])));
    // the forward atol (1e-12) as a's: 548 steps; scaled to a: 480
    expect(held.steps).toBeGreaterThan(500);
    expect(scaled.steps).toBeLessThanOrEqual(500);
    expect(err(scaled.g)).toBeLessThan(2e-4);
    expect(err(scaled.g)).toBeLessThan(3 * err(held.g));
  });
});
