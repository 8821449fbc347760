import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOdeflow, isOdeflowError, odeint, realiseBlock, type JsTensor, type MlpBlockSpec } from 'odeflow';

const lorenz = (_t: number, y: Float64Array) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];
const oscillator = (_t: number, y: Float64Array) => [y[1], -y[0] - 0.1 * y[1]];

function expectStrictlyMonotone(ts: readonly number[], direction: 1 | -1): void {
  for (let i = 1; i < ts.length; i++) expect(direction * (ts[i] - ts[i - 1])).toBeGreaterThan(0);
}

/** Equal to rounding: the dense output at a step's end interpolates at θ = (t − t₀)/dt, 1 to within an ulp. */
function expectSameState(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(b[i])));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isOdeflowError(e) ? e.code : `not an OdeflowError: ${String(e)}`;
  }
  return undefined;
}

describe('odeint with everyStep: the state at t0 and at the end of every accepted step', () => {
  for (const method of ['dopri5', 'tsit5', 'dopri8', 'bosh3']) {
    it(`${method}: ts strictly increasing, one per accepted step plus t0, equal to the dense output there`, () => {
      const sol = odeint(lorenz, [1, 0, 0], [0, 2], { method, rtol: 1e-8, atol: 1e-8, everyStep: true, dense: true });
      expect(sol.status).toBe('success');
      expect(sol.ts.length).toBe(sol.stats.accepted + 1);
      expect(sol.ys.length).toBe(sol.ts.length);
      expect(sol.stats.accepted).toBeGreaterThan(20);
      expect(sol.ts[0]).toBe(0);
      expect(sol.ts[sol.ts.length - 1]).toBe(2);
      expectStrictlyMonotone(sol.ts, 1);
      expect(Array.from(sol.ys[0])).toEqual([1, 0, 0]);
      sol.ts.forEach((t, i) => expectSameState(sol.evaluate!(t), sol.ys[i]));
      // the same steps as a solve asking for those very times (steps are never shortened onto outputs)
      const asked = odeint(lorenz, [1, 0, 0], sol.ts, { method, rtol: 1e-8, atol: 1e-8 });
      expect(asked.stats.accepted).toBe(sol.stats.accepted);
      asked.ys.forEach((y, i) => y.forEach((v, j) => expect(v).toBeCloseTo(sol.ys[i][j], 9)));
    });
  }

  it('works backwards in time', () => {
    const sol = odeint(oscillator, [1, 0], [5, -3], { rtol: 1e-9, atol: 1e-9, everyStep: true, dense: true });
    expect(sol.ts.length).toBe(sol.stats.accepted + 1);
    expect(sol.ts[0]).toBe(5);
    expect(sol.ts[sol.ts.length - 1]).toBe(-3);
    expectStrictlyMonotone(sol.ts, -1);
    sol.ts.forEach((t, i) => expectSameState(sol.evaluate!(t), sol.ys[i]));
  });

  it('gives every point of a fixed-step grid', () => {
    const sol = odeint(oscillator, [1, 0], [0, 1], { method: 'rk4', stepSize: 0.125, everyStep: true });
    expect(sol.ts).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    expect(sol.stats.accepted).toBe(8);
  });

  it('ends at a terminal event, with its time and state', () => {
    const fall = (_t: number, y: Float64Array) => [y[1], -9.81];
    const sol = odeint(fall, [10, 0], [0, 5], {
      rtol: 1e-10, atol: 1e-10, everyStep: true, events: [{ fn: (_t, y) => y[0], terminal: true }],
    });
    expect(sol.status).toBe('terminated');
    expect(sol.ts.length).toBe(sol.stats.accepted + 1);
    expectStrictlyMonotone(sol.ts, 1);
    const tHit = Math.sqrt(20 / 9.81);
    expect(sol.ts[sol.ts.length - 1]).toBeCloseTo(tHit, 10);
    expect(sol.ts[sol.ts.length - 1]).toBe(sol.events[0].t);
    expect(sol.ys[sol.ys.length - 1][0]).toBeCloseTo(0, 9);
    expect(sol.ys[sol.ys.length - 2][0]).toBeGreaterThan(0);
  });

  it('refuses a non-boolean and more than the interval [t0, t1], saying what to pass', () => {
    expect(codeOf(() => odeint(oscillator, [1, 0], [0, 1], { everyStep: 'yes' as never }))).toBe('INVALID_ARGUMENT');
    expect(() => odeint(oscillator, [1, 0], [0, 0.5, 1], { everyStep: true })).toThrow(/ts = \[t0, t1\]/);
    // false keeps the requested times
    expect(odeint(oscillator, [1, 0], [0, 0.5, 1], { everyStep: false }).ts).toEqual([0, 0.5, 1]);
  });
});

