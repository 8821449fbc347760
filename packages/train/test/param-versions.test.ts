import { describe, expect, it } from 'vitest';
import { JsBackend, markParamsChanged, type JsTensor } from '@odeflow/core';
import { realiseBlock, type MlpBlockSpec } from '@odeflow/blocks';
import { createOptimizer } from '@odeflow/train';

// Blocks on the js backend learn that θ changed from the tensors' version counters instead of comparing every
// value on every call. Whatever writes θ through the API must therefore bump them, and a block must never answer
// from state computed with the old values (its remembered forward passes, the fused kernels' copy of θ).

const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh', inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.5 }, seed: 4 } };
const REALISATIONS = ['typed-array', 'fused-kernel'] as const;

/** f at (t, y) by a freshly realised block (no remembered state) with these parameter values. */
function freshF(be: JsBackend, realisation: (typeof REALISATIONS)[number], t: number, y: JsTensor, params: readonly JsTensor[]): number[] {
  const fresh = realiseBlock(spec, be, { realisation });
  return Array.from(fresh.dynamics.f(t, y, params.map((p) => be.clone(p))).data);
}

describe.each(REALISATIONS)('js %s block: parameter writes are seen through version counters', (realisation) => {
  const be = new JsBackend();
  const y = be.fromArray([0.4, -0.7, 0.1, 0.9], [2, 2]);
  const a = be.fromArray([1, -0.5, 0.25, 2], [2, 2]);

  it.each(['sgd', 'adam', 'rmsprop'])('a %s step bumps the versions and the next f and VJP use the new θ', (kind) => {
    const block = realiseBlock(spec, be, { realisation });
    const params = block.params;
    const before = block.dynamics.f(0.3, y, params).data.slice();
    const g = block.dynamics.vjp!(0.3, y, a, params); // remembers the forward pass at (0.3, y)
    const versions = params.map((p) => p.version);
    createOptimizer({ kind, learningRate: 0.05 }, be).step(params, g.params);
    params.forEach((p, k) => expect(p.version).toBeGreaterThan(versions[k]));
    const after = Array.from(block.dynamics.f(0.3, y, params).data);
    expect(after).not.toEqual(Array.from(before));
    expect(after).toEqual(freshF(be, realisation, 0.3, y, params));
    const g2 = block.dynamics.vjp!(0.3, y, a, params);
    const ref = realiseBlock(spec, be, { realisation }).dynamics.vjp!(0.3, y, a, params.map((p) => be.clone(p)));
    g2.params.forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(ref.params[k].data)));
  });

  it("the backend's in-place copy into a parameter is seen", () => {
    const block = realiseBlock(spec, be, { realisation });
    block.dynamics.f(0.3, y, block.params);
    const w = be.fromArray(Array.from(block.params[0].data, (v) => 2 * v), block.paramShapes[0]);
    be.inPlace.copyInto(block.params[0], w);
    expect(Array.from(block.dynamics.f(0.3, y, block.params).data)).toEqual(freshF(be, realisation, 0.3, y, block.params));
  });

  it('a write into data followed by markParamsChanged is seen, at a remembered point and at a new one', () => {
    const block = realiseBlock(spec, be, { realisation });
    const params = block.params;
    block.dynamics.f(0.3, y, params);
    block.dynamics.f(0.6, y, params);
    params[2].data.set(params[2].data.map((v) => -v));
    markParamsChanged(params);
    expect(Array.from(block.dynamics.f(0.3, y, params).data)).toEqual(freshF(be, realisation, 0.3, y, params));
    params[0].data[5] += 0.5;
    markParamsChanged([params[0]]);
    const vjp = block.dynamics.vjp!(0.6, y, a, params);
    expect(Array.from(vjp.f.data)).toEqual(freshF(be, realisation, 0.6, y, params));
  });

  it('a write into data without markParamsChanged is still seen at a remembered point (finite differences)', () => {
    const block = realiseBlock(spec, be, { realisation });
    const params = block.params;
    const base = Array.from(block.dynamics.f(0.3, y, params).data);
    const w = params[0].data;
    const w0 = w[3];
    w[3] = w0 + 1e-3;
    const up = Array.from(block.dynamics.f(0.3, y, params).data);
    expect(up).not.toEqual(base);
    expect(up).toEqual(freshF(be, realisation, 0.3, y, params));
    w[3] = w0;
    expect(Array.from(block.dynamics.f(0.3, y, params).data)).toEqual(base);
  });
});

describe('markParamsChanged', () => {
  it("bumps every js tensor's version and ignores anything else", () => {
    const be = new JsBackend();
    const p = [be.zeros([2]), be.zeros([3])];
    markParamsChanged([...p, { data: new Float64Array(2) }, null]);
    expect(p.map((t) => t.version)).toEqual([1, 1]);
  });
});
