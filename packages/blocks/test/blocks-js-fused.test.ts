import { describe, expect, it, vi } from 'vitest';
import { hasVjpInto, JsBackend, OdeflowError, type JsTensor } from '@odeflow/core';
import {
  ACTIVATION_NAMES,
  getBlockRealisation,
  jsFusedMlpRealisation,
  JsWasmMlpDynamics,
  realiseBlock,
  SeededRandom,
  type ActivationName,
  type InputTransformName,
  type MlpBlockSpec,
  type RealisedBlock,
} from '@odeflow/blocks';

// The js backend's default realisation of MLP blocks (odeflow's WebAssembly kernels, float64) against the
// hand-written typed-array kernels. Both compute the same sums in the same order with the same tanh, so
// their results agree bit for bit (see BIT_IDENTICAL_EXCEPT below for the measured exceptions).

const backend = new JsBackend();

/**
 * max |x − y| / max |y| (relative to the array's scale: entries that cancel to near zero do not magnify
 * rounding); exactly 0 only when every entry is bit-identical (Object.is).
 */
function maxRel(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]));
  for (let i = 0; i < x.length; i++) {
    if (Object.is(x[i], y[i])) continue;
    const d = Math.abs(x[i] - y[i]) / Math.max(scale, 1e-300);
    // a NaN on one side only is a difference; so is +0 against −0 (d = 0 but not the same bits)
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d === 0 ? Number.MIN_VALUE : d);
  }
  return worst;
}

/**
 * Measured: tanh (the same fastTanh), relu and identity agree bit for bit. sigmoid and softplus go
 * through exp/log1p, which the WebAssembly module computes with its own libm (AssemblyScript's, not
 * V8's): last-bit differences there, measured ≲ 8e-16 of each array's scale (limit 1e-14).
 */
const TOLERANCE: Record<ActivationName, number> = { tanh: 0, relu: 0, identity: 0, sigmoid: 1e-14, softplus: 1e-14 };

function spec(activation: ActivationName, power: 1 | 2 | 3, timeInput: boolean, widths: number[], seed: number): MlpBlockSpec {
  const inputTransform: InputTransformName = power === 3 ? 'cube' : power === 2 ? 'square' : 'none';
  return {
    kind: 'mlp',
    inputSize: 3,
    widths: [...widths, 3],
    activation,
    timeInput,
    inputTransform,
    init: { weights: { kind: 'normal', std: 0.6 }, bias: { kind: 'normal', std: 0.3 }, seed },
  };
}

function pair(s: MlpBlockSpec): { fused: RealisedBlock<JsTensor>; typed: RealisedBlock<JsTensor> } {
  const fused = realiseBlock(s, backend);
  const typed = realiseBlock(s, backend, { realisation: 'typed-array' });
  expect(fused.realisation).toBe('fused-kernel');
  expect(typed.realisation).toBe('typed-array');
  return { fused, typed };
}

function state(shape: number[], seed: number): JsTensor {
  const rng = new SeededRandom(seed);
  return backend.fromArray(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.9 * rng.normal()), shape);
}

interface Compared {
  f: number;
  y: number;
  params: number;
  t: number;
}

/** f and the VJP of both realisations at one point: the worst relative difference of each part. */
function compareAt(s: MlpBlockSpec, shape: number[], seed: number, t: number): Compared {
  const { fused, typed } = pair(s);
  const y = state(shape, seed);
  const a = state(shape, seed + 1);
  const ff = fused.dynamics.f(t, y, fused.params);
  const ft = typed.dynamics.f(t, y, typed.params);
  const vf = fused.dynamics.vjp!(t, y, a, fused.params);
  const vt = typed.dynamics.vjp!(t, y, a, typed.params);
  expect(ff.shape).toEqual(shape);
  expect(vf.y.shape).toEqual(shape);
  vf.params.forEach((p, k) => expect(p.shape).toEqual(fused.paramShapes[k]));
  const out: Compared = {
    f: Math.max(maxRel(ff.data, ft.data), maxRel(vf.f.data, vt.f.data)),
    y: maxRel(vf.y.data, vt.y.data),
    params: Math.max(...vf.params.map((p, k) => maxRel(p.data, vt.params[k].data))),
    t: maxRel([vf.t], [vt.t]),
  };
  backend.dispose([y, a, ff, ft, vf.f, vf.y, ...vf.params, vt.f, vt.y, ...vt.params, ...fused.params, ...typed.params]);
  return out;
}

