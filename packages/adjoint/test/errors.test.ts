import { isOdeflowError, type Dynamics, type JsTensor } from '@odeflow/core';
import { describe, expect, it } from 'vitest';
import { pendulumDynamics } from './helpers/dynamics.js';
import { context, JsBackend, sensitivity } from './helpers/harness.js';

const be = new JsBackend();
const problem = (dynamics: Dynamics<JsTensor> = pendulumDynamics(be)) => ({
  dynamics,
  y0: be.fromArray([1, 0]),
  ts: [0, 1, 2],
  params: [be.fromArray([0.2, 1], [2])],
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isOdeflowError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an OdeflowError');
};

describe.each(['direct', 'adjoint', 'checkpointed'])('%s refuses bad input', (name) => {
  it('NO_VJP for dynamics without a VJP, naming the four ways to get one', () => {
    const { code, message } = codeOf(() => sensitivity(name).run(problem({ name: 'plain', f: (_t, y) => be.clone(y) }), context(be)));
    expect(code).toBe('NO_VJP');
    expect(message).toMatch(/block/);
    expect(message).toMatch(/equations/);
    expect(message).toMatch(/autodiff backend/);
    expect(message).toMatch(/user VJP/);
    expect(message).toMatch(/"plain"/);
  });

  it('SHAPE_MISMATCH for the wrong number of cotangents or a wrong shape, and the run stays usable', () => {
    const run = sensitivity(name).run(problem(), context(be));
    const few = [be.zeros([2]), be.zeros([2])];
    expect(codeOf(() => run.backward(few)).code).toBe('SHAPE_MISMATCH');
    const wrong = [be.zeros([2]), be.zeros([3]), be.zeros([2])];
    const e = codeOf(() => run.backward(wrong));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toMatch(/Cotangent 1 has shape \[3\]/);
    const ok = [be.zeros([2]), be.zeros([2]), be.fromArray([1, 0])];
    const g = run.backward(ok);
    expect(g.y0.toArray().some((v) => v !== 0)).toBe(true);
    expect(codeOf(() => run.backward(ok)).code).toBe('INVALID_ARGUMENT');
  });

  it('INVALID_ARGUMENT for an unknown sensitivity option, listing the valid ones', () => {
    const e = codeOf(() => sensitivity(name).run(problem(), context(be, 'dopri5', {}, { checkpointEvry: 3 })));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/"checkpointEvry"/);
    expect(e.message).toContain(`Valid options: ${sensitivity(name).optionKeys.length ? sensitivity(name).optionKeys.join(', ') : '(none)'}`);
  });

  it('the failure code of a forward solve that did not finish', () => {
    const run = sensitivity(name).run(problem(), context(be, 'dopri5', { maxSteps: 3 }));
    expect(run.solution.status).toBe('max_steps_exceeded');
    expect(codeOf(() => run.backward([be.zeros([2])])).code).toBe('MAX_STEPS_EXCEEDED');
    run.dispose();
  });
});

describe('method-specific refusals', () => {
  it('direct and checkpointed need an explicit RK tableau (UNSUPPORTED for Adams–Bashforth)', () => {
    for (const name of ['direct', 'checkpointed']) {
      const e = codeOf(() => sensitivity(name).run(problem(), context(be, 'adams_bashforth', { stepSize: 0.01 })));
      expect(e.code).toBe('UNSUPPORTED');
      expect(e.message).toMatch(/adjoint/);
    }
  });

  it('adjoint: unknown adjointMethod (UNKNOWN_NAME), bad norm and checkpointEvery (INVALID_ARGUMENT)', () => {
    expect(codeOf(() => sensitivity('adjoint').run(problem(), context(be, 'dopri5', {}, { adjointMethod: 'nope' }))).code).toBe('UNKNOWN_NAME');
    expect(codeOf(() => sensitivity('adjoint').run(problem(), context(be, 'dopri5', {}, { norm: 'max' }))).code).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => sensitivity('checkpointed').run(problem(), context(be, 'dopri5', {}, { checkpointEvery: 0 }))).code).toBe('INVALID_ARGUMENT');
  });
});
