import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadMlpKernels, WasmMlpProgram, type MlpKernelModule, type WasmMlpActivation, type WasmMlpPlan } from '@odeflow/blocks';

// ------------------------------------------------------------------------------------------------------
// a plain float64 reference MLP

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function act(kind: WasmMlpActivation, z: number): number {
  switch (kind) {
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'softplus':
      return z > 30 ? z : z < -30 ? Math.exp(z) : Math.log1p(Math.exp(z));
    default:
      return z;
  }
}

/** f(t, y) in float64 for params in layout order (weight, [timeWeight], bias per layer). */
function reference(plan: WasmMlpPlan, params: readonly ArrayLike<number>[], t: number, y: ArrayLike<number>, batch: number): Float64Array {
  let x = Float64Array.from(y, (v) => v ** plan.power);
  let k = 0;
  for (const layer of plan.layers) {
    const W = params[k++];
    const tw = layer.timeWeight ? params[k++] : null;
    const b = params[k++];
    const h = new Float64Array(batch * layer.outputs);
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < layer.outputs; j++) {
        let s = b[j] + (tw === null ? 0 : t * tw[j]);
        for (let i = 0; i < layer.inputs; i++) s += x[r * layer.inputs + i] * W[i * layer.outputs + j];
        h[r * layer.outputs + j] = act(layer.activation, s);
      }
    }
    x = h;
  }
  return x;
}

function makePlan(inputSize: number, widths: number[], activation: WasmMlpActivation, power: 1 | 2 | 3, timeWeight: boolean): WasmMlpPlan {
  let inputs = inputSize;
  const layers = [...widths, inputSize].map((outputs, l, all) => {
    const layer = { inputs, outputs, activation: l === all.length - 1 && all.length > 1 ? ('identity' as const) : activation, timeWeight: timeWeight && l === 0 };
    inputs = outputs;
    return layer;
  });
  return { inputSize, power, layers };
}

function makeParams(plan: WasmMlpPlan, seed: number): Float32Array[] {
  const rand = rng(seed);
  const out: Float32Array[] = [];
  for (const layer of plan.layers) {
    const scale = 1.5 / Math.sqrt(layer.inputs);
    out.push(Float32Array.from({ length: layer.inputs * layer.outputs }, () => (2 * rand() - 1) * scale));
    if (layer.timeWeight) out.push(Float32Array.from({ length: layer.outputs }, () => 2 * rand() - 1));
    out.push(Float32Array.from({ length: layer.outputs }, () => 0.5 * (2 * rand() - 1)));
  }
  return out;
}

