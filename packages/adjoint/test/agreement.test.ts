import { describe, expect, it } from 'vitest';
import { mlpDynamics, mlpParams, pendulumDynamics } from './helpers/dynamics.js';
import { context, drivenPendulumGradients, flatGradients, gradientsOf, JsBackend, relErr } from './helpers/harness.js';

describe('direct, adjoint and checkpointed agree', () => {
  it.each([
    [1e-5, 1e-7],
    [1e-8, 1e-10],
  ])('to the solver tolerance (rtol %s) on the driven pendulum, and checkpointed equals direct', (rtol, atol) => {
    const be = new JsBackend();
    const run = (name: string, sensitivityOptions?: Record<string, unknown>) => drivenPendulumGradients(be, name, { rtol, atol }, sensitivityOptions);
    const direct = run('direct');
    const adjoint = run('adjoint');
    const checkpointed = run('checkpointed');
    const every3 = run('checkpointed', { checkpointEvery: 3 });
    expect(relErr(flatGradients(adjoint), flatGradients(direct))).toBeLessThan(300 * rtol);
    expect(relErr(flatGradients(checkpointed), flatGradients(direct))).toBeLessThan(1e-12);
    expect(relErr(flatGradients(every3), flatGradients(direct))).toBeLessThan(1e-12);
    expect(be.memory().bytes).toBe(0);
  });

  it.each(['rk4', 'bosh3', 'tsit5', 'dopri8', 'midpoint'])('for %s (FSAL and non-FSAL tableaus, own interpolants)', (method) => {
    const be = new JsBackend();
    const dyn = mlpDynamics(be);
    const ts = [0, 0.4, 1];
    const options = method === 'rk4' || method === 'midpoint' ? { stepSize: method === 'rk4' ? 0.01 : 0.001 } : { rtol: 1e-9, atol: 1e-11 };
    const run = (name: string) => {
      const y0 = be.fromArray([0.3, -0.2]);
      const ps = mlpParams(be, 2, 5, 3);
      const g = gradientsOf(be, name, { dynamics: dyn, y0, ts, params: ps }, context(be, method, options));
      be.dispose([y0, ...ps]);
      return g;
    };
    const direct = run('direct');
    const adjoint = run('adjoint');
    const checkpointed = run('checkpointed');
    expect(relErr(flatGradients(checkpointed), flatGradients(direct))).toBeLessThan(1e-12);
    expect(relErr(flatGradients(adjoint), flatGradients(direct))).toBeLessThan(method === 'midpoint' ? 1e-4 : 1e-6);
    expect(be.memory().bytes).toBe(0);
  });
});

describe('a single output time (no integration)', () => {
  it.each(['direct', 'adjoint', 'checkpointed'])('%s returns the cotangent as ∂L/∂y0 and zeros elsewhere', (name) => {
    const be = new JsBackend();
    const y0 = be.fromArray([0.4, 1.1]);
    const p = be.fromArray([0.1, 3], [2]);
    const g = gradientsOf(be, name, { dynamics: pendulumDynamics(be), y0, ts: [0.5], params: [p] }, context(be), [[2, -3]]);
    be.dispose([y0, p]);
    expect(g.y0).toEqual([2, -3]);
    expect(g.params).toEqual([[0, 0]]);
    expect(g.ts).toEqual([0]);
    expect(be.memory().bytes).toBe(0);
  });
});
