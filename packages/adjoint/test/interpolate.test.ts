import { describe, expect, it } from 'vitest';
import { mlpDynamics, mlpParams } from './helpers/dynamics.js';
import { context, drivenPendulumGradients, flatGradients, gradientsOf, JsBackend, relErr } from './helpers/harness.js';

describe("the adjoint with adjointState 'interpolate'", () => {
  it.each([
    [1e-6, 1e-8],
    [1e-9, 1e-11],
  ])('agrees with direct and the backsolve adjoint on the driven pendulum through dopri5 (rtol %s)', (rtol, atol) => {
    const be = new JsBackend();
    const run = (name: string, sensitivityOptions?: Record<string, unknown>) => drivenPendulumGradients(be, name, { rtol, atol }, sensitivityOptions);
    const direct = run('direct');
    const backsolve = run('adjoint');
    const interpolate = run('adjoint', { adjointState: 'interpolate' });
    expect(relErr(flatGradients(interpolate), flatGradients(direct))).toBeLessThan(300 * rtol);
    expect(be.memory().bytes).toBe(0);
  });

  it.each(['tsit5', 'rodas5p', 'kvaerno5', 'rosenbrock23'])('agrees with direct through dopri5 on an MLP when the forward solver is %s', (method) => {
    const be = new JsBackend();
    const dyn = mlpDynamics(be);
    const ts = [0, 0.4, 1];
    const run = (name: string, m: string, sensitivityOptions?: Record<string, unknown>) => {
      const y0 = be.fromArray([0.3, -0.2]);
      const ps = mlpParams(be, 2, 5, 3);
      const g = gradientsOf(be, name, { dynamics: dyn, y0, ts, params: ps }, context(be, m, { rtol: 1e-10, atol: 1e-12 }, sensitivityOptions));
      be.dispose([y0, ...ps]);
      return g;
    };
    const direct = run('direct', 'dopri5');
    const interpolate = run('adjoint', method, { adjointState: 'interpolate' });
    expect(relErr(flatGradients(interpolate), flatGradients(direct))).toBeLessThan(1e-6);
    expect(be.memory().bytes).toBe(0);
  });
});
