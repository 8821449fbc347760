import { describe, expect, it } from 'vitest';
import { JsBackend } from '@odeflow/core';
import { initialiseBlockParams, realiseBlock, SeededRandom, type MlpBlockSpec } from '@odeflow/blocks';

const spec: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [50, 2],
  activation: 'tanh',
  timeInput: true,
  init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'normal', std: 0.5, mean: 1 }, seed: 42 },
};

describe('SeededRandom', () => {
  it('gives the same stream for the same seed and different streams for nearby seeds', () => {
    const a = new SeededRandom(5);
    const b = new SeededRandom(5);
    const c = new SeededRandom(6);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(new SeededRandom(2 ** 40 + 5).next()).not.toBe(new SeededRandom(5).next());
  });

  it('draws uniform numbers in [0, 1) and normal numbers with the right moments', () => {
    const r = new SeededRandom(123);
    const n = 20000;
    let s = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      s += u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.01);
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal(2, 3);
      m += z;
      m2 += z * z;
    }
    m /= n;
    expect(Math.abs(m - 2)).toBeLessThan(0.1);
    expect(Math.abs(Math.sqrt(m2 / n - m * m) - 3)).toBeLessThan(0.1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[r.int(3)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it('refuses seeds that are not integers in [0, 2^53)', () => {
    expect(() => new SeededRandom(-1)).toThrow(/INVALID_ARGUMENT/);
    expect(() => new SeededRandom(0.5)).toThrow(/INVALID_ARGUMENT/);
  });
});

describe('initialiseBlockParams', () => {
  it('gives identical weights for the same spec and seed, different ones for another seed', () => {
    const a = initialiseBlockParams(spec);
    const b = initialiseBlockParams(JSON.parse(JSON.stringify(spec)) as MlpBlockSpec);
    expect(a.names).toEqual(['layers.0.weight', 'layers.0.timeWeight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(a.shapes).toEqual([[2, 50], [50], [50], [50, 2], [2]]);
    a.values.forEach((v, k) => expect(Array.from(v)).toEqual(Array.from(b.values[k])));
    const c = initialiseBlockParams({ ...spec, init: { ...spec.init, seed: 43 } });
    expect(Array.from(c.values[0])).not.toEqual(Array.from(a.values[0]));
  });

  it('copies the same numbers into the backend tensors', () => {
    const init = initialiseBlockParams(spec);
    const block = realiseBlock(spec, new JsBackend());
    block.params.forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(init.values[k])));
    expect(block.parameterCount).toBe(100 + 50 + 50 + 100 + 2);
  });

  it('follows the requested distributions', () => {
    const big: MlpBlockSpec = { kind: 'mlp', inputSize: 100, widths: [200, 100], activation: 'tanh' };
    const stats = (v: Float64Array) => {
      let m = 0;
      for (const x of v) m += x;
      m /= v.length;
      let s = 0;
      for (const x of v) s += (x - m) ** 2;
      return { mean: m, std: Math.sqrt(s / v.length), min: Math.min(...v), max: Math.max(...v) };
    };
    const normal = initialiseBlockParams({ ...big, init: { weights: { kind: 'normal', std: 0.1 }, seed: 1 } });
    const sn = stats(normal.values[0]);
    expect(Math.abs(sn.mean)).toBeLessThan(0.005);
    expect(Math.abs(sn.std - 0.1)).toBeLessThan(0.005);
    expect(Array.from(normal.values[1]).every((x) => x === 0)).toBe(true);

    const glorot = initialiseBlockParams({ ...big, init: { seed: 1 } });
    const limit = Math.sqrt(6 / 300);
    const sg = stats(glorot.values[0]);
    expect(sg.min).toBeGreaterThanOrEqual(-limit);
    expect(sg.max).toBeLessThanOrEqual(limit);
    expect(Math.abs(sg.std - limit / Math.sqrt(3))).toBeLessThan(0.005);

    const gn = stats(initialiseBlockParams({ ...big, init: { weights: { kind: 'glorot-normal' }, seed: 1 } }).values[0]);
    expect(Math.abs(gn.std - Math.sqrt(2 / 300))).toBeLessThan(0.005);

    const torch = initialiseBlockParams({ ...big, init: { weights: { kind: 'fan-in-uniform' }, bias: { kind: 'fan-in-uniform' }, seed: 1 } });
    for (const k of [0, 1]) {
      const s = stats(torch.values[k]);
      expect(s.min).toBeGreaterThanOrEqual(-0.1);
      expect(s.max).toBeLessThanOrEqual(0.1);
    }
    const uni = stats(initialiseBlockParams({ ...big, init: { weights: { kind: 'uniform', low: 2, high: 3 }, bias: { kind: 'constant', value: -4 } } }).values[0]);
    expect(uni.min).toBeGreaterThanOrEqual(2);
    expect(uni.max).toBeLessThan(3);
  });
});
