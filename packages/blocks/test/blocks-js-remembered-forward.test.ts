import { describe, expect, it } from 'vitest';
import { JsBackend, type DynamicsVjp, type JsTensor } from '@odeflow/core';
import { realiseBlock, SeededRandom, type MlpBlockSpec } from '@odeflow/blocks';

// The js MLP realisation remembers the forward passes of its last f evaluations and reuses them for a VJP (or
// f) at the same t, y and θ. These tests check the results never depend on what was remembered: every answer
// equals, bit for bit, that of a fresh block that has evaluated nothing — even when buffers are reused and the
// parameters are updated in place.

const backend = new JsBackend();
const spec: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [12, 2],
  activation: 'tanh',
  inputTransform: 'cube',
  timeInput: true,
  init: { seed: 4, bias: { kind: 'normal', std: 0.1 } },
};

function randomTensor(rng: SeededRandom, shape: number[]): JsTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return backend.fromArray(Array.from({ length: n }, () => rng.normal(0, 1)), shape);
}

function plain(v: DynamicsVjp<JsTensor>): { f: number[]; y: number[]; params: number[][]; t: number } {
  const out = { f: Array.from(v.f.data), y: Array.from(v.y.data), params: v.params.map((p) => Array.from(p.data)), t: v.t };
  backend.dispose([v.f, v.y, ...v.params]);
  return out;
}

/** The VJP of a block that has evaluated nothing before: the reference. */
function freshVjp(t: number, y: JsTensor, a: JsTensor, params: JsTensor[]): ReturnType<typeof plain> {
  return plain(realiseBlock(spec, backend, { realisation: 'typed-array' }).dynamics.vjp!(t, y, a, params));
}

function freshF(t: number, y: JsTensor, params: JsTensor[]): number[] {
  const f = realiseBlock(spec, backend, { realisation: 'typed-array' }).dynamics.f(t, y, params);
  const out = Array.from(f.data);
  backend.dispose(f);
  return out;
}

describe('js MLP block: remembered forward passes', () => {
  it('a VJP at an evaluated point equals a fresh one, and so does a repeated f', () => {
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(1);
    const ys = [0, 1, 2].map(() => randomTensor(rng, [5, 2]));
    const a = randomTensor(rng, [5, 2]);
    const fs = ys.map((y, i) => block.dynamics.f(0.1 * i, y, block.params));
    for (let i = 2; i >= 0; i--) {
      expect(plain(block.dynamics.vjp!(0.1 * i, ys[i], a, block.params))).toEqual(freshVjp(0.1 * i, ys[i], a, block.params));
      const again = block.dynamics.f(0.1 * i, ys[i], block.params);
      expect(Array.from(again.data)).toEqual(Array.from(fs[i].data));
      backend.dispose(again);
    }
    backend.dispose([...ys, a, ...fs, ...block.params]);
  });

  it('parameters updated in place: no stale activations', () => {
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(2);
    const y = randomTensor(rng, [5, 2]);
    const a = randomTensor(rng, [5, 2]);
    backend.dispose(block.dynamics.f(0.3, y, block.params));
    for (const p of block.params) for (let i = 0; i < p.data.length; i++) p.data[i] += 1e-3 * (i + 1);
    expect(plain(block.dynamics.vjp!(0.3, y, a, block.params))).toEqual(freshVjp(0.3, y, a, block.params));
    const f = block.dynamics.f(0.3, y, block.params);
    expect(Array.from(f.data)).toEqual(freshF(0.3, y, block.params));
    // a single entry changed by one ulp is noticed
    backend.dispose(block.dynamics.f(0.3, y, block.params));
    block.params[0].data[3] *= 1 + 2 ** -52;
    expect(plain(block.dynamics.vjp!(0.3, y, a, block.params))).toEqual(freshVjp(0.3, y, a, block.params));
    backend.dispose([y, a, f, ...block.params]);
  });

  it('a state buffer reused with new values, or another t: recomputed', () => {
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(3);
    const y = randomTensor(rng, [5, 2]);
    const a = randomTensor(rng, [5, 2]);
    const out = backend.zeros([5, 2]);
    block.dynamics.fInto!(0.5, y, block.params, out);
    y.data[7] += 0.25;
    expect(plain(block.dynamics.vjp!(0.5, y, a, block.params))).toEqual(freshVjp(0.5, y, a, block.params));
    block.dynamics.fInto!(0.5, y, block.params, out);
    expect(plain(block.dynamics.vjp!(0.75, y, a, block.params))).toEqual(freshVjp(0.75, y, a, block.params));
    block.dynamics.fInto!(0.75, y, block.params, out);
    expect(Array.from(out.data)).toEqual(freshF(0.75, y, block.params));
    backend.dispose([y, a, out, ...block.params]);
  });

  it('more evaluations than it remembers, and other batch sizes in between: still exact', () => {
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(5);
    const ys = Array.from({ length: 150 }, () => randomTensor(rng, [3, 2]));
    const single = randomTensor(rng, [2]);
    const a = randomTensor(rng, [3, 2]);
    for (const [i, y] of ys.entries()) {
      backend.dispose(block.dynamics.f(i, y, block.params));
      if (i % 10 === 0) backend.dispose(block.dynamics.f(i, single, block.params));
    }
    for (const i of [149, 100, 0]) {
      expect(plain(block.dynamics.vjp!(i, ys[i], a, block.params))).toEqual(freshVjp(i, ys[i], a, block.params));
    }
    backend.dispose([...ys, single, a, ...block.params]);
  });
});
