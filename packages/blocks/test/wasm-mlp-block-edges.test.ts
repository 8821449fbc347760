import { describe, expect, it } from 'vitest';
import { JsBackend, type JsTensor } from '@odeflow/core';
import { realiseBlock, SeededRandom, type MlpBlockSpec } from '@odeflow/blocks';

// The WebAssembly kernels' blocked matrix products (4×4 register tiles, 64-row, 256-deep and 512-column
// blocks, an unpacked path for small products) at widths and batches that end tiles and blocks part-way,
// through the public API (realiseBlock on js, fused-kernel), against a plain float64 forward pass and
// backpropagation written out here, and against central differences of that reference.

const backend = new JsBackend();

/** A two-hidden-layer block n → w → w → n (tanh, identity output), with a time input on the first layer. */
function spec(n: number, w: number, seed: number): MlpBlockSpec {
  return {
    kind: 'mlp',
    inputSize: n,
    widths: [w, w, n],
    activation: 'tanh',
    timeInput: true,
    init: { weights: { kind: 'normal', std: 1 / Math.sqrt(Math.max(n, w)) }, bias: { kind: 'normal', std: 0.3 }, seed },
  };
}

interface Layer {
  W: Float64Array;
  tw: Float64Array | null;
  b: Float64Array;
  nin: number;
  nout: number;
  tanh: boolean;
}

/** The block's layers from its parameter tensors (layout: weight [nin, nout], time weight, bias per layer). */
function layers(params: readonly JsTensor[], shapes: readonly (readonly number[])[], timeFirst: boolean, count: number): Layer[] {
  const out: Layer[] = [];
  let k = 0;
  for (let l = 0; l < count; l++) {
    const W = params[k].data;
    const [nin, nout] = shapes[k++];
    const tw = l === 0 && timeFirst ? params[k++].data : null;
    const b = params[k++].data;
    out.push({ W, tw, b, nin, nout, tanh: l < count - 1 });
  }
  return out;
}

/** Forward pass in float64, keeping every layer's output (index 0 is the input). */
function forward(ls: Layer[], t: number, y: Float64Array, B: number): Float64Array[] {
  const hs = [y];
  let x = y;
  for (const L of ls) {
    const h = new Float64Array(B * L.nout);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < L.nout; j++) {
        let s = L.b[j] + (L.tw === null ? 0 : t * L.tw[j]);
        for (let i = 0; i < L.nin; i++) s += x[r * L.nin + i] * L.W[i * L.nout + j];
        h[r * L.nout + j] = L.tanh ? Math.tanh(s) : s;
      }
    }
    hs.push(h);
    x = h;
  }
  return hs;
}

/** aᵀ∂f/∂y and aᵀ∂f/∂θ (layout order) by plain backpropagation in float64. */
function backward(ls: Layer[], t: number, hs: Float64Array[], a: Float64Array, B: number): { gy: Float64Array; gp: Float64Array[] } {
  const gp: Float64Array[] = [];
  let d = Float64Array.from(a);
  for (let l = ls.length - 1; l >= 0; l--) {
    const L = ls[l];
    const x = hs[l];
    const gW = new Float64Array(L.nin * L.nout);
    const gb = new Float64Array(L.nout);
    const gx = new Float64Array(B * L.nin);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < L.nout; j++) {
        const e = d[r * L.nout + j];
        gb[j] += e;
        for (let i = 0; i < L.nin; i++) {
          gW[i * L.nout + j] += x[r * L.nin + i] * e;
          gx[r * L.nin + i] += L.W[i * L.nout + j] * e;
        }
      }
    }
    if (l > 0) for (let q = 0; q < gx.length; q++) gx[q] *= 1 - x[q] * x[q]; // tanh' from its output
    const layerGrads = L.tw === null ? [gW, gb] : [gW, gb.map((v) => t * v), gb];
    gp.unshift(...layerGrads);
    d = gx;
  }
  return { gy: d, gp };
}

function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(scale, 1e-300));
  return worst;
}

// widths on both sides of the 4-wide tiles and the 64-row blocks; batches on both sides of the unpacked path
const CASES: { n: number; w: number; B: number }[] = [
  { n: 1, w: 1, B: 1 },
  { n: 1, w: 3, B: 5 },
  { n: 3, w: 5, B: 67 },
  { n: 5, w: 17, B: 130 },
  { n: 3, w: 64, B: 17 },
  { n: 17, w: 64, B: 64 },
  { n: 5, w: 130, B: 3 },
  { n: 17, w: 130, B: 67 },
  // depth beyond one 256-deep block (the weight gradient sums 300 rows) and columns beyond one 512-column block
  { n: 17, w: 17, B: 300 },
  { n: 3, w: 600, B: 9 },
];

describe('the WebAssembly MLP kernels at widths and batches that end tiles and blocks part-way', () => {
  for (const { n, w, B } of CASES) {
    it(`${n} → ${w} → ${w} → ${n}, batch ${B}: f and the VJP equal a plain float64 pass to 1e-13`, () => {
      const block = realiseBlock(spec(n, w, n * 1000 + w + B), backend, { realisation: 'fused-kernel' });
      expect(block.realisation).toBe('fused-kernel');
      const rand = new SeededRandom(B + 7);
      const y = Float64Array.from({ length: B * n }, () => rand.uniform(-1, 1));
      const a = Float64Array.from({ length: B * n }, () => rand.uniform(-1, 1));
      const t = 0.3;
      const ls = layers(block.params, block.paramShapes, true, 3);
      const hs = forward(ls, t, y, B);
      const ref = backward(ls, t, hs, a, B);
      const yt = backend.fromArray(y, [B, n]);
      const f = block.dynamics.f(t, yt, block.params);
      expect(maxRelError(f.data, hs[3])).toBeLessThan(1e-13);
      const v = block.dynamics.vjp!(t, yt, backend.fromArray(a, [B, n]), block.params);
      expect(maxRelError(v.y.data, ref.gy)).toBeLessThan(1e-13);
      v.params.forEach((g, k) => expect(maxRelError(g.data, ref.gp[k]), block.paramNames[k]).toBeLessThan(1e-13));
    });
  }

  it('the VJP matches central differences of the reference on sampled parameters (17 → 130 → 130 → 17, batch 67)', () => {
    const [n, w, B] = [17, 130, 67];
    const block = realiseBlock(spec(n, w, 5), backend, { realisation: 'fused-kernel' });
    const rand = new SeededRandom(11);
    const y = Float64Array.from({ length: B * n }, () => rand.uniform(-1, 1));
    const a = Float64Array.from({ length: B * n }, () => rand.uniform(-1, 1));
    const t = -0.4;
    const v = block.dynamics.vjp!(t, backend.fromArray(y, [B, n]), backend.fromArray(a, [B, n]), block.params);
    const ls = layers(block.params, block.paramShapes, true, 3);
    const loss = (): number => forward(ls, t, y, B)[3].reduce((s, f, i) => s + f * a[i], 0);
    for (let k = 0; k < block.params.length; k++) {
      const p = block.params[k].data;
      for (let s = 0; s < 4; s++) {
        const i = rand.int(p.length);
        const p0 = p[i];
        const h = 1e-6;
        p[i] = p0 + h;
        const up = loss();
        p[i] = p0 - h;
        const down = loss();
        p[i] = p0;
        const fd = (up - down) / (2 * h);
        expect(Math.abs(v.params[k].data[i] - fd), `${block.paramNames[k]}[${i}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});
