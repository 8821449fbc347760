import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { bindNamed, createContainer, createOdeflow, isOdeflowError, odeint, TOKENS, type JsBackend, type JsTensor } from 'odeflow';
import { ImplicitEuler, type ImplicitEulerOptions } from './plugins/implicit-euler.js';
import { thrownError as caught } from './helpers/thrown-error.js';

// y' = A·y with A = V·diag(−1, −1e4)·V⁻¹, V = [[1, 1], [0, 1]]: stiffness ratio 1e4. From y₀ = V·[1, 1] = [2, 1]
// the exact solution is y(t) = V·exp(D·t)·[1, 1] = [e^−t + e^−1e4·t, e^−1e4·t].
const A = [
  [-1, 1 - 1e4],
  [0, -1e4],
];
const stiff = (_t: number, y: Float64Array) => [A[0][0] * y[0] + A[0][1] * y[1], A[1][0] * y[0] + A[1][1] * y[1]];
const jacobian = () => A;
const exact = (t: number) => [Math.exp(-t) + Math.exp(-1e4 * t), Math.exp(-1e4 * t)];
const y0 = [2, 1];
const ts = [0, 0.5, 1, 2];

/** A container with the plug-in registered by name, as a user would do it. */
function containerWith(options: ImplicitEulerOptions = {}) {
  const solver = new ImplicitEuler(options);
  return createContainer([new ContainerModule((o) => bindNamed(o, TOKENS.Solver, solver.name, solver))]);
}