describe('js blocks: WebAssembly kernels (default) against the typed-array kernels', () => {
  let seed = 10;
  for (const activation of ACTIVATION_NAMES) {
    for (const power of [1, 2, 3] as const) {
      for (const timeInput of [false, true]) {
        it(`${activation}, power ${power}, time input ${timeInput ? 'on' : 'off'}: f and VJP (y, θ, t) for 1–3 layers, states [3] and [5, 3]`, () => {
          for (const widths of [[], [7], [6, 4]]) {
            for (const shape of [[3], [5, 3]]) {
              const r = compareAt(spec(activation, power, timeInput, widths, seed++), shape, seed++, timeInput ? 0.37 : 0);
              for (const part of ['f', 'y', 'params', 't'] as const) {
                const what = `${part} of ${widths.length + 1} layers, [${shape}]`;
                if (TOLERANCE[activation] === 0) expect(r[part], what).toBe(0);
                else expect(r[part], what).toBeLessThanOrEqual(TOLERANCE[activation]);
              }
            }
          }
        });
      }
    }
  }
});

describe('js blocks on the WebAssembly kernels: the JsMlpDynamics contract', () => {
  const spiral: MlpBlockSpec = {
    kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube',
    init: { weights: { kind: 'normal', std: 0.3 }, bias: { kind: 'normal', std: 0.1 }, seed: 4 },
  }; // prettier-ignore

  it('auto takes the fused kernels on js; typed-array and backend-ops stay available; an explicit vjp mode picks typed-array', () => {
    expect(getBlockRealisation('mlp', 'js', 'fused-kernel')).toBe(jsFusedMlpRealisation);
    expect(realiseBlock(spiral, new JsBackend()).dynamics).toBeInstanceOf(JsWasmMlpDynamics);
    const b = new JsBackend();
    expect(getBlockRealisation('mlp', b.name, 'fused-kernel')?.description).toMatch(/WebAssembly/);
    const auto = realiseBlock(spiral, b);
    expect(auto.realisation).toBe('fused-kernel');
    expect(hasVjpInto(auto.dynamics)).toBe(true);
    expect(realiseBlock(spiral, b, { realisation: 'fused-kernel' }).realisation).toBe('fused-kernel');
    expect(realiseBlock(spiral, b, { realisation: 'typed-array' }).realisation).toBe('typed-array');
    expect(realiseBlock(spiral, b, { realisation: 'backend-ops' }).realisation).toBe('backend-ops');
    expect(realiseBlock(spiral, b, { vjp: 'explicit' }).realisation).toBe('typed-array');
  });

  it('vjpInto overwrites or accumulates like the typed-array kernels and allocates no tensor', () => {
    const s = spec('tanh', 3, true, [6], 77);
    const { fused, typed } = pair(s);
    const y = state([4, 3], 1);
    const a = state([4, 3], 2);
    const targets = (blk: RealisedBlock<JsTensor>) => ({
      y: backend.zeros([4, 3]),
      f: backend.zeros([4, 3]),
      params: blk.paramShapes.map((shape, k) => backend.fill(shape, 0.25 * (k + 1))),
    });
    const of = targets(fused);
    const ot = targets(typed);
    if (!hasVjpInto(fused.dynamics) || !hasVjpInto(typed.dynamics)) throw new Error('both realisations offer vjpInto');
    const before = backend.memory().tensors;
    let gtf = 0;
    let gtt = 0;
    for (const t of [0.5, 0.5, 0.9]) {
      gtf += fused.dynamics.vjpInto(t, y, a, fused.params, of, true);
      gtt += typed.dynamics.vjpInto(t, y, a, typed.params, ot, true);
      fused.dynamics.fInto!(t, y, fused.params, of.y);
    }
    expect(backend.memory().tensors).toBe(before);
    expect(gtf).toBe(gtt);
    // the typed-array kernels start each sum from the accumulator, the WebAssembly ones add the finished
    // sum to it: the same terms, one rounding apart
    of.params.forEach((p, k) => expect(maxRel(p.data, ot.params[k].data)).toBeLessThanOrEqual(1e-15));
    // three accumulated VJPs on top of the initial 0.25·(k + 1): far from an overwrite
    const once = fused.dynamics.vjp!(0.9, y, a, fused.params);
    expect(maxRel(of.params[0].data, once.params[0].data)).toBeGreaterThan(0.1);
    fused.dynamics.vjpInto(0.9, y, a, fused.params, of);
    of.params.forEach((p, k) => expect(maxRel(p.data, once.params[k].data)).toBe(0));
    expect(maxRel(of.y.data, once.y.data)).toBe(0);
    expect(maxRel(of.f!.data, once.f.data)).toBe(0);
    backend.dispose([y, a, of.y, of.f, ...of.params, ot.y, ot.f, ...ot.params, once.f, once.y, ...once.params, ...fused.params, ...typed.params]);
  });

  it('sees parameters updated in place (one ulp) at a remembered point, and blocks with their own parameters do not disturb each other', () => {
    const b = new JsBackend();
    const one = realiseBlock(spiral, b);
    const two = realiseBlock({ ...spiral, init: { ...spiral.init, seed: 5 } }, b);
    const y = b.fromArray([0.4, -1.1, 1.3, 0.2], [2, 2]);
    const a = b.fromArray([1, 0.5, -0.25, 2], [2, 2]);
    const f1 = one.dynamics.f(0.1, y, one.params).data.slice();
    one.dynamics.vjp!(0.1, y, a, one.params); // (0.1, y) is now a remembered point with these θ
    const f2 = two.dynamics.f(0.1, y, two.params).data.slice();
    expect(maxRel(f1, f2)).toBeGreaterThan(1e-3);
    // interleaved evaluations return each block's own values
    expect(maxRel(one.dynamics.f(0.1, y, one.params).data, f1)).toBe(0);
    expect(maxRel(two.dynamics.f(0.1, y, two.params).data, f2)).toBe(0);
    // an optimizer updates the weights in place: one ulp up in the first entry whose change shows in f
    // (found with the typed-array kernels) must show in the fused kernels' f at the remembered point too
    const typed = realiseBlock(spiral, b, { realisation: 'typed-array' });
    const w = one.params[0].data;
    let g1: Float64Array | undefined;
    for (let k = 0; k < w.length && g1 === undefined; k++) {
      const old = w[k];
      w[k] = old + Math.abs(old) * Number.EPSILON;
      expect(w[k]).not.toBe(old);
      const ft = typed.dynamics.f(0.1, y, one.params).data;
      if (maxRel(ft, f1) > 0) g1 = ft;
      else w[k] = old;
    }
    if (g1 === undefined) throw new Error('no one-ulp change of a first-layer weight shows in f');
    expect(maxRel(one.dynamics.f(0.1, y, one.params).data, g1)).toBe(0);
    const vt = typed.dynamics.vjp!(0.1, y, a, one.params);
    const vf = one.dynamics.vjp!(0.1, y, a, one.params);
    expect(maxRel(vf.y.data, vt.y.data)).toBe(0);
    vf.params.forEach((p, k) => expect(maxRel(p.data, vt.params[k].data)).toBe(0));
    // parameters swapped for other tensors with the same values: the same results
    const copies = one.params.map((p) => b.clone(p));
    expect(maxRel(one.dynamics.f(0.1, y, copies).data, g1)).toBe(0);
  });

  it('rejects bad shapes and targets with the typed-array kernels’ codes and messages', () => {
    const { fused, typed } = pair(spiral);
    const y = backend.fromArray([0.4, -1.1, 1.3, 0.2], [2, 2]);
    const bad = backend.fromArray([1, 2, 3], [3]);
    const error = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        return e instanceof OdeflowError ? `${e.code}: ${e.message.replace(/^[^:]*: /, '')}` : `not an OdeflowError: ${String(e)}`;
      }
      return 'no error';
    };
    const cases: ((d: RealisedBlock<JsTensor>) => unknown)[] = [
      (d) => d.dynamics.f(0, bad, d.params),
      (d) => d.dynamics.f(0, backend.fromArray([1], []), d.params),
      (d) => d.dynamics.f(0, y, d.params.slice(1)),
      (d) => d.dynamics.f(0, y, [d.params[1], ...d.params.slice(1)]),
      (d) => d.dynamics.fInto!(0, y, d.params, backend.zeros([3])),
      (d) => d.dynamics.vjp!(0, y, bad, d.params),
      (d) => (d.dynamics as unknown as { vjpInto: (...args: unknown[]) => number }).vjpInto(0, y, y, d.params, { y: backend.zeros([3]), params: d.params }),
      (d) => (d.dynamics as unknown as { vjpInto: (...args: unknown[]) => number }).vjpInto(0, y, y, d.params, { y: backend.zeros([2, 2]), params: d.params.slice(1) }),
      (d) => (d.dynamics as unknown as { vjpInto: (...args: unknown[]) => number }).vjpInto(0, y, y, d.params, { y, params: d.params.map((p) => backend.zeros(p.shape)) }),
    ];
    const codes = cases.map((c) => error(() => c(fused)));
    expect(codes).toEqual(cases.map((c) => error(() => c(typed))));
    expect(codes.map((c) => c.split(':')[0])).toEqual([...Array(8).fill('SHAPE_MISMATCH'), 'INVALID_ARGUMENT']);
  });
});

