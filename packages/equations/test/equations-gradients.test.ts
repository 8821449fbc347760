import { describe, expect, it } from 'vitest';
import { createOdeflow, equationDynamics, isOdeflowError, JsBackend, type EquationSpec, type JsTensor, type Odeflow } from 'odeflow';

const TOL = { rtol: 1e-12, atol: 1e-12 };

interface Case {
  readonly label: string;
  readonly spec: EquationSpec;
  readonly y0: number[];
  readonly ts: number[];
  /** Parameters that generate the data (the spec's values are where gradients are taken). */
  readonly truth: number[];
}

const CASES: Case[] = [
  {
    label: 'pendulum (b, c)',
    spec: { state: ['theta', 'omega'], params: { b: 0.4, c: 4.2 }, equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' } },
    y0: [1, 0],
    ts: [0, 0.5, 1, 1.5, 2, 2.5, 3],
    truth: [0.25, 5],
  },
  {
    label: 'forced pendulum (b, c, A, w; times)',
    spec: {
      state: ['theta', 'omega'],
      params: { b: 0.3, c: 4, A: 0.5, w: 1.7 },
      equations: { theta: 'omega', omega: '-b*omega - c*sin(theta) + A*cos(w*t)' },
    },
    y0: [0.5, 0.2],
    ts: [0.2, 0.9, 1.6, 2.4],
    truth: [0.25, 5, 0.8, 1.3],
  },
  {
    label: 'Lotka–Volterra (alpha, beta, delta, gamma)',
    spec: {
      state: ['x', 'y'],
      params: { alpha: 1.0, beta: 0.45, delta: 0.12, gamma: 0.35 },
      equations: { x: 'alpha*x - beta*x*y', y: 'delta*x*y - gamma*y' },
    },
    y0: [10, 5],
    ts: [0, 1, 2, 3, 4],
    truth: [1.1, 0.4, 0.1, 0.4],
  },
];

/** L = ½ Σᵢ ‖y(tᵢ) − dᵢ‖² and its gradients by the flow's sensitivity. */
function lossAndGradients(flow: Odeflow<JsTensor>, c: Case, theta: number[], y0: number[], ts: number[], data: number[][]) {
  const b = flow.backend;
  const { dynamics } = equationDynamics(b, c.spec);
  const params = theta.map((v) => b.fromArray([v], [1]));
  const problem = { dynamics, y0: b.fromArray(y0), ts, params };
  const r = flow.valueAndGradients(problem, (ys) => {
    let value = 0;
    const cotangents = ys.map((y, i) => {
      const r = Array.from(b.toFloat64Array(y), (v, k) => v - data[i][k]);
      value += 0.5 * r.reduce((s, x) => s + x * x, 0);
      return b.fromArray(r);
    });
    return { value, cotangents };
  });
  return { value: r.value, params: r.gradients.params.map((g) => b.toFloat64Array(g)[0]), y0: Array.from(b.toFloat64Array(r.gradients.y0)), ts: r.gradients.ts };
}

function lossOnly(flow: Odeflow<JsTensor>, c: Case, theta: number[], y0: number[], ts: number[], data: number[][]): number {
  const b = flow.backend;
  const { dynamics } = equationDynamics(b, c.spec);
  const sol = flow.solve({ dynamics, y0: b.fromArray(y0), ts, params: theta.map((v) => b.fromArray([v], [1])) });
  expect(sol.status).toBe('success');
  return sol.ys.reduce((s, y, i) => s + 0.5 * Array.from(b.toFloat64Array(y)).reduce((q, v, k) => q + (v - data[i][k]) ** 2, 0), 0);
}

describe.each(['adjoint', 'direct', 'checkpointed'])('gradients of equation dynamics through the %s sensitivity agree with finite differences', (sensitivity) => {
  it.each(CASES)('$label', async (c) => {
    const flow = await createOdeflow<JsTensor>({ sensitivity, options: TOL });
    const data = flow
      .solve({ dynamics: equationDynamics(flow.backend, c.spec).dynamics, y0: flow.backend.fromArray(c.y0), ts: c.ts, params: c.truth.map((v) => flow.backend.fromArray([v], [1])) })
      .ys.map((y) => Array.from(flow.backend.toFloat64Array(y)));
    const theta = equationDynamics(flow.backend, c.spec).params.map((p) => p.data[0]);
    const got = lossAndGradients(flow, c, theta, c.y0, c.ts, data);
    expect(got.value).toBeGreaterThan(1e-3);
    const L = (th: number[], y0: number[], ts: number[]) => lossOnly(flow, c, th, y0, ts, data);
    const fd = (x: number, g: (e: number) => number) => {
      const h = 1e-5 * Math.max(1, Math.abs(x));
      return (g(h) - g(-h)) / (2 * h);
    };
    const check = (grad: number, want: number, what: string) =>
      expect(Math.abs(grad - want), `${what}: ${grad} vs ${want}`).toBeLessThan(1e-6 * Math.max(Math.abs(want), 1e-2));
    theta.forEach((x, k) => check(got.params[k], fd(x, (e) => L(theta.map((v, i) => (i === k ? v + e : v)), c.y0, c.ts)), `dL/dθ${k}`));
    c.y0.forEach((x, k) => check(got.y0[k], fd(x, (e) => L(theta, c.y0.map((v, i) => (i === k ? v + e : v)), c.ts)), `dL/dy0[${k}]`));
    // The initial time: its gradient integrates aᵀ∂f/∂t, which only time-dependent equations exercise.
    check(got.ts[0], fd(c.ts[0], (e) => L(theta, c.y0, c.ts.map((v, i) => (i === 0 ? v + e : v)))), 'dL/dt0');
    const last = c.ts.length - 1;
    check(got.ts[last], fd(c.ts[last], (e) => L(theta, c.y0, c.ts.map((v, i) => (i === last ? v + e : v)))), 'dL/dt_last');
  });
});

describe('a right-hand side that leaves its domain', () => {
  it('stops the solve with NON_FINITE_STATE naming the equation, the time and the state', async () => {
    const flow = await createOdeflow<JsTensor>();
    const { dynamics } = equationDynamics(flow.backend, { state: ['x', 'v'], equations: { x: 'v', v: 'log(x - 2)' } });
    const err = (() => {
      try {
        flow.solve({ dynamics, y0: flow.backend.fromArray([1, 0]), ts: [0, 1], params: [] });
      } catch (e) {
        return e;
      }
    })();
    expect(isOdeflowError(err, 'NON_FINITE_STATE')).toBe(true);
    expect((err as Error).message).toContain('equations.v = "log(x - 2)" evaluated to NaN at t = 0 (x = 1, v = 0)');
  });
  it('an infinite derivative in the VJP is refused too', () => {
    const js = new JsBackend();
    const { dynamics } = equationDynamics(js, { state: ['x'], equations: { x: 'sqrt(x)' } });
    expect(() => dynamics.vjp!(0, js.fromArray([0]), js.fromArray([1]), [])).toThrow(/aᵀ∂f\/∂y is Infinity at t = 0 \(x = 0\)/);
    // f itself is fine there.
    expect(Array.from(dynamics.f(0, js.fromArray([0]), []).data)).toEqual([0]);
  });
});