describe('a user plug-in implicit method, registered by name, through the public contracts', () => {
  it('solves a stiff linear problem at a step where explicit methods blow up, and reports its Newton work', () => {
    const container = containerWith();
    const sol = odeint(stiff, y0, ts, { method: 'implicit-euler', stepSize: 0.01, container, jacobian });
    expect(sol.status).toBe('success');
    for (let i = 1; i < ts.length; i++) {
      const want = exact(ts[i]);
      // first order: the slow mode's error is ≈ (h/2)·t·e^−t
      expect(Math.abs(sol.ys[i][0] - want[0])).toBeLessThan(2e-3);
      expect(Math.abs(sol.ys[i][1] - want[1])).toBeLessThan(1e-12);
    }
    const { stats } = sol;
    expect(stats.accepted).toBe(200);
    expect(stats.njev).toBe(200);
    expect(stats.nlu).toBe(200);
    // linear f with the exact Jacobian: one Newton update solves it, a second confirms it
    expect(stats.newtonIterations).toBe(400);
    expect(stats.newtonFailures).toBe(0);
    expect(stats.nfe).toBeGreaterThanOrEqual(stats.newtonIterations + stats.accepted);

    for (const method of ['euler', 'rk4']) {
      // the same step is unstable for explicit methods (h·λ = −100): the state overflows (f then returns ∞)
      let blewUp: boolean;
      try {
        const explicit = odeint(stiff, y0, ts, { method, stepSize: 0.01, throwOnFailure: false });
        const last = explicit.ys[explicit.ys.length - 1];
        blewUp = explicit.status === 'non_finite_state' || !(Math.abs(last[0]) < 1e6);
      } catch (e) {
        blewUp = isOdeflowError(e, 'NON_FINITE_STATE');
      }
      expect(blewUp, `${method} at h = 0.01 must blow up`).toBe(true);
    }
  });

  it('adapts its step, taking far fewer steps than an explicit adaptive method on the stiff problem', () => {
    const container = containerWith({ name: 'implicit-euler-adaptive', adaptive: true });
    const sol = odeint(stiff, y0, ts, { method: 'implicit-euler-adaptive', rtol: 1e-4, atol: 1e-8, container, jacobian });
    expect(sol.status).toBe('success');
    const err = Math.max(...ts.slice(1).map((t, i) => Math.abs(sol.ys[i + 1][0] - exact(t)[0])));
    expect(err).toBeLessThan(5e-3);
    const dopri5 = odeint(stiff, y0, ts, { rtol: 1e-4, atol: 1e-8, stiffnessCheck: false });
    expect(sol.stats.accepted * 5).toBeLessThan(dopri5.stats.accepted);
    expect(sol.stats.njev).toBe(sol.stats.steps);
    expect(sol.stats.nlu).toBe(sol.stats.steps);
  });

  it('works from jvp columns when the dynamics has no dense Jacobian, through createOdeflow', async () => {
    const plugin = new ContainerModule((o) => bindNamed(o, TOKENS.Solver, 'implicit-euler', new ImplicitEuler()));
    const flow = await createOdeflow<JsTensor>({ solver: 'implicit-euler', modules: [plugin], options: { stepSize: 0.01 } });
    const b = flow.backend as JsBackend;
    const matVec = (y: JsTensor) => b.fromArray(stiff(0, y.data), y.shape);
    const sol = flow.solve({ dynamics: { f: (_t, y) => matVec(y), jvp: (_t, _y, v) => matVec(v) }, y0: b.fromArray(y0), ts, params: [] });
    expect(sol.status).toBe('success');
    expect(Math.abs(sol.ys[3].data[0] - exact(2)[0])).toBeLessThan(2e-3);
    expect(sol.stats.njev).toBe(200);
    expect(sol.stats.newtonIterations).toBe(400);
  });

  it('keeps the Jacobian through a sensitivity\'s forward solve (the counting wrapper forwards it)', async () => {
    const plugin = new ContainerModule((o) => bindNamed(o, TOKENS.Solver, 'implicit-euler', new ImplicitEuler()));
    const flow = await createOdeflow<JsTensor>({ solver: 'implicit-euler', sensitivity: 'adjoint', modules: [plugin], options: { stepSize: 0.01 } });
    const b = flow.backend as JsBackend;
    const matVec = (y: JsTensor) => b.fromArray(stiff(0, y.data), y.shape);
    const dynamics = {
      f: (_t: number, y: JsTensor) => matVec(y),
      vjp: (_t: number, _y: JsTensor, a: JsTensor) => ({ f: matVec(_y), y: b.fromArray([A[0][0] * a.data[0], A[0][1] * a.data[0] + A[1][1] * a.data[1]]), params: [], t: 0 }),
      jacobian: (_t: number, _y: JsTensor, _p: readonly JsTensor[], out: Float64Array) => out.set(A.flat()),
    };
    const run = flow.run({ dynamics, y0: b.fromArray(y0), ts, params: [] });
    expect(run.solution.status).toBe('success');
    expect(run.solution.stats.njev).toBe(200);
    expect(Math.abs(run.solution.ys[3].data[0] - exact(2)[0])).toBeLessThan(2e-3);
    run.dispose();
  });

  it('without jacobian or jvp, differences f (counted in nfe) and matches the run with the exact Jacobian', () => {
    const container = containerWith();
    const exactJ = odeint(stiff, y0, ts, { method: 'implicit-euler', stepSize: 0.01, container, jacobian });
    const fd = odeint(stiff, y0, ts, { method: 'implicit-euler', stepSize: 0.01, container });
    expect(fd.status).toBe('success');
    expect(fd.stats.njev).toBe(200);
    // forward differences on a 2-state system: f(t, y) and one perturbed f per column, every Jacobian
    // (besides one f per Newton iteration, of which the inexact Jacobian may need a few more, and a column
    // redone where the decaying component's step was lost to rounding)
    const extraNewton = fd.stats.newtonIterations - exactJ.stats.newtonIterations;
    expect(extraNewton).toBeGreaterThanOrEqual(0);
    expect(extraNewton).toBeLessThan(5);
    expect(fd.stats.nfe - exactJ.stats.nfe - extraNewton).toBeGreaterThanOrEqual(3 * 200);
    expect(fd.stats.nfe - exactJ.stats.nfe - extraNewton).toBeLessThan(3 * 200 + 10);
    for (let i = 1; i < ts.length; i++) {
      expect(Math.abs(fd.ys[i][0] - exactJ.ys[i][0])).toBeLessThan(1e-8);
      expect(Math.abs(fd.ys[i][1] - exactJ.ys[i][1])).toBeLessThan(1e-8);
    }
  });

  it('a deliberately wrong Jacobian makes Newton fail: status newton_failed, error NEWTON_FAILED', () => {
    const wrong = () => A.map((row) => row.map((x) => -x));
    const options = { method: 'implicit-euler', stepSize: 0.01, container: containerWith(), jacobian: wrong };
    const sol = odeint(stiff, y0, ts, { ...options, throwOnFailure: false });
    expect(sol.status).toBe('newton_failed');
    expect(sol.message).toMatch(/Newton iteration of the implicit method did not converge in the fixed step from t = 0\. Use a smaller stepSize.*better Jacobian/);
    expect(sol.stats.newtonFailures).toBe(1);
    expect(sol.stats.njev).toBe(1);
    const e = caught(() => odeint(stiff, y0, ts, options));
    expect(e.code).toBe('NEWTON_FAILED');
  });

  it('a Newton iteration that can never converge shrinks the step until it underflows: newton_failed', () => {
    const container = containerWith({ name: 'one-shot', adaptive: true, maxNewtonIterations: 1, newtonTol: 1e-300 });
    // from t = 1, the step underflows (1 + dt == 1) after a few dozen rejections
    const late = [1, 2];
    const sol = odeint(stiff, y0, late, { method: 'one-shot', container, jacobian, throwOnFailure: false });
    expect(sol.status).toBe('newton_failed');
    expect(sol.message).toMatch(/kept failing near t = 1, and shrinking the step did not help.*smaller first step.*looser rtol\/atol.*better Jacobian/);
    expect(sol.stats.accepted).toBe(0);
    expect(sol.stats.newtonFailures).toBe(sol.stats.rejected);
    expect(sol.stats.newtonFailures).toBeGreaterThan(10);
    expect(caught(() => odeint(stiff, y0, late, { method: 'one-shot', container, jacobian })).code).toBe('NEWTON_FAILED');
  });
});
