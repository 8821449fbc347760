import { describe, expect, it } from 'vitest';
import {
  BLOCK_LIMITS,
  BackendMlpDynamics,
  createOdeflow,
  isOdeflowError,
  JsBackend,
  JsMlpDynamics,
  mlpLayout,
  realiseBlock,
  validateBlockSpec,
  type JsTensor,
  type MlpBlockSpec,
  type OdeflowError,
} from 'odeflow';
import { thrownError as thrown } from './helpers/thrown-error.js';

// Parameters are checked on every realisation of the js backend as on the tfjs ones: shape for shape (a transposed
// weight or a [1, n] bias used to be read as the flat data it holds, giving a wrong answer), and NaN or ±Infinity
// entries as NON_FINITE_PARAMETER when θ changes (they used to end as max_steps_exceeded after 600,002 evaluations).

const spec: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [8, 2],
  activation: 'tanh',
  init: { weights: { kind: 'normal', std: 0.5 }, bias: { kind: 'normal', std: 0.1 }, seed: 3 },
};
const REALISATIONS = ['fused-kernel', 'typed-array', 'backend-ops'] as const;


/** The block's parameters with parameter k replaced by `values` shaped `shape`. */
function withParam(be: JsBackend, params: readonly JsTensor[], k: number, values: ArrayLike<number>, shape: number[]): JsTensor[] {
  return params.map((p, j) => (j === k ? be.fromArray(values, shape) : p));
}

