import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  bindNamed,
  ButcherTableau,
  createContainer,
  createOdeflow,
  ExplicitRungeKutta,
  isOdeflowError,
  JsBackend,
  odeint,
  registeredNames,
  TOKENS,
  type Dynamics,
  type JsTensor,
} from 'odeflow';

/** Kutta's third-order method, written here as a user would: a tableau the library does not ship. */
function kutta3(): ExplicitRungeKutta {
  const tableau = new ButcherTableau({
    c: [0, 0.5, 1],
    a: [[], [0.5], [-1, 2]],
    b: [1 / 6, 2 / 3, 1 / 6],
  });
  return new ExplicitRungeKutta({ name: 'kutta3', order: 3, tableau, description: "Kutta's third-order method" });
}

/** dy/dt = −y on a given js backend. */
const decay = (b: JsBackend): Dynamics<JsTensor> => ({ f: (_t, y) => b.mul(y, -1) });

describe('createOdeflow resolves choices by name', () => {
  it('defaults to js / dopri5 / adjoint', async () => {
    const flow = await createOdeflow();
    expect(flow.backend.name).toBe('js');
    expect(flow.solver.name).toBe('dopri5');
    expect(flow.sensitivity.name).toBe('adjoint');
  });

  it('lists what is registered', () => {
    const names = registeredNames(createContainer());
    expect(names.backends).toEqual(expect.arrayContaining(['js', 'tfjs', 'wasm']));
    expect(names.solvers).toEqual(expect.arrayContaining(['dopri5', 'tsit5', 'rk4', 'euler']));
    expect(names.sensitivities).toEqual(expect.arrayContaining(['adjoint', 'direct', 'checkpointed']));
  });

  it('uses a solver the user registers under a new name, without changing odeflow', async () => {
    const plugin = new ContainerModule((o) => bindNamed(o, TOKENS.Solver, 'kutta3', kutta3()));
    const flow = await createOdeflow<JsTensor>({ solver: 'kutta3', modules: [plugin], options: { stepSize: 0.01 } });
    expect(flow.solver.name).toBe('kutta3');
    const b = flow.backend as JsBackend;
    const sol = flow.solve({ dynamics: decay(b), y0: b.fromArray([1]), ts: [0, 1], params: [] });
    expect(sol.status).toBe('success');
    expect(Math.abs(sol.ys[1].data[0] - Math.exp(-1))).toBeLessThan(1e-6);
    // 100 fixed steps of 3 stages; the derivative at the final point (the dense interpolant's end) may add one.
    expect(sol.stats.accepted).toBe(100);
    expect(sol.stats.nfe).toBeGreaterThanOrEqual(300);
    expect(sol.stats.nfe).toBeLessThanOrEqual(301);
    expect(registeredNames(flow.container).solvers).toContain('kutta3');
  });

  it('the same user solver works through odeint with a container', () => {
    const container = createContainer([new ContainerModule((o) => bindNamed(o, TOKENS.Solver, 'kutta3', kutta3()))]);
    const sol = odeint((_t, y) => [-y[0]], [1], [0, 1], { method: 'kutta3', stepSize: 0.01, container });
    expect(Math.abs(sol.ys[1][0] - Math.exp(-1))).toBeLessThan(1e-6);
  });

  it('refuses unknown backend, solver and sensitivity names, listing the known ones', async () => {
    for (const [config, re] of [
      [{ backend: 'cuda' }, /Unknown backend "cuda".*js/],
      [{ solver: 'rk45' }, /Unknown solver "rk45".*dopri5/],
      [{ sensitivity: 'magic' }, /Unknown sensitivity "magic".*adjoint/],
    ] as const) {
      const err = await createOdeflow(config).catch((e: unknown) => e);
      expect(isOdeflowError(err, 'UNKNOWN_NAME')).toBe(true);
      expect((err as Error).message).toMatch(re);
    }
  });

  it('refuses unknown config keys', async () => {
    const err = await createOdeflow({ solvr: 'dopri5' } as never).catch((e: unknown) => e);
    expect(isOdeflowError(err, 'INVALID_ARGUMENT')).toBe(true);
    expect((err as Error).message).toMatch(/solvr/);
  });
});
