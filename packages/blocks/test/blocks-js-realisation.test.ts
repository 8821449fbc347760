import { describe, expect, it } from 'vitest';
import { JsBackend, hasVjpInto, type JsTensor } from '@odeflow/core';
import {
  realiseBlock,
  SeededRandom,
  type ActivationName,
  type InputTransformName,
  type MlpBlockSpec,
} from '@odeflow/blocks';

const backend = new JsBackend();

function randomTensor(rng: SeededRandom, shape: number[], scale = 1): JsTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return backend.fromArray(Array.from({ length: n }, () => rng.normal(0, scale)), shape);
}

/** Σ a ⊙ f(t, y, θ): the scalar whose gradient the VJP returns. */
function objective(block: ReturnType<typeof realiseBlock<JsTensor>>, t: number, y: JsTensor, a: JsTensor, params: JsTensor[]): number {
  const f = block.dynamics.f(t, y, params);
  const v = backend.dot(a, f);
  backend.dispose(f);
  return v;
}

/** Central difference of the objective along every entry of `x` (perturbed in place). */
function centralDifferences(x: JsTensor, phi: () => number): Float64Array {
  const g = new Float64Array(x.data.length);
  for (let i = 0; i < g.length; i++) {
    const x0 = x.data[i];
    const h = 1e-5 * Math.max(1, Math.abs(x0));
    x.data[i] = x0 + h;
    const up = phi();
    x.data[i] = x0 - h;
    const down = phi();
    x.data[i] = x0;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

function expectClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, what: string): void {
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) scale = Math.max(scale, Math.abs(analytic[i]));
  for (let i = 0; i < analytic.length; i++) {
    const err = Math.abs(analytic[i] - numeric[i]);
    if (err > 1e-6 * (Math.abs(analytic[i]) + scale) + 1e-12) {
      throw new Error(`${what}[${i}]: analytic ${analytic[i]} vs finite difference ${numeric[i]}`);
    }
  }
}

const activations: ActivationName[] = ['tanh', 'relu', 'softplus', 'sigmoid', 'identity'];
const cases: { activation: ActivationName; timeInput: boolean; inputTransform: InputTransformName }[] = [];
for (const activation of activations) {
  for (const timeInput of [false, true]) {
    for (const inputTransform of ['none', 'square', 'cube'] as InputTransformName[]) cases.push({ activation, timeInput, inputTransform });
  }
}