describe('loading the WebAssembly kernels', () => {
  const small: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [4, 2], activation: 'tanh' };

  // each case imports fresh copies of core and blocks (the per-process kernel cache included) under a stubbed runtime
  async function fresh(webAssembly: unknown): Promise<{ core: typeof import('@odeflow/core'); blocks: typeof import('@odeflow/blocks') }> {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', webAssembly);
    return { core: await import('@odeflow/core'), blocks: await import('@odeflow/blocks') };
  }

  it('without WebAssembly: blocks fall back to the typed-array kernels and the factory stays synchronous', async () => {
    try {
      const { core, blocks } = await fresh(undefined);
      expect(blocks.loadMlpKernelsSync()).toBeUndefined();
      await expect(blocks.loadMlpKernels()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      const b = new core.JsBackendFactory().create();
      expect(b).toBeInstanceOf(core.JsBackend);
      await expect(blocks.preloadBlockKernels('js')).resolves.toBeUndefined();
      expect(blocks.realiseBlock(small, b).realisation).toBe('typed-array');
      expect(() => blocks.realiseBlock(small, b, { realisation: 'fused-kernel' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('where synchronous compilation is refused (a browser main thread): preloadBlockKernels loads asynchronously, then blocks are fused', async () => {
    const real = WebAssembly;
    const refusing = Object.assign(Object.create(real) as object, {
      Module: function Module(): never {
        throw new RangeError('WebAssembly.Module(): Buffer size is over 4 KB, use WebAssembly.compile');
      },
      instantiate: real.instantiate.bind(real),
    });
    try {
      const { core, blocks } = await fresh(refusing);
      expect(blocks.loadMlpKernelsSync()).toBeUndefined();
      const js = new core.JsBackendFactory().create();
      expect(js).toBeInstanceOf(core.JsBackend);
      expect(blocks.realiseBlock(small, js).realisation).toBe('typed-array');
      const preloaded = blocks.preloadBlockKernels('js');
      expect(preloaded).toBeInstanceOf(Promise);
      await preloaded;
      expect(blocks.loadMlpKernelsSync()).toBeDefined();
      expect(blocks.realiseBlock(small, js).realisation).toBe('fused-kernel');
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
