import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  createOdeflow, integrate, isOdeflowError, JsBackend, odeint, realiseBlock, rodas5p, ROSENBROCK23, rosenbrock23, solveStatusError,
  type Dynamics, type JsTensor, type MlpBlockSpec,
} from 'odeflow';

// Robertson's kinetics over [0, 1e5]; the reference at t = 1e5 agrees between SciPy's Radau, BDF and LSODA at
// rtol 1e-13, atol 1e-20 (to 1e-11 relative; computed on this machine, scipy 1.17).
const rober = (_t: number, y: Float64Array) => [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]];
const roberJ = (_t: number, y: Float64Array) => [
  [-0.04, 1e4 * y[2], 1e4 * y[1]],
  [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
  [0, 6e7 * y[1], 0],
];
const ROBER_1E5 = [0.017865921142264492, 7.274751468504723e-8, 0.9821340061102207];

// Van der Pol, μ = 1000 (MATLAB's vdp1000) over [0, 3000]; reference from SciPy LSODA and Radau at rtol 1e-11 (agree to 4e-9).
const mu = 1000;
const vdp = (_t: number, y: Float64Array) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
const vdpJ = (_t: number, y: Float64Array) => [[0, 1], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])]];
const VDP_3000 = [-1.5106069305278818, 0.0011783800131442985];

// A stiff non-autonomous scalar with a closed form: y' = −λ(y − cos t) − sin t, y = cos t + (y₀ − 1)e^{−λt}.
const lambda = 1e4;
const stiff = (t: number, y: Float64Array) => [-lambda * (y[0] - Math.cos(t)) - Math.sin(t)];
const stiffJ = () => [[-lambda]];
const stiffExact = (t: number) => Math.cos(t) + (2 - 1) * Math.exp(-lambda * t);

const relErr = (y: ArrayLike<number>, ref: number[]) => Math.max(...ref.map((r, i) => Math.abs(y[i] - r) / Math.abs(r)));

describe.each([
  ['rosenbrock23', rosenbrock23, 100],
  ['rodas5p', rodas5p, 10],
] as const)('%s through odeint', (method, solver, slack) => {
  it(`Robertson over [0, 1e5] at rtol 1e-6: within ${slack}·rtol of the reference, in hundreds to thousands of evaluations`, () => {
    const r = odeint(rober, [1, 0, 0], [0, 1e5], { method, rtol: 1e-6, atol: 1e-12, jacobian: roberJ });
    expect(r.status).toBe('success');
    expect(relErr(r.ys[1], ROBER_1E5)).toBeLessThan(slack * 1e-6);
    expect(r.stats.nfe).toBeLessThan(10_000);
    expect(r.stats.njev).toBe(r.stats.accepted);
    expect(r.stats.nlu).toBe(r.stats.steps);
    expect(solver.implicit).toBe(true);
  });

  it('Van der Pol, μ = 1000, over [0, 3000] at rtol 1e-6', () => {
    const r = odeint(vdp, [2, 0], [0, 3000], { method, rtol: 1e-6, atol: 1e-6, jacobian: vdpJ });
    expect(r.status).toBe('success');
    expect(Math.abs(r.ys[1][0] - VDP_3000[0])).toBeLessThan(slack * 1e-5);
    expect(r.stats.nfe).toBeLessThan(20_000);
  });

  it('a stiff non-autonomous linear problem: the error falls with the tolerance, and the dense output follows the exact solution', () => {
    const ts = Array.from({ length: 41 }, (_, i) => i * 0.05);
    const errs = [1e-4, 1e-6, 1e-8].map((rtol) => {
      const r = odeint(stiff, [2], ts, { method, rtol, atol: rtol, jacobian: stiffJ });
      expect(r.status).toBe('success');
      const err = Math.max(...r.ys.map((y, i) => Math.abs(y[0] - stiffExact(ts[i]))));
      // the outputs fall inside long steps: the dense output's error, not controlled by the step's estimate, dominates
      expect(err).toBeLessThan(100 * rtol);
      return err;
    });
    expect(errs[2]).toBeLessThan(errs[0] / 100);
    // inside the transient (t ≤ 5e-4) the dense output between steps stays on the exact solution
    const r = odeint(stiff, [2], [0, 1e-3], { method, rtol: 1e-8, atol: 1e-8, jacobian: stiffJ, dense: true });
    for (let i = 1; i < 50; i++) {
      const t = i * 1e-5;
      expect(Math.abs(r.evaluate!(t)[0] - stiffExact(t)), `t = ${t}`).toBeLessThan(slack * 1e-7);
    }
  });

  it('locates an event on a stiff problem with its own dense output', () => {
    const r = odeint(stiff, [2], [0, 3], { method, rtol: 1e-8, atol: 1e-8, jacobian: stiffJ, events: [{ fn: (_t, y) => y[0], terminal: true }] });
    expect(r.status).toBe('terminated');
    expect(Math.abs(r.events[0].t - Math.PI / 2)).toBeLessThan(slack * 1e-7);
  });

  it('the js backend runs it with a fixed set of tensors (nothing allocated per step)', () => {
    const be = new JsBackend();
    const dynamics: Dynamics<JsTensor> = {
      f: (t, y) => be.fromArray(stiff(t, y.data)),
      fInto: (t, y, _p, out) => out.data.set(stiff(t, y.data)),
      jacobian: (_t, _y, _p, out) => out.set([-lambda]),
    };
    const y0 = be.fromArray([2]);
    const before = be.memory().tensors;
    const sol = integrate({ backend: be, dynamics, y0, ts: [0, 2], solver, options: { rtol: 1e-6, atol: 1e-6 } });
    expect(sol.status).toBe('success');
    expect(be.memory().tensors - before).toBe(2);
    be.dispose(sol.ys);
    expect(be.memory().tensors).toBe(before);
  });
});