describe.each(REALISATIONS)('js %s realisation: parameter checks', (realisation) => {
  const be = new JsBackend();
  const block = realiseBlock(spec, be, { realisation });
  const y = be.fromArray([0.5, -0.3]);

  it('refuses a transposed first weight with SHAPE_MISMATCH naming it, its expected and received shape', async () => {
    const w = be.toFloat64Array(block.params[0]);
    const transposed = withParam(be, block.params, 0, w, [8, 2]);
    const e = thrown(() => block.dynamics.f(0, y, transposed));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toMatch(/layers\.0\.weight must have shape \[2, 8\], got \[8, 2\]/);
    expect(e.details).toMatchObject({ parameter: 'layers.0.weight', expected: [2, 8], received: [8, 2] });
    const flow = await createOdeflow<JsTensor>({ backend: 'js' });
    expect(thrown(() => flow.solve({ dynamics: block.dynamics, y0: y, ts: [0, 1], params: transposed })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => flow.run({ dynamics: block.dynamics, y0: y, ts: [0, 1], params: transposed })).code).toBe('SHAPE_MISMATCH');
  });

  it('refuses a bias shaped [1, 8] (SHAPE_MISMATCH) in f and in the VJP', () => {
    const b = withParam(be, block.params, 1, be.toFloat64Array(block.params[1]), [1, 8]);
    const e = thrown(() => block.dynamics.f(0, y, b));
    expect(e.details).toMatchObject({ parameter: 'layers.0.bias', expected: [8], received: [1, 8] });
    expect(thrown(() => block.dynamics.vjp!(0, y, y, b)).code).toBe('SHAPE_MISMATCH');
  });

  it.each([NaN, Infinity, -Infinity])('refuses a %s weight with NON_FINITE_PARAMETER naming the parameter and entry, at once', async (bad) => {
    const w = be.toFloat64Array(block.params[2]);
    w[3] = bad;
    const params = withParam(be, block.params, 2, w, [8, 2]);
    const e = thrown(() => block.dynamics.f(0, y, params));
    expect(e.code).toBe('NON_FINITE_PARAMETER');
    expect(e.message).toContain('layers.1.weight');
    if (realisation !== 'backend-ops') expect(e.details).toMatchObject({ parameter: 'layers.1.weight', index: 3 });
    const flow = await createOdeflow<JsTensor>({ backend: 'js' });
    let calls = 0;
    const counted = { ...block.dynamics, f: (t: number, yy: JsTensor, p: readonly JsTensor[]) => (calls++, block.dynamics.f(t, yy, p)) };
    const s = thrown(() => flow.solve({ dynamics: counted, y0: y, ts: [0, 1], params }));
    expect(s.code).toBe('NON_FINITE_PARAMETER');
    expect(s.message).toContain('layers.1.weight');
    expect(calls).toBe(0); // refused before the first evaluation
    for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
      const f2 = await createOdeflow<JsTensor>({ backend: 'js', sensitivity });
      const r = thrown(() => f2.run({ dynamics: block.dynamics, y0: y, ts: [0, 1], params }));
      expect(r.code).toBe('NON_FINITE_PARAMETER');
      expect(r.message).toContain('params[2]');
    }
    // θ fixed again: the block computes as before
    expect(be.toFloat64Array(block.dynamics.f(0, y, block.params)).every(Number.isFinite)).toBe(true);
  });

  it('a parameter updated in place to NaN after a first call is caught on the next call', () => {
    const params = block.params.map((p) => be.clone(p));
    block.dynamics.f(0, y, params);
    params[0].data[0] = NaN;
    expect(thrown(() => block.dynamics.f(0.1, y, params)).code).toBe('NON_FINITE_PARAMETER');
    params[0].data[0] = 0.25;
    expect(be.toFloat64Array(block.dynamics.f(0.1, y, params)).every(Number.isFinite)).toBe(true);
  });

  it('refuses parameters that are not js tensors, or not an array, with a coded error', () => {
    const plain = [[1, 2], ...block.params.slice(1)] as unknown as JsTensor[];
    expect(thrown(() => block.dynamics.f(0, y, plain)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => block.dynamics.f(0, y, null as unknown as JsTensor[])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => block.dynamics.f(0, [0.5, -0.3] as unknown as JsTensor, block.params)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('realiseBlock and the block classes refuse bad arguments with coded errors', () => {
  const be = new JsBackend();

  it('a missing or wrong backend, unknown or non-plain options', () => {
    expect(thrown(() => realiseBlock(spec, null as unknown as JsBackend)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => realiseBlock(spec, {} as unknown as JsBackend)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => realiseBlock(spec, be, null as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => realiseBlock(spec, be, { realisaton: 'auto' } as never)).message).toMatch(/unknown option "realisaton"/);
    expect(thrown(() => realiseBlock(spec, be, { vjp: 'reverse' } as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => realiseBlock(null as never, be)).code).toBe('INVALID_SPEC');
  });

  it('a prototype smuggled into a spec with a __proto__ key', () => {
    const sneaky = { kind: 'mlp', inputSize: 2, widths: [8, 2], __proto__: { activation: 'relu' } } as unknown as MlpBlockSpec;
    expect(thrown(() => realiseBlock(sneaky, be)).code).toBe('INVALID_SPEC');
    const parsed = JSON.parse('{"kind":"mlp","inputSize":2,"widths":[8,2],"activation":"tanh","__proto__":{"x":1}}');
    expect(thrown(() => realiseBlock(parsed, be)).message).toMatch(/__proto__/);
  });

  it('unvalidated specs handed to the realisations and mlpLayout directly', () => {
    expect(thrown(() => new JsMlpDynamics(spec as never, be)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new BackendMlpDynamics(null as never, be)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => mlpLayout(undefined as never)).code).toBe('INVALID_ARGUMENT');
    const resolved = validateBlockSpec(spec);
    expect(thrown(() => new JsMlpDynamics({ ...resolved, widths: [8, -2] }, be)).code).toBe('INVALID_SPEC');
    expect(thrown(() => new JsMlpDynamics(resolved, null as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new BackendMlpDynamics(resolved, be, 'reverse' as never)).code).toBe('INVALID_ARGUMENT');
    expect(new JsMlpDynamics(resolved, be).layout.parameterCount).toBe(42);
  });
});

describe('block sizes are checked against BLOCK_LIMITS before anything is allocated', () => {
  const be = new JsBackend();
  const sized = (extra: Partial<MlpBlockSpec>): MlpBlockSpec => ({ ...spec, ...extra });

  it('widths [1e5, 1e5, 2]: INVALID_SPEC naming the field and the limit, not a RangeError', () => {
    const e = thrown(() => realiseBlock(sized({ widths: [1e5, 1e5, 2] }), be));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.details).toMatchObject({ path: 'block.widths[0]', limit: BLOCK_LIMITS.maxWidth });
    expect(e.message).toContain('65,536');
  });

  it('a total parameter count over the limit names widths and the limit', () => {
    const e = thrown(() => realiseBlock(sized({ widths: [4000, 4000, 2] }), be));
    expect(e.details).toMatchObject({ path: 'block.widths', limit: BLOCK_LIMITS.maxParameters });
    expect(e.message).toMatch(/4,194,304/);
  });

  it('too many layers, a too-wide input, a too-long name; non-integer and negative widths', () => {
    expect(thrown(() => realiseBlock(sized({ widths: new Array(300).fill(2), activation: 'tanh' }), be)).details).toMatchObject({ limit: BLOCK_LIMITS.maxLayers });
    expect(thrown(() => realiseBlock(sized({ inputSize: 70000 }), be)).details).toMatchObject({ path: 'block.inputSize', limit: BLOCK_LIMITS.maxWidth });
    expect(thrown(() => realiseBlock(sized({ name: 'x'.repeat(201) }), be)).details).toMatchObject({ path: 'block.name', limit: BLOCK_LIMITS.maxNameLength });
    expect(thrown(() => realiseBlock(sized({ widths: [2.5, 2] }), be)).details).toMatchObject({ path: 'block.widths[0]' });
    expect(thrown(() => realiseBlock(sized({ widths: [-8, 2] }), be)).code).toBe('INVALID_SPEC');
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => realiseBlock(sized({ widths: [, 2] as number[] }), be)).details).toMatchObject({ path: 'block.widths[0]' });
  });

  it('a block at the limits is realised', () => {
    const deep = realiseBlock(sized({ widths: [...new Array(255).fill(3), 2] }), be, { realisation: 'typed-array' });
    expect(deep.paramShapes.length).toBe(512);
    expect(deep.spec.name.length).toBeLessThanOrEqual(BLOCK_LIMITS.maxNameLength);
  });
});