describe('js realisation of an MLP block (typed-array forward and VJP)', () => {
  it.each(cases)('VJP matches central differences: $activation, time $timeInput, transform $inputTransform', ({ activation, timeInput, inputTransform }) => {
    const spec: MlpBlockSpec = {
      kind: 'mlp',
      inputSize: 3,
      widths: [7, 5, 3],
      activation,
      outputActivation: activation === 'identity' ? 'tanh' : 'identity',
      timeInput,
      inputTransform,
      init: { weights: { kind: 'normal', std: 0.6 }, bias: { kind: 'normal', std: 0.3 }, seed: 11 },
    };
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    expect(block.realisation).toBe('typed-array');
    const rng = new SeededRandom(3);
    for (const shape of [[3], [4, 3]]) {
      const y = randomTensor(rng, shape);
      const a = randomTensor(rng, shape);
      const t = 0.7;
      const params = block.params;
      const out = block.dynamics.vjp!(t, y, a, params);
      const f = block.dynamics.f(t, y, params);
      expect(Array.from(out.f.data)).toEqual(Array.from(f.data));
      expect(out.y.shape).toEqual(shape);
      const phi = () => objective(block, t, y, a, params);
      expectClose(out.y.data, centralDifferences(y, phi), 'dy');
      params.forEach((p, k) => {
        expect(out.params[k].shape).toEqual(p.shape);
        expectClose(out.params[k].data, centralDifferences(p, phi), block.paramNames[k]);
      });
      const h = 1e-5;
      const dt = (objective(block, t + h, y, a, params) - objective(block, t - h, y, a, params)) / (2 * h);
      expectClose([out.t], [dt], 'dt');
      if (!timeInput) expect(out.t).toBe(0);
    }
  });

  it('evaluates a batch row by row like single states, and fInto like f without allocating', () => {
    const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube', timeInput: true, init: { seed: 2 } };
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(9);
    const y = randomTensor(rng, [20, 2]);
    const batched = block.dynamics.f(0.3, y, block.params);
    for (let b = 0; b < 20; b++) {
      const row = backend.fromArray(y.data.slice(2 * b, 2 * b + 2));
      const single = block.dynamics.f(0.3, row, block.params);
      expect(Array.from(single.data)).toEqual(Array.from(batched.data.slice(2 * b, 2 * b + 2)));
    }
    const out = backend.zeros([20, 2]);
    const before = backend.memory().tensors;
    block.dynamics.fInto!(0.3, y, block.params, out);
    expect(backend.memory().tensors).toBe(before);
    expect(Array.from(out.data)).toEqual(Array.from(batched.data));
  });

  it('agrees with the generic realisation in backend ops', () => {
    for (const activation of activations) {
      const spec: MlpBlockSpec = {
        kind: 'mlp',
        inputSize: 2,
        widths: [6, 4, 2],
        activation: [activation, 'tanh'],
        outputActivation: 'sigmoid',
        timeInput: true,
        inputTransform: 'cube',
        init: { weights: { kind: 'normal', std: 0.5 }, bias: { kind: 'uniform', low: -0.2, high: 0.2 }, seed: 5 },
      };
      const fast = realiseBlock(spec, backend, { realisation: 'typed-array' });
      const generic = realiseBlock(spec, backend, { realisation: 'backend-ops' });
      expect(generic.realisation).toBe('backend-ops');
      // relu's derivative has no backend op and the js backend no autodiff: no VJP (gradients fail with NO_VJP)
      if (activation === 'relu') expect(generic.dynamics.vjp).toBeUndefined();
      else expect(generic.dynamics.vjp).toBeTypeOf('function');
      const y = randomTensor(new SeededRandom(1), [5, 2]);
      for (const yy of [y, backend.fromArray([0.3, -1.2])]) {
        const a = fast.dynamics.f(1.5, yy, fast.params);
        const b = generic.dynamics.f(1.5, yy, generic.params);
        expect(b.shape).toEqual(yy.shape);
        for (let i = 0; i < a.data.length; i++) expect(Math.abs(a.data[i] - b.data[i])).toBeLessThan(1e-14);
      }
    }
  });

  it('refuses states, parameters and specs of the wrong shape', () => {
    const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [4, 2], activation: 'tanh' }, backend, { realisation: 'typed-array' });
    expect(() => block.dynamics.f(0, backend.zeros([3]), block.params)).toThrow(/SHAPE_MISMATCH/);
    expect(() => block.dynamics.f(0, backend.zeros([2]), block.params.slice(1))).toThrow(/SHAPE_MISMATCH/);
    expect(() => block.dynamics.vjp!(0, backend.zeros([2]), backend.zeros([3]), block.params)).toThrow(/SHAPE_MISMATCH/);
    expect(() => realiseBlock({ kind: 'mlp', inputSize: 2, widths: [4, 3], activation: 'tanh' }, backend, { realisation: 'typed-array' })).toThrow(/widths\[1\]/);
  });

  it('does not leak: a VJP returns only the tensors it hands back', () => {
    const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [8, 2], activation: 'softplus', timeInput: true }, backend, { realisation: 'typed-array' });
    const y = backend.fromArray([0.1, 0.2]);
    const a = backend.fromArray([1, -1]);
    const before = backend.memory().tensors;
    const out = backend.tidy(() => {
      const r = block.dynamics.vjp!(0, y, a, block.params);
      return r.y;
    });
    expect(backend.memory().tensors).toBe(before + 1);
    backend.dispose(out);
  });
});

