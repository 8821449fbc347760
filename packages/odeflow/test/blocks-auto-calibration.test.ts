import { beforeEach, describe, expect, it } from 'vitest';
import {
  BackendMlpDynamics,
  blockCalibrations,
  blockCalibrationStats,
  clearBlockCalibrations,
  JsBackend,
  realiseBlock,
  registerBlockRealisation,
  unregisterBlockRealisation,
  type Dynamics,
  type MlpBlockSpec,
  type TensorBackend,
} from 'odeflow';
import { createWasmBackend } from '@odeflow/backend-wasm';

// `auto` chooses a block's realisation by measured cost: one calibration per (backend, candidate set,
// architecture), cached for the process. Checked through the public API: the cache (counted calibrations), the
// choice following the measured costs, its outputs equal to the op-by-op realisation's, and forced names.

function spec(widths: number[], seed = 1): MlpBlockSpec {
  return { kind: 'mlp', inputSize: 4, widths: [...widths, 4], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.4 }, bias: { kind: 'normal', std: 0.1 }, seed } };
}

/** A js backend under another name, so that test realisations registered for it touch nobody else. */
class CalibrationTestBackend extends JsBackend {
  override readonly name = 'calibration-test' as 'js';
}

/** The op-by-op dynamics with `delayMs` of busy waiting added to every f and VJP: a realisation known to be slow. */
function slowed<T>(inner: Dynamics<T>, delayMs: number): Dynamics<T> {
  const wait = (): void => {
    const until = performance.now() + delayMs;
    while (performance.now() < until) {
      // spin: the cost the calibration must see
    }
  };
  return {
    f: (t, y, p) => (wait(), inner.f(t, y, p)),
    vjp: (t, y, a, p) => (wait(), inner.vjp!(t, y, a, p)),
  };
}

function evaluate<T>(backend: TensorBackend<T>, dynamics: Dynamics<T>, params: readonly T[]): number[][] {
  const y = backend.fromArray([0.3, -0.7, 1.1, 0.2, -0.5, 0.9, 0.05, -1.2], [2, 4]);
  const a = backend.fromArray([1, -0.5, 0.25, 0.7, 0.1, -1.3, 0.4, 0.6], [2, 4]);
  const f = dynamics.f(0.2, y, params);
  const v = dynamics.vjp!(0.2, y, a, params);
  const out = [f, v.y, ...v.params].map((x) => Array.from(backend.toFloat64Array(x)));
  backend.dispose([y, a, f, v.f, v.y, ...v.params]);
  return out;
}

function maxRel(x: number[], y: number[]): number {
  let num = 0;
  let den = 1e-30;
  for (let i = 0; i < y.length; i++) {
    num = Math.max(num, Math.abs(x[i] - y[i]));
    den = Math.max(den, Math.abs(y[i]));
  }
  return num / den;
}

beforeEach(() => clearBlockCalibrations());

