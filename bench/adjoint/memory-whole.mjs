// The memory meter's peak (what compareSensitivities reports) against what the process holds: ArrayBuffer bytes
// after a full collection plus the block kernels' WebAssembly memory, sampled at the first VJPs of each backward
// pass, every 1024th after, and between the forward and the backward pass. MLP 16→32→tanh→16 tied into a
// Hamiltonian flow (steps grow with the horizon), y0 fixed, dopri5 at rtol 1e-7, atol 1e-9, 6 output times,
// js backend (float64); one fresh block per run, kept alive so that no run reuses another's buffers.
//
//   npx --yes pnpm@12.21.0 run build && node --expose-gc bench/adjoint/memory-whole.mjs [--horizons 10,40,160]
//
// Memory is deterministic: one run per cell. The process figure moves in 64 KiB pages where WebAssembly memory grows.
import { JsBackend } from '@odeflow/core';
import { loadMlpKernelsSync, realiseBlock } from '@odeflow/blocks';
import { AdjointSensitivity, CheckpointedSensitivity, compareSensitivities, DirectSensitivity } from '@odeflow/adjoint';
import { dopri5 } from '@odeflow/solvers';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const horizons = arg('horizons', '10,40,160').split(',').map(Number);
const N = 16;
const HIDDEN = 32;
const collect = () => {
  globalThis.gc();
  globalThis.gc(); // backing stores are freed on a background thread: the second collection waits for the first's
};
const processBytes = () => process.memoryUsage().arrayBuffers + (loadMlpKernelsSync()?.exports.memory.buffer.byteLength ?? 0);

function hamiltonianBlock(backend, realisation) {
  const spec = { kind: 'mlp', inputSize: N, widths: [HIDDEN, N], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.3 }, bias: { kind: 'normal', std: 0.3 }, seed: 5 } };
  const block = realiseBlock(spec, backend, { realisation });
  const [W1, b1, W2, b2] = block.params;
  const w1 = backend.toFloat64Array(W1);
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

function measure(realisation, sensitivity) {
  const backend = new JsBackend();
  const alive = [];
  const peaks = [];
  const table = compareSensitivities(
    (horizon) => {
      const { dynamics, params } = hamiltonianBlock(backend, realisation);
      alive.push(dynamics);
      const y0 = backend.fromArray(Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 1.5 : 0) * Math.cos(i)));
      collect();
      const base = processBytes();
      let peak = 0;
      const sample = () => {
        collect();
        peak = Math.max(peak, processBytes() - base);
      };
      let calls = 0;
      const sampled = {
        f: (t, y, p) => dynamics.f(t, y, p),
        vjp: (t, y, a, p) => {
          if (calls < 3 || calls % 1024 === 0) sample();
          calls++;
          return dynamics.vjp(t, y, a, p);
        },
      };
      return {
        problem: { dynamics: sampled, y0, ts: Array.from({ length: 6 }, (_, k) => (horizon * k) / 5), params },
        context: { backend, solver: dopri5, options: { rtol: 1e-7, atol: 1e-9 }, resolveSolver: () => dopri5 },
        cotangents: (sol) => {
          sample();
          return sol.ys.map((y) => backend.lincomb([1 / sol.ys.length], [y]));
        },
        dispose: () => {
          peaks.push(peak);
          backend.dispose([y0, ...params]);
        },
      };
    },
    { methods: [sensitivity], horizons },
  );
  return table.rows.map((row, k) => ({ row, process: peaks[k] }));
}

const kib = (b) => (b / 1024).toFixed(1);
console.log('| block | method | horizon | steps | meter peak KiB | process peak KiB | process / meter | held at peak (KiB) |');
console.log('|---|---|---:|---:|---:|---:|---:|---|');
for (const realisation of ['typed-array', 'fused-kernel']) {
  for (const s of [new DirectSensitivity(), new AdjointSensitivity(), new CheckpointedSensitivity()]) {
    for (const { row, process } of measure(realisation, s)) {
      const held = Object.entries(row.heldAtPeak).sort((x, y) => y[1] - x[1]).map(([l, b]) => `${l} ${kib(b)}`).join(', ');
      console.log(`| ${realisation} | ${row.method} | ${row.horizon} | ${row.steps} | ${kib(row.peakBytes)} | ${kib(process)} | ${(process / row.peakBytes).toFixed(2)} | ${held} |`);
    }
  }
}