describe('vjpInto (allocation-free VJP of the js realisation)', () => {
  it('writes what vjp returns, accumulates parameter cotangents on request, and allocates no tensors', () => {
    const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [9, 6, 2], activation: 'tanh', inputTransform: 'cube', timeInput: true, init: { bias: { kind: 'normal', std: 0.2 }, seed: 6 } };
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const dyn = block.dynamics;
    expect(hasVjpInto(dyn)).toBe(true);
    expect(hasVjpInto(realiseBlock(spec, backend, { realisation: 'backend-ops' }).dynamics)).toBe(false);
    if (!hasVjpInto(dyn)) return;
    const rng = new SeededRandom(12);
    const y = randomTensor(rng, [6, 2]);
    const a = randomTensor(rng, [6, 2]);
    const ref = dyn.vjp!(0.9, y, a, block.params);
    const out = { y: backend.zeros([6, 2]), f: backend.zeros([6, 2]), params: block.paramShapes.map((s) => backend.fill(s, 100)) };
    const before = backend.memory().tensors;
    const gt = dyn.vjpInto(0.9, y, a, block.params, out);
    expect(gt).toBe(ref.t);
    expect(Array.from(out.y.data)).toEqual(Array.from(ref.y.data));
    expect(Array.from(out.f.data)).toEqual(Array.from(ref.f.data));
    out.params.forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(ref.params[k].data)));
    dyn.vjpInto(0.9, y, a, block.params, out, true);
    out.params.forEach((p, k) => p.data.forEach((v, i) => expect(v).toBeCloseTo(2 * ref.params[k].data[i], 14)));
    expect(backend.memory().tensors).toBe(before);
    expect(() => dyn.vjpInto(0.9, y, a, block.params, { y: a, params: out.params })).toThrow(/INVALID_ARGUMENT/);
    expect(() => dyn.vjpInto(0.9, y, a, block.params, { y: out.y, params: out.params.slice(1) })).toThrow(/SHAPE_MISMATCH/);
  });
});

describe('explicit VJP of the generic realisation (backend ops, no autodiff)', () => {
  const explicitCases = cases.filter((c) => c.activation !== 'relu');
  it.each(explicitCases)('matches the typed-array VJP in float64: $activation, time $timeInput, transform $inputTransform', ({ activation, timeInput, inputTransform }) => {
    const spec: MlpBlockSpec = {
      kind: 'mlp',
      inputSize: 3,
      widths: [7, 5, 3],
      activation,
      outputActivation: activation === 'identity' ? 'tanh' : 'softplus',
      timeInput,
      inputTransform,
      init: { weights: { kind: 'normal', std: 0.6 }, bias: { kind: 'normal', std: 0.3 }, seed: 13 },
    };
    const fast = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const generic = realiseBlock(spec, backend, { realisation: 'backend-ops' });
    const rng = new SeededRandom(4);
    for (const shape of [[3], [6, 3]]) {
      const y = randomTensor(rng, shape);
      const a = randomTensor(rng, shape);
      const before = backend.memory().tensors;
      const g = generic.dynamics.vjp!(1.3, y, a, generic.params);
      expect(backend.memory().tensors).toBe(before + 2 + generic.params.length); // f, ∂y and ∂θ only
      const r = fast.dynamics.vjp!(1.3, y, a, fast.params);
      const close = (u: Float64Array, v: Float64Array) => u.forEach((x, i) => expect(Math.abs(x - v[i])).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(v[i]))));
      expect(g.y.shape).toEqual(shape);
      close(g.f.data, r.f.data);
      close(g.y.data, r.y.data);
      g.params.forEach((p, k) => {
        expect(p.shape).toEqual(r.params[k].shape);
        close(p.data, r.params[k].data);
      });
      expect(Math.abs(g.t - r.t)).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(r.t)));
    }
  });

  it('refuses an explicit VJP for relu and an autodiff VJP on a backend without autodiff', () => {
    const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [4, 2], activation: 'relu' };
    expect(() => realiseBlock(spec, backend, { realisation: 'backend-ops', vjp: 'explicit' })).toThrow(/UNSUPPORTED.*relu/);
    expect(() => realiseBlock({ ...spec, activation: 'tanh' }, backend, { realisation: 'backend-ops', vjp: 'autodiff' })).toThrow(/UNSUPPORTED.*autodiff/);
  });
});
