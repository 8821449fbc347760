import { describe, expect, it } from 'vitest';
import {
  AdjointSensitivity,
  CheckpointedSensitivity,
  compareSensitivities,
  DirectSensitivity,
  dopri5,
  JsBackend,
  loadMlpKernelsSync,
  realiseBlock,
  type BlockRealisation,
  type ComparisonRow,
  type Dynamics,
  type JsTensor,
  type Sensitivity,
} from 'odeflow';

// The meter's figures (the comparison's peakBytes) against what the process itself holds: ArrayBuffer bytes
// after a full garbage collection, plus the size of the block kernels' WebAssembly memory (which
// process.memoryUsage().arrayBuffers does not include). The state has 16 components (128 bytes): V8 keeps typed
// arrays of 64 bytes or less inside the JS heap, where arrayBuffers would not see them. V8 frees the backing
// stores of collected ArrayBuffers on a background thread: a second collection waits for the first one's.
const collect = () => {
  const gc = (globalThis as { gc?: () => void }).gc!; // vitest runs with --expose-gc
  gc();
  gc();
};
const wasmBytes = () => loadMlpKernelsSync()?.exports.memory.buffer.byteLength ?? 0;
const processBytes = () => process.memoryUsage().arrayBuffers + wasmBytes();

const N = 16;
const HIDDEN = 32;

/** The most bytes the process held beyond a baseline, sampled after a collection at chosen moments. */
class ProcessPeak {
  private base = 0;
  peak = 0;
  start(): void {
    collect();
    this.base = processBytes();
    this.peak = 0;
  }
  sample(): void {
    collect();
    this.peak = Math.max(this.peak, processBytes() - this.base);
  }
}

/**
 * An MLP block N → HIDDEN → N tied into a Hamiltonian flow (W2 = W1ᵀ·Jᵀ, J a quarter turn on each pair of
 * components, b2 = 0), so that orbits neither grow nor collapse and the steps grow in proportion to the horizon.
 */
function hamiltonianBlock(backend: JsBackend, realisation: BlockRealisation) {
  const spec = { kind: 'mlp', inputSize: N, widths: [HIDDEN, N], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.3 }, bias: { kind: 'normal', std: 0.3 }, seed: 5 } } as const;
  const block = realiseBlock(spec, backend, { realisation });
  const [W1, b1, W2, b2] = block.params;
  const w1 = backend.toFloat64Array(W1); // [N, HIDDEN]
  const tied = new Float64Array(HIDDEN * N);
  for (let j = 0; j < HIDDEN; j++) {
    for (let p = 0; p < N; p += 2) {
      tied[j * N + p] = w1[(p + 1) * HIDDEN + j];
      tied[j * N + p + 1] = -w1[p * HIDDEN + j];
    }
  }
  const params = [W1, b1, backend.fromArray(tied, [HIDDEN, N]), backend.zeros([N])];
  backend.dispose([W2, b2]);
  return { dynamics: block.dynamics, params };
}

/** The block's f and VJP, sampling the process's bytes at the first VJPs of a backward pass and every 1024th after. */
function sampling(d: Dynamics<JsTensor>, peak: ProcessPeak): Dynamics<JsTensor> {
  let calls = 0;
  return {
    name: d.name,
    f: (t, y, p) => d.f(t, y, p),
    vjp: (t, y, a, p) => {
      if (calls < 3 || calls % 1024 === 0) peak.sample();
      calls++;
      return d.vjp!(t, y, a, p);
    },
  };
}

type Measured = { meter: ComparisonRow; process: number };

/** One sensitivity over the horizons, a fresh block per run (kept alive, so no run reuses another's buffers). */
function measure(realisation: BlockRealisation, sensitivity: Sensitivity, horizons: number[]): Measured[] {
  const backend = new JsBackend();
  const peaks: number[] = [];
  const alive: unknown[] = [];
  const table = compareSensitivities<JsTensor>(
    (horizon) => {
      const { dynamics, params } = hamiltonianBlock(backend, realisation);
      alive.push(dynamics);
      const y0 = backend.fromArray(Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 1.5 : 0) * Math.cos(i)));
      const peak = new ProcessPeak();
      const ts = Array.from({ length: 6 }, (_, k) => (horizon * k) / 5);
      peak.start();
      return {
        problem: { dynamics: sampling(dynamics, peak), y0, ts, params },
        context: { backend, solver: dopri5, options: { rtol: 1e-7, atol: 1e-9 }, resolveSolver: () => dopri5 },
        cotangents: (sol) => {
          peak.sample(); // between the forward and the backward pass: what the forward pass left for the backward
          return sol.ys.map((y) => backend.lincomb([1 / sol.ys.length], [y]));
        },
        dispose: () => {
          peaks.push(peak.peak);
          backend.dispose([y0, ...params]);
        },
      };
    },
    { methods: [sensitivity], horizons },
  );
  return table.rows.map((meter, k) => ({ meter, process: peaks[k] }));
}

function crossCheck(realisation: BlockRealisation, label: string) {
  const horizons = [10, 40];
  const direct = measure(realisation, new DirectSensitivity(), horizons);
  const adjoint = measure(realisation, new AdjointSensitivity(), horizons);
  const checkpointed = measure(realisation, new CheckpointedSensitivity(), horizons);
  const [short, long] = [0, 1];
  expect(direct[long].meter.steps).toBeGreaterThan(3 * direct[short].meter.steps);
  // the meter counts the block's own memory under its label, the same for every sensitivity
  for (const m of [direct, adjoint, checkpointed]) expect(m[long].meter.heldAtPeak[label]).toBeGreaterThan(0);

  // the ranking at the long horizon, the same in both
  const meter = (m: Measured[]) => m[long].meter.peakBytes;
  const proc = (m: Measured[]) => m[long].process;
  expect(meter(adjoint)).toBeLessThan(meter(checkpointed));
  expect(meter(checkpointed)).toBeLessThan(meter(direct));
  expect(proc(adjoint)).toBeLessThan(proc(checkpointed));
  expect(proc(checkpointed)).toBeLessThan(proc(direct));

  // growth with the steps: direct's grows alike in both, the adjoint's stays flat in both
  const growth = (m: Measured[], of: (x: Measured) => number) => of(m[long]) / of(m[short]);
  const gMeter = growth(direct, (x) => x.meter.peakBytes);
  const gProcess = growth(direct, (x) => x.process);
  expect(gMeter).toBeGreaterThan(2.5);
  expect(gProcess).toBeGreaterThan(2.5);
  expect(gProcess / gMeter).toBeGreaterThan(0.75);
  expect(gProcess / gMeter).toBeLessThan(1.33);
  expect(growth(adjoint, (x) => x.meter.peakBytes)).toBeLessThan(1.2);
  expect(growth(adjoint, (x) => x.process)).toBeLessThan(1.3);

  // where the tape dominates, the meter and the process agree on the amount itself
  expect(proc(direct) / meter(direct)).toBeGreaterThan(0.8);
  expect(proc(direct) / meter(direct)).toBeLessThan(1.25);
  return { direct, adjoint, checkpointed };
}

describe('the memory comparison counts what the process holds', () => {
  it('typed-array blocks: ranking and growth agree with ArrayBuffer bytes', () => {
    crossCheck('typed-array', 'block workspace');
  });

  it('WebAssembly blocks: ranking and growth agree with ArrayBuffer bytes plus WebAssembly memory', () => {
    crossCheck('fused-kernel', 'wasm memory');
  });
});
