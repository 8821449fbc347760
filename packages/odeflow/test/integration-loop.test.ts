import { describe, expect, it } from 'vitest';
import {
  bindNamed,
  createContainer,
  createOdeflow,
  equationDynamics,
  isOdeflowError,
  odeint,
  TOKENS,
  type JsTensor,
  type StepDecision,
  type StepSizeController,
} from 'odeflow';

const robertson = (_t: number, y: Float64Array) => [
  -0.04 * y[0] + 1e4 * y[1] * y[2],
  0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1],
  3e7 * y[1] * y[1],
];

/** A user controller: a fixed step of 1/8, counting its calls. */
class TenthController implements StepSizeController {
  readonly name = 'tenth';
  readonly adaptive = true;
  calls = 0;
  decide(_err: number, _dt: number): StepDecision {
    this.calls++;
    return { accept: true, dtNext: 0.125 };
  }
}

describe('the integration loop', () => {
  it('MAX_STEPS_EXCEEDED names where the solve stopped, in the message and in details.t (Solution.tReached)', () => {
    let err: unknown;
    try {
      odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, stiffnessCheck: false });
    } catch (e) {
      err = e;
    }
    expect(isOdeflowError(err, 'MAX_STEPS_EXCEEDED')).toBe(true);
    const t = (err as { details: { t: number } }).details.t;
    expect(t).toBeGreaterThan(1);
    expect((err as Error).message).toContain(`at t = ${t} `);
    const partial = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, throwOnFailure: false, stiffnessCheck: false });
    expect(partial.status).toBe('max_steps_exceeded');
    expect(partial.tReached).toBe(t);
    expect(partial.ts).toEqual([0]);
  });

  it('throwOnFailure: false returns the partial solution when f itself returns a non-finite value', () => {
    const sol = odeint((_t, y) => [y[0] * y[0]], [1], [0, 0.5, 2], { throwOnFailure: false });
    expect(sol.status).toBe('non_finite_state');
    expect(sol.ts).toEqual([0, 0.5]);
    expect(sol.ys[1][0]).toBeCloseTo(2, 6);
    expect(sol.tReached).toBeGreaterThan(0.5);
    expect(sol.tReached).toBeLessThan(1.01);
    expect(sol.message).toMatch(/f returned/);
    // and by default it throws NON_FINITE_STATE naming the time
    expect(() => odeint((_t, y) => [y[0] * y[0]], [1], [0, 0.5, 2])).toThrow(/NON_FINITE_STATE/);
  });

  it('a user controller bound in the container is used by name (odeint and createOdeflow)', async () => {
    const container = createContainer();
    const tenth = new TenthController();
    bindNamed(container, TOKENS.StepSizeController, 'tenth', tenth);
    const sol = odeint((_t, y) => [-y[0]], [1], [0, 1], { container, controller: 'tenth', firstStep: 0.125 });
    expect(sol.stats.accepted).toBe(8);
    expect(sol.stats.rejected).toBe(0);
    expect(tenth.calls).toBe(sol.stats.steps);
    expect(sol.ys[1][0]).toBeCloseTo(Math.exp(-1), 6);
    // the default is the PI controller bound as 'pi': a different step sequence
    const pi = odeint((_t, y) => [-y[0]], [1], [0, 1], { container, firstStep: 0.125 });
    expect(pi.stats.accepted).not.toBe(8);
    expect(() => odeint((_t, y) => [-y[0]], [1], [0, 1], { container, controller: 'nope' })).toThrow(/UNKNOWN_NAME/);

    tenth.calls = 0;
    const flow = await createOdeflow<JsTensor>({ container, controller: 'tenth', options: { firstStep: 0.125 } });
    const y0 = flow.backend.fromArray([1]);
    const decay = { name: 'decay', f: (_t: number, y: JsTensor) => flow.backend.mul(y, -1) };
    const s = flow.solve({ dynamics: decay, y0, ts: [0, 1], params: [] });
    expect(s.stats.accepted).toBe(8);
    expect(tenth.calls).toBe(s.stats.steps);
    flow.backend.dispose([y0, ...s.ys]);
  });

  it('dopri8 under direct and checkpointed evaluates its dense stages only where an output needs them', async () => {
    const ts = Array.from({ length: 11 }, (_, i) => i);
    const spec = {
      state: ['x', 'y'],
      params: { alpha: 1.1, beta: 0.4, delta: 0.1, gamma: 0.4 },
      equations: { x: 'alpha*x - beta*x*y', y: 'delta*x*y - gamma*y' },
    };
    const solveWith = async (sensitivity: string) => {
      const f = await createOdeflow<JsTensor>({ solver: 'dopri8', sensitivity, options: { rtol: 1e-10, atol: 1e-10 } });
      const { dynamics, params } = equationDynamics(f.backend, spec);
      const y0 = f.backend.fromArray([10, 5]);
      const out = f.valueAndGradients({ dynamics, y0, ts, params }, (ys) => ({
        value: 0,
        cotangents: ys.map((y) => f.backend.clone(y)),
      }));
      const grads = [...Array.from(out.gradients.y0.data), ...out.gradients.params.flatMap((p) => Array.from(p.data))];
      f.backend.dispose([y0, ...params, ...out.solution.ys, out.gradients.y0, ...out.gradients.params]);
      return { nfe: out.stats.nfeForward, grads, steps: out.stats.stepsForward };
    };
    const adjoint = await solveWith('adjoint');
    const direct = await solveWith('direct');
    const checkpointed = await solveWith('checkpointed');
    // 12 stages per step and one first-step evaluation, plus 3 dense stages for each step that holds an output time
    expect(direct.nfe).toBe(adjoint.nfe);
    expect(checkpointed.nfe).toBe(adjoint.nfe);
    expect(direct.nfe).toBeLessThan(1600);
    for (let i = 0; i < direct.grads.length; i++) {
      expect(checkpointed.grads[i]).toBeCloseTo(direct.grads[i], 8);
      expect(Math.abs(adjoint.grads[i] - direct.grads[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(direct.grads[i])));
    }
  });
});