function randomState(n: number, seed: number): Float32Array {
  const rand = rng(seed);
  return Float32Array.from({ length: n }, () => 1.6 * rand() - 0.8);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, what: string, abs = 0): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.max(Math.abs(expected[i]), 1e-3 * scale, 1e-12) + abs;
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (tolerance ${tol})`);
    }
  }
}

interface Vjp {
  f: Float32Array;
  gy: Float32Array;
  gParams: Float32Array[];
  gt: number;
}

function runVjp(program: WasmMlpProgram, t: number, y: Float32Array, a: Float32Array, batch: number): Vjp {
  const f = new Float32Array(y.length);
  const gy = new Float32Array(y.length);
  const gParams = program.paramSizes.map((n) => new Float32Array(n).fill(NaN)); // overwritten, not accumulated
  const gt = program.vjp(t, y, a, batch, f, gy, gParams);
  return { f, gy, gParams, gt };
}

/** aᵀ·∂f/∂(y, θ, t) by central differences of the float64 reference. */
function finiteDifferenceVjp(plan: WasmMlpPlan, params: Float32Array[], t: number, y: Float32Array, a: Float32Array, batch: number) {
  const p64 = params.map((p) => Float64Array.from(p));
  const y64 = Float64Array.from(y);
  const dot = (f: Float64Array) => f.reduce((s, v, i) => s + v * a[i], 0);
  const diff = (set: (v: number) => void, v0: number, evalAt: () => Float64Array) => {
    const h = 1e-6 * Math.max(1, Math.abs(v0));
    set(v0 + h);
    const up = dot(evalAt());
    set(v0 - h);
    const down = dot(evalAt());
    set(v0);
    return (up - down) / (2 * h);
  };
  const evalAt = () => reference(plan, p64, t, y64, batch);
  const gy = Float64Array.from(y64, (v, i) => diff((u) => (y64[i] = u), v, evalAt));
  const gParams = p64.map((p) => Float64Array.from(p, (v, i) => diff((u) => (p[i] = u), v, evalAt)));
  let tt = t;
  const gt = diff((u) => (tt = u), t, () => reference(plan, p64, tt, y64, batch));
  return { gy, gParams, gt };
}

let kernels: MlpKernelModule;
beforeAll(async () => {
  kernels = await loadMlpKernels();
});

const ACTIVATIONS: WasmMlpActivation[] = ['identity', 'tanh', 'relu', 'sigmoid', 'softplus'];

describe('WasmMlpProgram against a float64 reference', () => {
  let seed = 1;
  for (const activation of ACTIVATIONS) {
    for (const power of [1, 2, 3] as const) {
      for (const timeWeight of [false, true]) {
        it(`${activation}, power ${power}, ${timeWeight ? 'with' : 'without'} time weight: f and VJP for 1–3 layers, batch 1 and 7`, () => {
          for (const widths of [[], [5], [6, 4]]) {
            const plan = makePlan(3, widths, activation, power, timeWeight);
            const params = makeParams(plan, seed++);
            const program = new WasmMlpProgram(kernels, plan);
            program.setParams(params);
            for (const batch of [1, 7]) {
              const t = 0.37;
              const y = randomState(batch * 3, seed++);
              const a = randomState(batch * 3, seed++);
              const out = new Float32Array(y.length);
              program.forward(t, y, batch, out);
              const expected = reference(plan, params, t, y, batch);
              expectClose(out, expected, 1e-6, 'f');
              const v = runVjp(program, t, y, a, batch);
              expectClose(v.f, expected, 1e-6, 'vjp f');
              const fd = finiteDifferenceVjp(plan, params, t, y, a, batch);
              // central differences carry ≈ 1e-10 of rounding noise: an absolute floor for near-zero entries
              expectClose(v.gy, fd.gy, 1e-5, 'gy', 1e-8);
              v.gParams.forEach((g, k) => expectClose(g, fd.gParams[k], 1e-5, `gParams[${k}]`, 1e-8));
              if (timeWeight) expectClose([v.gt], [fd.gt], 1e-5, 'gt', 1e-8);
              else expect(v.gt).toBe(0);
            }
          }
        });
      }
    }
  }
});

describe('fused MLP kernels', () => {
  it('tanh agrees with Math.tanh to 1e-15 over a sweep, and keeps −0, NaN and the limits', () => {
    let worst = 0;
    for (let x = -25; x <= 25; x += 1.37e-4) worst = Math.max(worst, Math.abs(kernels.exports.tanh(x) - Math.tanh(x)));
    for (let e = -30; e <= 2; e += 0.01) {
      const x = Math.pow(10, e);
      worst = Math.max(worst, Math.abs(kernels.exports.tanh(x) - Math.tanh(x)), Math.abs(kernels.exports.tanh(-x) - Math.tanh(-x)));
    }
    expect(worst).toBeLessThanOrEqual(1e-15);
    expect(Object.is(kernels.exports.tanh(-0), -0)).toBe(true);
    expect(kernels.exports.tanh(NaN)).toBeNaN();
    expect(kernels.exports.tanh(Infinity)).toBe(1);
    expect(kernels.exports.tanh(-Infinity)).toBe(-1);
  });

  it('activate (tanh kind, two lanes at a time) matches the scalar export bit for bit, special values included', () => {
    const special = [0, -0, NaN, Infinity, -Infinity, 1e-300, -1e-300, 3.7e-9, -3.7e-9, 3.69e-9, 19.9, 20.1, -20.1, 1e300, -1e300, 0.5, -0.5];
    const values = [...special, ...Array.from({ length: 2000 }, (_, i) => (i - 1000) / 40), ...special.slice(1)]; // odd length: scalar tail
    const n = values.length;
    const p = kernels.alloc(n);
    const q = kernels.alloc(n);
    kernels.f64().set(values, p >> 3);
    kernels.exports.activate(1, p, q, n);
    const g = kernels.f64();
    for (let i = 0; i < n; i++) {
      const expected = kernels.exports.tanh(values[i]);
      if (!Object.is(g[(q >> 3) + i], expected)) throw new Error(`tanh(${values[i]}): ${g[(q >> 3) + i]} vs ${expected}`);
    }
  });
  it('denseBackwardInput equals dense on the transposed weights (what programs run), bit for bit', () => {
    const [B, nout, nin] = [5, 7, 3];
    const g = kernels.alloc(B * nout);
    const W = kernels.alloc(nin * nout);
    const WT = kernels.alloc(nin * nout);
    const zeros = kernels.alloc(nin);
    const gx1 = kernels.alloc(B * nin);
    const gx2 = kernels.alloc(B * nin);
    const rand = rng(3);
    const f = kernels.f64();
    for (let i = 0; i < B * nout; i++) f[(g >> 3) + i] = 2 * rand() - 1;
    for (let i = 0; i < nin * nout; i++) f[(W >> 3) + i] = 2 * rand() - 1;
    f.fill(0, zeros >> 3, (zeros >> 3) + nin);
    kernels.exports.denseBackwardInput(g, B, nout, W, nin, gx1);
    kernels.exports.transpose(W, nin, nout, WT);
    kernels.exports.dense(g, B, nout, WT, nin, zeros, 0, 0, gx2);
    const v = kernels.f64();
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < nin; i++) {
        let s = 0;
        for (let j = 0; j < nout; j++) s += v[(W >> 3) + i * nout + j] * v[(g >> 3) + b * nout + j];
        expect(v[(gx1 >> 3) + b * nin + i]).toBe(s);
        expect(v[(gx2 >> 3) + b * nin + i]).toBe(s);
      }
    }
    for (let i = 0; i < nin; i++) for (let j = 0; j < nout; j++) expect(v[(WT >> 3) + j * nin + i]).toBe(v[(W >> 3) + i * nout + j]);
  });
});

describe('WasmMlpProgram remembered forward passes', () => {
  const plan = makePlan(2, [8], 'tanh', 3, true);
  const params = makeParams(plan, 99);
  const y = randomState(10, 5);
  const a = randomState(10, 6);

  /** How many layer activations `program` ran: a forward pass runs one per layer, a backward pass none. */
  function counted(program: () => void): number {
    const spy = vi.spyOn(kernels.exports, 'activate');
    try {
      program();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  it('a VJP at a point f was evaluated at reuses its pass and gives the same result as without', () => {
    const fresh = new WasmMlpProgram(kernels, plan);
    fresh.setParams(params);
    const cold = runVjp(fresh, 0.5, y, a, 5);
    const program = new WasmMlpProgram(kernels, plan);
    program.setParams(params);
    const out = new Float32Array(10);
    expect(counted(() => program.forward(0.5, y, 5, out))).toBe(2);
    // other points in between: the ring keeps the first
    for (let q = 0; q < 10; q++) program.forward(0.1 * q, randomState(10, 100 + q), 5, new Float32Array(10));
    let hot: Vjp | undefined;
    expect(counted(() => (hot = runVjp(program, 0.5, y, a, 5)))).toBe(0);
    expect(hot).toEqual(cold);
    expect(counted(() => program.forward(0.5, y, 5, out))).toBe(0);
  });

  it('misses on a different t, a different y (down to the sign of a zero) and after setParams', () => {
    const program = new WasmMlpProgram(kernels, plan);
    program.setParams(params);
    const yz = y.slice();
    yz[3] = 0;
    program.forward(0, yz, 5, new Float32Array(10));
    expect(counted(() => runVjp(program, 0, yz, a, 5))).toBe(0);
    expect(counted(() => runVjp(program, -0, yz, a, 5))).toBe(2);
    expect(counted(() => runVjp(program, 1e-300, yz, a, 5))).toBe(2);
    const yn = yz.slice();
    yn[3] = -0;
    expect(counted(() => runVjp(program, 0, yn, a, 5))).toBe(2);
    const yb = yz.slice();
    yb[9] = Math.fround(yb[9] * (1 + 2 ** -20));
    expect(counted(() => runVjp(program, 0, yb, a, 5))).toBe(2);

    // new parameters: no stale result
    const params2 = makeParams(plan, 1234);
    program.setParams(params2);
    let after: Vjp | undefined;
    expect(counted(() => (after = runVjp(program, 0, yz, a, 5)))).toBe(2);
    const fresh = new WasmMlpProgram(kernels, plan);
    fresh.setParams(params2);
    expect(after).toEqual(runVjp(fresh, 0, yz, a, 5));
    expectClose(after!.f, reference(plan, params2, 0, yz, 5), 1e-6, 'f after setParams');
  });

  it('keeps the ring per batch size and survives more points than it holds', () => {
    const program = new WasmMlpProgram(kernels, plan);
    program.setParams(params);
    const out = new Float32Array(10);
    for (let q = 0; q < 70; q++) program.forward(q, y, 5, out);
    expect(counted(() => runVjp(program, 69, y, a, 5))).toBe(0);
    expect(counted(() => runVjp(program, 3, y, a, 5))).toBe(2); // pushed out of the 64-slot ring
    const y1 = y.slice(0, 2);
    program.forward(69, y1, 1, new Float32Array(2));
    expect(counted(() => runVjp(program, 69, y1, a.slice(0, 2), 1))).toBe(0);
    expectClose(runVjp(program, 69, y1, a.slice(0, 2), 1).f, reference(plan, params, 69, y1, 1), 1e-6, 'batch 1');
  });
});

describe('WasmMlpProgram with float64 inputs and outputs', () => {
  it('computes what the float32 path computes before its one rounding, and accumulates gradients exactly', () => {
    for (const activation of ACTIVATIONS) {
      const plan = makePlan(3, [6], activation, 3, true);
      const p32 = makeParams(plan, 41);
      const p64 = p32.map((p) => Float64Array.from(p));
      const narrow = new WasmMlpProgram(kernels, plan);
      narrow.setParams(p32);
      const wide = new WasmMlpProgram(kernels, plan);
      wide.setParams(p64);
      const y32 = randomState(12, 42);
      const a32 = randomState(12, 43);
      const y64 = Float64Array.from(y32);
      const a64 = Float64Array.from(a32);
      const f32 = new Float32Array(12);
      const f64 = new Float64Array(12);
      narrow.forward(0.3, y32, 4, f32);
      wide.forward(0.3, y64, 4, f64);
      expect(Float32Array.from(f64)).toEqual(f32);
      expect(Array.from(f64)).not.toEqual(Array.from(f32)); // float64 results are not rounded
      const v32 = runVjp(narrow, 0.3, y32, a32, 4);
      const gy = new Float64Array(12);
      const g = wide.paramSizes.map((n) => new Float64Array(n));
      const gt = wide.vjp(0.3, y64, a64, 4, null, gy, g);
      expect(Float32Array.from(gy)).toEqual(v32.gy);
      g.forEach((gk, k) => expect(Float32Array.from(gk)).toEqual(v32.gParams[k]));
      expect(gt).toBe(v32.gt);
      // accumulate: start + the overwritten gradient, one addition per entry
      const start = wide.paramSizes.map((n, k) => Float64Array.from({ length: n }, (_, i) => 0.5 * k - 0.01 * i));
      const acc = start.map((s) => s.slice());
      wide.vjp(0.3, y64, a64, 4, null, new Float64Array(12), acc, true);
      acc.forEach((ak, k) => expect(ak).toEqual(start[k].map((s, i) => s + g[k][i])));
    }
  });
});

describe('WasmMlpProgram memory and input checks', () => {
  it('grows the memory for a batch of 4096 without disturbing other programs', () => {
    const small = makePlan(2, [4], 'sigmoid', 2, false);
    const smallParams = makeParams(small, 7);
    const other = new WasmMlpProgram(kernels, small);
    other.setParams(smallParams);
    const ys = randomState(6, 8);
    const before = new Float32Array(6);
    other.forward(1, ys, 3, before);

    const pages = kernels.exports.memory.buffer.byteLength;
    const plan = makePlan(2, [50], 'tanh', 3, true);
    const params = makeParams(plan, 11);
    const program = new WasmMlpProgram(kernels, plan);
    program.setParams(params);
    const batch = 4096;
    const y = randomState(batch * 2, 12);
    const a = randomState(batch * 2, 13);
    const v = runVjp(program, 0.25, y, a, batch);
    expect(kernels.exports.memory.buffer.byteLength).toBeGreaterThan(pages);
    expectClose(v.f, reference(plan, params, 0.25, y, batch), 1e-6, 'f at batch 4096');
    const out = new Float32Array(batch * 2);
    program.forward(0.25, y, batch, out);
    expect(out).toEqual(v.f);

    const after = new Float32Array(6);
    other.forward(1, ys, 3, after);
    expect(after).toEqual(before);
    expectClose(after, reference(small, smallParams, 1, ys, 3), 1e-6, 'other program');
  });

  it('rejects bad plans, parameter lists and shapes with stable codes', () => {
    expect(() => new WasmMlpProgram(kernels, { inputSize: 2, power: 1, layers: [{ inputs: 2, outputs: 3, activation: 'tanh', timeWeight: false }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SPEC' }),
    );
    expect(() => new WasmMlpProgram(kernels, { inputSize: 2, power: 4 as 1, layers: [{ inputs: 2, outputs: 2, activation: 'tanh', timeWeight: false }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SPEC' }),
    );
    expect(() => new WasmMlpProgram(kernels, { inputSize: 2, power: 1, layers: [{ inputs: 2, outputs: 2, activation: 'gelu' as 'tanh', timeWeight: false }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SPEC' }),
    );
    const plan = makePlan(2, [3], 'relu', 1, false);
    const program = new WasmMlpProgram(kernels, plan);
    expect(() => program.forward(0, new Float32Array(2), 1, new Float32Array(2))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => program.setParams([new Float32Array(6)])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => program.setParams(makeParams(plan, 1).map((p, k) => (k === 1 ? p.slice(1) : p)))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    program.setParams(makeParams(plan, 1));
    expect(() => program.forward(0, new Float32Array(3), 1, new Float32Array(3))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => program.forward(0, new Float32Array(4), 2, new Float32Array(2))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => program.vjp(0, new Float32Array(2), new Float32Array(2), 1, null, new Float32Array(2), [])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});

describe('committed kernel module', () => {
  it('src/mlp-kernels-binary.ts is what scripts/build-kernels.mjs compiles from assembly/ today', () => {
    const script = fileURLToPath(new URL('../scripts/build-kernels.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('up to date');
    expect(r.status).toBe(0);
  });
});
