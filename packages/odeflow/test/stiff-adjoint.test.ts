import { describe, expect, it } from 'vitest';
import { createOdeflow, equationDynamics, type EquationSpec, type JsTensor, type Odeflow } from 'odeflow';

const ROBER: EquationSpec = {
  state: ['y1', 'y2', 'y3'],
  params: { k1: 0.04, k2: 3e7, k3: 1e4 },
  equations: { y1: '-k1*y1 + k3*y2*y3', y2: 'k1*y1 - k3*y2*y3 - k2*y2^2', y3: 'k2*y2^2' },
};
// log-spaced outputs 1e-4 … 1e5, two per decade, after t0 = 0
const ROBER_TS = [0, ...Array.from({ length: 19 }, (_, i) => 1e-4 * Math.pow(10, i / 2))];
// y2 is ~1e-5 of the others: weigh it up so that every component shapes the loss
const roberWeight = (i: number, j: number) => (j === 1 ? 1e4 : 1) * Math.cos(0.3 * i + j);

interface Result { value: number; y0: number[]; params: number[]; steps: number; stats: Record<string, number> }

function lossAndGradients(flow: Odeflow<JsTensor>, spec: EquationSpec, theta: number[], y0: number[], ts: number[], weight: (i: number, j: number) => number, options: Record<string, unknown>, sensitivityOptions: Record<string, unknown> = {}): Result {
  const b = flow.backend;
  const { dynamics } = equationDynamics(b, spec);
  const params = theta.map((v) => b.fromArray([v], [1]));
  const y = b.fromArray(y0);
  const run = flow.run({ dynamics, y0: y, ts, params }, options, sensitivityOptions);
  let value = 0;
  const cot = run.solution.ys.map((yi, i) => {
    const d = b.toFloat64Array(yi);
    const w = Array.from(d, (_, j) => weight(i, j));
    d.forEach((v, j) => (value += w[j] * v));
    return b.fromArray(w);
  });
  const g = run.backward(cot);
  const out = { value, y0: g.y0.toArray(), params: g.params.map((p) => p.data[0]), steps: run.stats.stepsBackward, stats: { ...run.stats } };
  b.dispose([...cot, g.y0, ...g.params, ...run.solution.ys, ...params, y]);
  return out;
}

function lossOnly(flow: Odeflow<JsTensor>, spec: EquationSpec, theta: number[], y0: number[], ts: number[], weight: (i: number, j: number) => number, options: Record<string, unknown>): number {
  const b = flow.backend;
  const { dynamics } = equationDynamics(b, spec);
  const params = theta.map((v) => b.fromArray([v], [1]));
  const y = b.fromArray(y0);
  const sol = flow.solve({ dynamics, y0: y, ts, params }, options);
  expect(sol.status).toBe('success');
  let value = 0;
  sol.ys.forEach((yi, i) => b.toFloat64Array(yi).forEach((v, j) => (value += weight(i, j) * v)));
  b.dispose([...sol.ys, ...params, y]);
  return value;
}

const rel = (x: number, ref: number) => Math.abs(x - ref) / Math.abs(ref);

describe('the interpolating adjoint through stiff solves', () => {
  it("Robertson's three rate constants: rodas5p's adjoint agrees with central differences to 1e-5", async () => {
    const flow = await createOdeflow<JsTensor>({ solver: 'rodas5p' });
    const theta = [0.04, 3e7, 1e4];
    const y0 = [1, 0, 0];
    const t0 = performance.now();
    const r = lossAndGradients(flow, ROBER, theta, y0, ROBER_TS, roberWeight, { rtol: 1e-8, atol: 1e-14 });
    const ms = performance.now() - t0;
    const tight = { rtol: 1e-12, atol: 1e-20 };
    const fd = theta.map((_, k) => {
      const h = 1e-4 * theta[k];
      const up = theta.map((v, j) => (j === k ? v + h : v));
      const dn = theta.map((v, j) => (j === k ? v - h : v));
      return (lossOnly(flow, ROBER, up, y0, ROBER_TS, roberWeight, tight) - lossOnly(flow, ROBER, dn, y0, ROBER_TS, roberWeight, tight)) / (2 * h);
    });
    console.log('rober', r.params, fd, r.params.map((g, k) => rel(g, fd[k])), ms, r.stats);
    for (let k = 0; k < 3; k++) expect(rel(r.params[k], fd[k])).toBeLessThan(1e-5);
  });
});