const SPEC: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [8, 2],
  activation: 'tanh',
  init: { weights: { kind: 'normal', std: 0.5 }, bias: { kind: 'normal', std: 0.1 }, seed: 7 },
};

describe('sensitivities of every-step outputs', () => {
  it('direct: the gradient of a loss on every step equals that of the same steps asked for as a grid', async () => {
    const flow = await createOdeflow<JsTensor>({ sensitivity: 'direct', options: { rtol: 1e-7, atol: 1e-9 } });
    const be = flow.backend;
    const block = realiseBlock(SPEC, be);
    const problem = { dynamics: block.dynamics, y0: be.fromArray([0.6, -0.4]), ts: [0, 1.5], params: block.params };
    const loss = (ys: readonly JsTensor[]) => ys.map((y, i) => be.fromArray(Array.from(y.data, (v, j) => v + 0.1 * (i + j))));
    const run = flow.run(problem, { everyStep: true });
    const ts = run.solution.ts;
    expect(ts.length).toBe(run.solution.stats.accepted + 1);
    const g = run.backward(loss(run.solution.ys));
    expect(g.ts.length).toBe(ts.length);
    const grid = flow.run({ ...problem, ts }, { grid: ts });
    const ref = grid.backward(loss(grid.solution.ys));
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], 10));
    close(g.y0.data, ref.y0.data);
    g.params.forEach((p, k) => close(p.data, ref.params[k].data));
    close(g.ts, ref.ts);
  });

  for (const sensitivity of ['adjoint', 'checkpointed']) {
    it(`${sensitivity}: refuses every-step outputs with UNSUPPORTED instead of a wrong gradient`, async () => {
      const flow = await createOdeflow<JsTensor>({ sensitivity });
      const be = flow.backend;
      const block = realiseBlock(SPEC, be);
      const problem = { dynamics: block.dynamics, y0: be.fromArray([0.6, -0.4]), ts: [0, 1.5], params: block.params };
      expect(codeOf(() => flow.run(problem, { everyStep: true }))).toBe('UNSUPPORTED');
    });
  }
});

describe('everyStep on tfjs', () => {
  it('gives t0 and every step end, like the float64 solve to float32 accuracy, and leaks no tensor', async () => {
    const flow = await createOdeflow<tf.Tensor>({ backend: 'tfjs', options: { rtol: 1e-5, atol: 1e-6 } });
    const be = flow.backend;
    const block = realiseBlock(SPEC, be);
    const y0 = be.fromArray([0.6, -0.4]);
    const before = tf.memory().numTensors;
    const sol = flow.solve({ dynamics: block.dynamics, y0, ts: [0, 1.5], params: block.params }, { everyStep: true });
    expect(sol.ts.length).toBe(sol.stats.accepted + 1);
    expectStrictlyMonotone(sol.ts, 1);
    expect(sol.ts[sol.ts.length - 1]).toBe(1.5);
    const js = await createOdeflow<JsTensor>({ options: { rtol: 1e-5, atol: 1e-6 } });
    const jsBlock = realiseBlock(SPEC, js.backend);
    const ref = js.solve({ dynamics: jsBlock.dynamics, y0: js.backend.fromArray([0.6, -0.4]), ts: sol.ts, params: jsBlock.params });
    sol.ys.forEach((y, i) => Array.from(y.dataSync()).forEach((v, j) => expect(v).toBeCloseTo(ref.ys[i].data[j], 4)));
    be.dispose(sol.ys);
    expect(tf.memory().numTensors).toBe(before);
    be.dispose([y0, ...block.params]);
  });
});
