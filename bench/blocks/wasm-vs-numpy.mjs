// MLP blocks on the `wasm` backend against numpy float32 on one thread: ms per f and per VJP (the VJP at a point
// f was not evaluated at, so it includes the forward pass, as numpy's does), for d → w → w → d blocks (tanh hidden
// layers, identity output, d = 128) at widths w = 256 and 1024 and batches B = 64, 512, 4096. Realisations:
// `auto` (whatever it picks), `fused-kernel` (odeflow's WebAssembly kernels, float64 inside) and `backend-ops`
// (tfjs-wasm's own ops, float32). numpy runs in python3 with OPENBLAS_NUM_THREADS=1 (and the other BLAS thread
// variables) and times itself inside Python; one python3 run per case and round, so rounds interleave with the
// JS ones. Times are CPU time of the measuring process (process.cpuUsage / time.process_time): other processes
// on shared cores inflate them less than wall time. Each figure is the median over rounds.
// GFLOP/s count 2 flops per multiply–add: f = 2·B·P, VJP = 6·B·P (forward, input and weight gradients), with
// P = d·w + w·w + w·d.
// Run after a build: node bench/blocks/wasm-vs-numpy.mjs [rounds=5] [widths=256,1024] [batches=64,512,4096]
import { spawnSync } from 'node:child_process';
import { createWasmBackend } from '@odeflow/backend-wasm';
import * as blocks from '@odeflow/blocks';

const rounds = Number(process.argv[2] ?? 5);
const widths = (process.argv[3] ?? '256,1024').split(',').map(Number);
const batches = (process.argv[4] ?? '64,512,4096').split(',').map(Number);
const d = 128;
/** Target CPU time per timed sample (calls are repeated up to it). */
const SAMPLE_MS = 30;

const PY = `
import json, sys, time
import numpy as np
d, w, B, seed = (int(v) for v in sys.argv[1:5])
rng = np.random.default_rng(seed)
f32 = np.float32
W1 = (rng.standard_normal((d, w)) / np.sqrt(d)).astype(f32); b1 = np.zeros(w, f32)
W2 = (rng.standard_normal((w, w)) / np.sqrt(w)).astype(f32); b2 = np.zeros(w, f32)
W3 = (rng.standard_normal((w, d)) / np.sqrt(w)).astype(f32); b3 = np.zeros(d, f32)
y = rng.standard_normal((B, d)).astype(f32); a = rng.standard_normal((B, d)).astype(f32)
def f(y):
    h1 = np.tanh(y @ W1 + b1); h2 = np.tanh(h1 @ W2 + b2)
    return h1, h2, h2 @ W3 + b3
def vjp(y, a):
    h1, h2, out = f(y)
    gW3 = h2.T @ a; gb3 = a.sum(0)
    d2 = (a @ W3.T) * (1 - h2 * h2)
    gW2 = h1.T @ d2; gb2 = d2.sum(0)
    d1 = (d2 @ W2.T) * (1 - h1 * h1)
    gW1 = y.T @ d1; gb1 = d1.sum(0)
    return out, d1 @ W1.T, gW1, gb1, gW2, gb2, gW3, gb3
def per_call(fn):
    fn()
    c = time.process_time(); fn(); once = time.process_time() - c
    n = max(1, int(${SAMPLE_MS / 1000} / max(once, 1e-6)))
    c = time.process_time()
    for _ in range(n): fn()
    return (time.process_time() - c) / n * 1e3
print(json.dumps({'f': per_call(lambda: f(y)), 'vjp': per_call(lambda: vjp(y, a))}))
`;

const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
function numpyRound(w, B) {
  const r = spawnSync('python3', ['-c', PY, String(d), String(w), String(B), '1'], { encoding: 'utf8', env, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function cpuMs(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** ms per call: one call, or when that is shorter than SAMPLE_MS, enough calls for about SAMPLE_MS (round 0 also warms up). */
function perCall(fn) {
  const once = cpuMs(fn);
  if (once >= SAMPLE_MS) return once;
  const n = Math.max(1, Math.floor(SAMPLE_MS / Math.max(once, 1e-3)));
  return cpuMs(() => {
    for (let i = 0; i < n; i++) fn();
  }) / n;
}

const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];

const wasm = await createWasmBackend();
const REALISATIONS = ['auto', 'fused-kernel', 'backend-ops'];
const rows = [];
for (const w of widths) {
  for (const B of batches) {
    const spec = { kind: 'mlp', inputSize: d, widths: [w, w, d], activation: 'tanh', init: { weights: { kind: 'glorot-normal' }, seed: 3 } };
    const c0 = blocks.blockCalibrationStats?.().calibrations ?? 0;
    const realised = REALISATIONS.map((realisation) => blocks.realiseBlock(spec, wasm, { realisation }));
    const calibrations = (blocks.blockCalibrationStats?.().calibrations ?? 0) - c0;
    const y = wasm.fromArray(Float32Array.from({ length: B * d }, (_, i) => Math.sin(i)), [B, d]);
    const a = wasm.fromArray(Float32Array.from({ length: B * d }, (_, i) => Math.cos(i)), [B, d]);
    const times = { numpy: { f: [], vjp: [] } };
    for (const r of REALISATIONS) times[r] = { f: [], vjp: [] };
    let t = 0;
    for (let round = 0; round < rounds; round++) {
      for (const [k, r] of REALISATIONS.entries()) {
        const { dynamics, params } = realised[k];
        times[r].f.push(perCall(() => wasm.dispose(dynamics.f((t += 1e-6), y, params))));
        times[r].vjp.push(
          perCall(() => {
            const v = dynamics.vjp((t += 1e-6), y, a, params);
            wasm.dispose([v.f, v.y, ...v.params]);
          }),
        );
      }
      const np = numpyRound(w, B);
      times.numpy.f.push(np.f);
      times.numpy.vjp.push(np.vjp);
    }
    const P = d * w + w * w + w * d;
    const med = (r, op) => median(times[r][op]);
    for (const r of ['numpy', ...REALISATIONS]) {
      const label = r === 'auto' ? `auto → ${realised[0].realisation}${calibrations > 0 ? '' : ' (cached)'}` : r === 'numpy' ? 'numpy float32, 1 thread' : r;
      rows.push(
        `| ${w} | ${B} | ${label} | ${med(r, 'f').toFixed(2)} | ${((2 * B * P) / med(r, 'f') / 1e6).toFixed(1)} | ${(med(r, 'f') / med('numpy', 'f')).toFixed(2)} | ${(med(r, 'f') / med('backend-ops', 'f')).toFixed(2)} | ${med(r, 'vjp').toFixed(2)} | ${((6 * B * P) / med(r, 'vjp') / 1e6).toFixed(1)} | ${(med(r, 'vjp') / med('numpy', 'vjp')).toFixed(2)} | ${(med(r, 'vjp') / med('backend-ops', 'vjp')).toFixed(2)} |`,
      );
    }
    console.error(`done: w=${w} B=${B}`);
    for (const x of realised) wasm.dispose(x.params);
    wasm.dispose([y, a]);
  }
}
console.log(`MLP ${d}→w→w→${d} (tanh, tanh, identity) on the wasm backend vs numpy float32 (1 thread); median CPU ms of ${rounds} interleaved rounds`);
console.log('| w | B | realisation | f ms | f GFLOP/s | f ÷ numpy | f ÷ backend-ops | VJP ms | VJP GFLOP/s | VJP ÷ numpy | VJP ÷ backend-ops |');
console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
