import { describe, expect, it } from 'vitest';
import { JsBackend, type JsTensor } from '@odeflow/core';
import { realiseBlock, SeededRandom, type MlpBlockSpec } from '@odeflow/blocks';

// The typed-array realisation's dense kernels at widths that hit the edges of their 4×4 register tiles (1, 3, 5,
// 17, 130, 261) and, for large layers, of the cache blocks of the blocked product (more rows than a row block,
// more columns than a column block, a k extent that is not a multiple of the k block), against a plain float64
// reference written here and against finite differences.

const backend = new JsBackend();

interface Case {
  readonly label: string;
  readonly spec: MlpBlockSpec;
  readonly batch: number;
}

const cases: Case[] = [
  { label: 'narrow widths 3→17→64→1→3, batch 1', spec: { kind: 'mlp', inputSize: 3, widths: [17, 64, 1, 3], activation: 'tanh' }, batch: 1 },
  { label: 'narrow widths 3→17→64→1→3, batch 5', spec: { kind: 'mlp', inputSize: 3, widths: [17, 64, 1, 3], activation: 'tanh' }, batch: 5 },
  { label: 'blocked 5→130→261→5, batch 517', spec: { kind: 'mlp', inputSize: 5, widths: [130, 261, 5], activation: 'tanh', timeInput: true }, batch: 517 },
  { label: 'blocked 64→64→64, batch 4099', spec: { kind: 'mlp', inputSize: 64, widths: [64, 64], activation: 'sigmoid', inputTransform: 'square' }, batch: 4099 },
];

function random(rng: SeededRandom, n: number, scale: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal(0, scale));
}

const act = {
  tanh: { f: Math.tanh, d: (h: number) => 1 - h * h },
  sigmoid: { f: (z: number) => 1 / (1 + Math.exp(-z)), d: (h: number) => h * (1 - h) },
  identity: { f: (z: number) => z, d: () => 1 },
};

/** f and the VJP of `spec` in plain loops: h = act(x·W + t·w_t + b), layer by layer. */
function reference(spec: MlpBlockSpec, t: number, y: Float64Array, a: Float64Array, params: readonly Float64Array[], B: number) {
  const power = spec.inputTransform === 'square' ? 2 : 1;
  const n = spec.inputSize;
  const hs: Float64Array[] = [y.map((v) => v ** power)];
  const acts = spec.widths.map((_, l) => act[(l === spec.widths.length - 1 ? 'identity' : spec.activation) as keyof typeof act]);
  const at: { W: Float64Array; wt?: Float64Array; b: Float64Array }[] = [];
  let k = 0;
  for (let l = 0; l < spec.widths.length; l++) {
    const W = params[k++];
    const wt = l === 0 && spec.timeInput ? params[k++] : undefined;
    at.push({ W, wt, b: params[k++] });
  }
  let inW = n;
  spec.widths.forEach((out, l) => {
    const x = hs[l];
    const h = new Float64Array(B * out);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < out; j++) {
        let s = at[l].b[j] + (at[l].wt ? t * at[l].wt[j] : 0);
        for (let i = 0; i < inW; i++) s += x[b * inW + i] * at[l].W[i * out + j];
        h[b * out + j] = acts[l].f(s);
      }
    }
    hs.push(h);
    inW = out;
  });
  const grads: Float64Array[] = [];
  let d = Float64Array.from(a);
  for (let l = spec.widths.length - 1; l >= 0; l--) {
    const out = spec.widths[l];
    const ins = l === 0 ? n : spec.widths[l - 1];
    const h = hs[l + 1];
    d = d.map((v, i) => v * acts[l].d(h[i]));
    const gW = new Float64Array(ins * out);
    const gb = new Float64Array(out);
    const gx = new Float64Array(B * ins);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < out; j++) {
        const dj = d[b * out + j];
        gb[j] += dj;
        for (let i = 0; i < ins; i++) {
          gW[i * out + j] += hs[l][b * ins + i] * dj;
          gx[b * ins + i] += at[l].W[i * out + j] * dj;
        }
      }
    }
    grads.unshift(...(at[l].wt ? [gW, gb.map((v) => t * v), gb] : [gW, gb]));
    d = gx;
  }
  return { f: hs[hs.length - 1], y: d.map((v, i) => v * power * y[i] ** (power - 1)), params: grads };
}