describe('Rosenbrock methods: a singular W', () => {
  it('rejects the step whose W is singular and goes on with a smaller one', () => {
    const h = 0.5;
    const hg = h * ROSENBROCK23.d;
    const l = 1 / hg;
    expect(1 - hg * l).toBe(0);
    const r = odeint((_t, y) => [l * y[0]], [1], [0, 1], { method: 'rosenbrock23', firstStep: h, rtol: 1e-6, jacobian: () => [[l]] });
    expect(r.status).toBe('success');
    expect(r.stats.rejected).toBeGreaterThanOrEqual(1);
    expect(r.stats.newtonFailures).toBe(1);
    expect(Math.abs(r.ys[1][0] / Math.exp(l) - 1)).toBeLessThan(1e-3);
  });

  it('when W stays singular the solve ends with newton_failed, naming t; odeint throws NEWTON_FAILED', () => {
    const be = new JsBackend();
    Object.defineProperty(be, 'linalg', { value: { factor: () => true, solve: () => undefined } });
    const dynamics: Dynamics<JsTensor> = { f: (_t, y) => be.fromArray([-y.data[0]]), jacobian: (_t, _y, _p, out) => out.set([-1]) };
    const y0 = be.fromArray([1]);
    for (const solver of [rosenbrock23, rodas5p]) {
      const sol = integrate({ backend: be, dynamics, y0, ts: [0.25, 1], solver });
      expect(sol.status).toBe('newton_failed');
      expect(sol.message).toMatch(/I − h·γ·J of the implicit method was singular \(or overflowed\) near t = 0\.25/);
      const e = solveStatusError(sol)!;
      expect(e.code).toBe('NEWTON_FAILED');
      expect(e.details).toMatchObject({ t: 0.25 });
    }
  });

  it('a NaN in the Jacobian is a non_finite_state failure naming t and the entry', () => {
    const r = odeint((_t, y) => [-y[0]], [1], [0, 1], { method: 'rodas5p', jacobian: (t) => [[t > 0.5 ? Number.NaN : -1]], throwOnFailure: false });
    expect(['non_finite_state']).toContain(r.status);
  });
});

describe('Rosenbrock methods on tfjs', () => {
  it('fail before solving with UNSUPPORTED: tfjs has no linalg (dense LU)', async () => {
    const ode = await createOdeflow<tf.Tensor>({ backend: 'tfjs', solver: 'rodas5p' });
    const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [4, 2], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.5 }, seed: 1 } };
    const block = realiseBlock(spec, ode.backend);
    const y0 = ode.backend.fromArray([0.5, -0.3]);
    const before = tf.memory().numTensors;
    let err: unknown;
    try {
      const dynamics: Dynamics<tf.Tensor> = { f: (t, y, p) => block.dynamics.f(t, y, p), jacobian: (_t, _y, _p, out) => out.fill(0) };
      ode.solve({ dynamics, y0, ts: [0, 1], params: block.params });
    } catch (e) {
      err = e;
    }
    expect(isOdeflowError(err, 'UNSUPPORTED'), String(err)).toBe(true);
    expect(String(err)).toMatch(/linalg/);
    expect(tf.memory().numTensors).toBe(before);
    ode.backend.dispose([y0, ...block.params]);
  });
});
