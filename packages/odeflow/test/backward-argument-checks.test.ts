import { describe, expect, it } from 'vitest';
import { createOdeflow, realiseBlock, type JsTensor, type MlpBlockSpec } from 'odeflow';
import { thrownError as thrown } from './helpers/thrown-error.js';

// run and backward answer bad arguments with coded errors on every sensitivity: cotangents that are null, plain
// arrays or hold a NaN (which gave a TypeError or NaN gradients), problems whose tensors are not the backend's.

const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [8, 2], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.5 }, seed: 1 } };


describe.each(['direct', 'adjoint', 'checkpointed'])('%s sensitivity on js', (sensitivity) => {
  async function setup() {
    const flow = await createOdeflow<JsTensor>({ backend: 'js', sensitivity });
    const be = flow.backend;
    const block = realiseBlock(spec, be);
    const y0 = be.fromArray([0.5, -0.3]);
    const problem = { dynamics: block.dynamics, y0, ts: [0, 0.5, 1], params: block.params };
    return { flow, be, problem, run: flow.run(problem) };
  }

  it('backward(null) and a plain-array cotangent are INVALID_ARGUMENT saying how to make tensors; the run stays usable', async () => {
    const { be, run } = await setup();
    const e = thrown(() => run.backward(null as never));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/fromArray/);
    const plain = thrown(() => run.backward([be.zeros([2]), [1, 0], be.zeros([2])] as never));
    expect(plain.code).toBe('INVALID_ARGUMENT');
    expect(plain.message).toMatch(/Cotangent 1 \(output time 0\.5\) is a plain array/);
    expect(thrown(() => run.backward([be.zeros([2]), null, be.zeros([2])] as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => run.backward([be.zeros([2]), be.zeros([2]), new Float64Array(2)] as never)).code).toBe('INVALID_ARGUMENT');
    const g = run.backward([be.zeros([2]), be.zeros([2]), be.fromArray([1, 0])]);
    expect(be.toFloat64Array(g.y0).every(Number.isFinite)).toBe(true);
  });

  it.each([NaN, Infinity])('a cotangent holding %s is NON_FINITE_COTANGENT naming its index and output time', async (bad) => {
    const { be, run } = await setup();
    const e = thrown(() => run.backward([be.zeros([2]), be.fromArray([0, bad]), be.fromArray([1, 0])]));
    expect(e.code).toBe('NON_FINITE_COTANGENT');
    expect(e.details).toMatchObject({ index: 1, t: 0.5 });
    expect(e.message).toContain('output time 0.5');
  });

  it('a disposed cotangent or parameter, a plain-array y0 or parameter, a null problem: INVALID_ARGUMENT', async () => {
    const { flow, be, problem, run } = await setup();
    const gone = be.fromArray([1, 0]);
    be.dispose(gone);
    expect(thrown(() => run.backward([be.zeros([2]), be.zeros([2]), gone])).message).toMatch(/disposed/);
    expect(thrown(() => flow.run({ ...problem, y0: [0.5, -0.3] as never })).message).toMatch(/problem\.y0 is a plain array/);
    expect(thrown(() => flow.run({ ...problem, params: [[1]] as never })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => flow.run({ ...problem, params: null as never })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => flow.run(null as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => flow.run({ ...problem, dynamics: null as never })).code).toBe('INVALID_ARGUMENT');
    const p0 = be.clone(problem.params[0]);
    be.dispose(p0);
    expect(thrown(() => flow.run({ ...problem, params: [p0, ...problem.params.slice(1)] })).message).toMatch(/problem\.params\[0\] is a disposed tensor/);
  });

  it('valueAndGradients with a loss returning a NaN cotangent', async () => {
    const { flow, be, problem } = await setup();
    const e = thrown(() => flow.valueAndGradients(problem, (ys) => ({ value: NaN, cotangents: ys.map(() => be.fill([2], NaN)) })));
    expect(e.code).toBe('NON_FINITE_COTANGENT');
    expect(e.details).toMatchObject({ index: 0, t: 0 });
  });
});
