import { describe, expect, it } from 'vitest';
import { createContainer, createOdeflow, functionDynamics, isOdeflowError, JsBackend, odeint, registeredNames, type Dynamics, type JsTensor, type OdeflowError } from 'odeflow';

async function errorOf(fn: () => unknown): Promise<OdeflowError> {
  try {
    await fn();
  } catch (e) {
    if (isOdeflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OdeflowError');
}

describe('runtime entries answer wrong-typed arguments with OdeflowError, never a TypeError', () => {
  const decay = (_t: number, y: Float64Array) => [-y[0]];

  it('odeint with a container that is not one', async () => {
    for (const container of [{}, 1, 'c', null, [] as unknown]) {
      const e = await errorOf(() => odeint(decay, [1], [0, 1], { container } as never));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/Option container must be an inversify Container/);
    }
  });

  it('odeint with throwOnFailure that is not a boolean', async () => {
    expect((await errorOf(() => odeint(decay, [1], [0, 1], { throwOnFailure: 'no' } as never))).code).toBe('INVALID_ARGUMENT');
  });

  it('createOdeflow with a bad container, modules, options or sensitivityOptions', async () => {
    const bad: unknown[] = [
      { container: {} },
      { modules: 1 },
      { modules: [1] },
      { modules: [null] },
      { options: 5 },
      { options: [] },
      { options: JSON.parse('{"__proto__": {"rtol": 1}}') },
      { sensitivityOptions: 'x' },
      JSON.parse('{"__proto__": {"backend": "tfjs"}}'),
      Object.create({ solver: 'rk4' }),
    ];
    for (const config of bad) {
      const e = await errorOf(() => createOdeflow(config as never));
      expect(e.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('solve, run and valueAndGradients with a missing or wrong-typed problem', async () => {
    const flow = await createOdeflow<JsTensor>();
    const be = flow.backend;
    const dynamics: Dynamics<JsTensor> = { f: (_t, y) => be.mul(y, -1) };
    const problems: unknown[] = [
      null,
      7,
      {},
      { dynamics: {}, y0: be.fromArray([1]), ts: [0, 1], params: [] },
      { dynamics, y0: [1], ts: [0, 1], params: [] },
      { dynamics, y0: be.fromArray([1]), ts: 'x', params: [] },
      { dynamics, y0: be.fromArray([1]), ts: [0, 1], params: [[1]] },
      { dynamics, y0: be.fromArray([1]), ts: [0, 1], params: 3 },
    ];
    for (const problem of problems) {
      expect((await errorOf(() => flow.solve(problem as never))).code).toBe('INVALID_ARGUMENT');
      expect((await errorOf(() => flow.run(problem as never))).code).toBe('INVALID_ARGUMENT');
      expect((await errorOf(() => flow.valueAndGradients(problem as never, () => ({ value: 0, cotangents: [] })))).code).toBe('INVALID_ARGUMENT');
    }
    const good = { dynamics, y0: be.fromArray([1]), ts: [0, 1], params: [] };
    expect((await errorOf(() => flow.solve(good, JSON.parse('{"__proto__": {"rtol": 1}}')))).code).toBe('INVALID_ARGUMENT');
  });

  it('a NaN parameter is NON_FINITE_PARAMETER naming it, before any step (not max_steps_exceeded after 600,000 evaluations)', async () => {
    const flow = await createOdeflow<JsTensor>();
    const be = flow.backend;
    let calls = 0;
    const dynamics: Dynamics<JsTensor> = {
      f: (_t, y, p) => {
        calls++;
        return be.mul(y, p[0].data[0]);
      },
    };
    const problem = { dynamics, y0: be.fromArray([1]), ts: [0, 1], params: [be.fromArray([-1]), be.fromArray([1, NaN])] };
    for (const call of [() => flow.solve(problem), () => flow.run(problem)]) {
      const e = await errorOf(call);
      expect(e.code).toBe('NON_FINITE_PARAMETER');
      expect(e.message).toMatch(/params\[1\].* holds NaN/);
      expect(e.details).toMatchObject({ index: 1 });
    }
    expect(calls).toBe(0);
  });

  it('functionDynamics, createContainer and registeredNames with wrong-typed arguments', async () => {
    const be = new JsBackend();
    const f = (_t: number, y: Float64Array) => [-y[0]];
    const calls: (() => unknown)[] = [
      () => functionDynamics(null as never, f, 1),
      () => functionDynamics(be, 'f' as never, 1),
      () => functionDynamics(be, f, 0),
      () => functionDynamics(be, f, 1.5),
      () => functionDynamics(be, f, 1e12),
      () => functionDynamics(be, f, 1, 'f', 3 as never),
      () => createContainer(1 as never),
      () => createContainer([null] as never),
      () => createContainer(new Array(2)),
      () => createContainer([], { importModule: 1 } as never),
      () => createContainer([], JSON.parse('{"__proto__": {}}')),
      () => registeredNames({} as never),
    ];
    for (const call of calls) expect((await errorOf(call)).code).toBe('INVALID_ARGUMENT');
  });
});