describe("auto's measured choice of a block realisation", () => {
  it('measures once per architecture and backend: the second build reuses the choice', async () => {
    const wasm = await createWasmBackend();
    const first = realiseBlock(spec([16]), wasm);
    expect(blockCalibrationStats()).toEqual({ calibrations: 1, cacheHits: 0 });
    const second = realiseBlock(spec([16], 2), wasm); // another seed, same architecture
    expect(second.realisation).toBe(first.realisation);
    expect(blockCalibrationStats()).toEqual({ calibrations: 1, cacheHits: 1 });
    realiseBlock(spec([17]), wasm); // another architecture
    expect(blockCalibrationStats().calibrations).toBe(2);
    const [c] = blockCalibrations();
    expect(c.backend).toBe('wasm');
    expect(Object.keys(c.costs).sort()).toEqual(['backend-ops', 'fused-kernel']); // the preferred realisation against the op-by-op one
    expect(c.chosen).toBe(first.realisation);
    for (const b of [first, second]) wasm.dispose(b.params);
  });

  it('js keeps its float64 kernels unmeasured (its entry does not ask for a comparison)', () => {
    expect(realiseBlock(spec([16]), new JsBackend()).realisation).toBe('fused-kernel');
    expect(blockCalibrationStats()).toEqual({ calibrations: 0, cacheHits: 0 });
  });

  it('a forced realisation is built as asked and measures nothing', async () => {
    const js = new JsBackend();
    for (const realisation of ['typed-array', 'fused-kernel', 'backend-ops'] as const) {
      expect(realiseBlock(spec([8]), js, { realisation }).realisation).toBe(realisation);
    }
    const wasm = await createWasmBackend();
    for (const realisation of ['fused-kernel', 'backend-ops'] as const) {
      const b = realiseBlock(spec([8]), wasm, { realisation });
      expect(b.realisation).toBe(realisation);
      wasm.dispose(b.params);
    }
    expect(blockCalibrationStats()).toEqual({ calibrations: 0, cacheHits: 0 });
  });

  it('follows the measured costs, whichever realisation is preferred on a tie', () => {
    const backend = new CalibrationTestBackend();
    const s = spec([6]);
    registerBlockRealisation({
      kind: 'mlp',
      backend: 'calibration-test',
      realisation: 'fused-kernel',
      description: 'op-by-op dynamics slowed by 2 ms per call',
      measureAgainstBackendOps: true,
      create: (resolved, _layout, b: TensorBackend<unknown>) => slowed(new BackendMlpDynamics(resolved, b), 2),
    });
    try {
      // preferred but slow: the op-by-op realisation wins
      expect(realiseBlock(s, backend).realisation).toBe('backend-ops');
      const [c] = blockCalibrations();
      expect(c.costs['fused-kernel']!).toBeGreaterThan(c.costs['backend-ops']!);
      // bounded: a few samples of each candidate (the slow one costs ≥ 4 ms per f + VJP)
      expect(c.elapsedMs).toBeLessThan(500);
      // identical costs keep the order of preference
      registerBlockRealisation({
        kind: 'mlp',
        backend: 'calibration-test',
        realisation: 'fused-kernel',
        description: 'the op-by-op dynamics under another name',
        measureAgainstBackendOps: true,
        create: (resolved, _layout, b: TensorBackend<unknown>) => new BackendMlpDynamics(resolved, b),
      });
      // the preferred one keeps the tie unless the other measured more than 20% cheaper (timings of identical
      // code still differ by noise on a loaded machine: the rule is checked against the costs it was given)
      const chosen = realiseBlock(s, backend).realisation;
      expect(blockCalibrationStats().calibrations).toBe(2); // re-registering invalidated the first choice
      const tie = blockCalibrations().at(-1)!.costs;
      expect(chosen).toBe(tie['backend-ops']! < 0.8 * tie['fused-kernel']! ? 'backend-ops' : 'fused-kernel');
    } finally {
      unregisterBlockRealisation('mlp', 'calibration-test', 'fused-kernel');
    }
  });

  it('on wasm: the choice is cached and its f and VJP equal the op-by-op realisation (float32)', async () => {
    const wasm = await createWasmBackend();
    for (const widths of [[8], [64, 64]]) {
      const auto = realiseBlock(spec(widths), wasm);
      const calibrations = blockCalibrationStats().calibrations;
      expect(realiseBlock(spec(widths), wasm).realisation).toBe(auto.realisation);
      expect(blockCalibrationStats().calibrations).toBe(calibrations);
      const ops = realiseBlock(spec(widths), wasm, { realisation: 'backend-ops' });
      const fused = realiseBlock(spec(widths), wasm, { realisation: 'fused-kernel' });
      expect(['fused-kernel', 'backend-ops']).toContain(auto.realisation);
      const got = evaluate(wasm, auto.dynamics, auto.params);
      const want = evaluate(wasm, ops.dynamics, ops.params);
      got.forEach((g, k) => expect(maxRel(g, want[k]), `output ${k}`).toBeLessThan(1e-5));
      evaluate(wasm, fused.dynamics, fused.params).forEach((g, k) => expect(maxRel(g, want[k]), `fused output ${k}`).toBeLessThan(1e-5));
      for (const b of [auto, ops, fused]) wasm.dispose(b.params);
    }
    expect(blockCalibrationStats().calibrations).toBe(2);
    expect(blockCalibrations().every((c) => c.backend === 'wasm' && c.costs['fused-kernel']! > 0 && c.costs['backend-ops']! > 0)).toBe(true);
  });
});