function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > 1e-11 * scale + 1e-300) throw new Error(`${what}[${i}]: ${actual[i]} vs reference ${expected[i]}`);
  }
}

describe('typed-array MLP kernels: tile and cache-block edges', () => {
  it.each(cases)('f and VJP equal a plain float64 reference: $label', ({ spec, batch }) => {
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(batch);
    const n = spec.inputSize;
    const y = backend.wrap(random(rng, batch * n, 0.8), [batch, n]);
    const a = backend.wrap(random(rng, batch * n, 1), [batch, n]);
    const params = block.paramShapes.map((s, k) => backend.wrap(random(rng, block.params[k].data.length, 0.3), s));
    const ref = reference(spec, 0.4, y.data, a.data, params.map((p) => p.data), batch);
    expectNear(block.dynamics.f(0.4, y, params).data, ref.f, 'f');
    const vjp = block.dynamics.vjp!(0.4, y, a, params);
    expectNear(vjp.f.data, ref.f, 'vjp.f');
    expectNear(vjp.y.data, ref.y, 'vjp.y');
    vjp.params.forEach((g, k) => expectNear(g.data, ref.params[k], block.paramNames[k]));
  });

  it.each(cases)('the VJP matches central differences along random directions: $label', ({ spec, batch }) => {
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(100 + batch);
    const n = spec.inputSize;
    const y = random(rng, batch * n, 0.8);
    const a = backend.wrap(random(rng, batch * n, 1), [batch, n]);
    const theta = block.params.map((p) => Float64Array.from(p.data));
    const dy = random(rng, y.length, 1);
    const dtheta = theta.map((p) => random(rng, p.length, 1));
    // ⟨a, f(y + s·dy, θ + s·dθ)⟩ with new tensors for every evaluation
    const phi = (s: number) => {
      const yy = backend.wrap(y.map((v, i) => v + s * dy[i]), [batch, n]);
      const pp = theta.map((p, k) => backend.wrap(p.map((v, i) => v + s * dtheta[k][i]), block.paramShapes[k]));
      return backend.dot(a, block.dynamics.f(0.4, yy, pp));
    };
    const vjp = block.dynamics.vjp!(0.4, backend.wrap(Float64Array.from(y), [batch, n]), a, block.params);
    let analytic = 0;
    for (let i = 0; i < y.length; i++) analytic += vjp.y.data[i] * dy[i];
    vjp.params.forEach((g, k) => g.data.forEach((v, i) => (analytic += v * dtheta[k][i])));
    const h = 1e-6;
    const numeric = (phi(h) - phi(-h)) / (2 * h);
    expect(Math.abs(analytic - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(analytic)));
  });

  it('accumulating VJPs add to the targets in the large (blocked) case', () => {
    const { spec, batch } = cases[2];
    const block = realiseBlock(spec, backend, { realisation: 'typed-array' });
    const rng = new SeededRandom(7);
    const y = backend.wrap(random(rng, batch * 5, 0.8), [batch, 5]);
    const a = backend.wrap(random(rng, batch * 5, 1), [batch, 5]);
    const ref = block.dynamics.vjp!(0.2, y, a, block.params);
    const start = block.paramShapes.map((s) => backend.fill(s, 0.5));
    const out = { y: backend.zeros([batch, 5]), params: start };
    const dyn = block.dynamics as unknown as { vjpInto(t: number, y: JsTensor, a: JsTensor, p: readonly JsTensor[], o: typeof out, acc: boolean): number };
    dyn.vjpInto(0.2, y, a, block.params, out, true);
    out.params.forEach((g, k) => expectNear(g.data, ref.params[k].data.map((v) => v + 0.5), `accumulated ${block.paramNames[k]}`));
  });
});
