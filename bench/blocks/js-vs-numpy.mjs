// MLP blocks on the `js` backend (float64) against numpy float64 on one thread: f and VJP (f, then the
// pullback of a random cotangent into y and every parameter) of a two-layer block W → W (tanh) → W at several
// widths W and batch sizes B, per js realisation (`typed-array`: the hand-written kernels; `fused-kernel`:
// odeflow's WebAssembly kernels, what `auto` picks; `backend-ops`: the op-by-op realisation), and numpy running
// the same arithmetic (x@W + b, tanh, the transposed products of the VJP) under OPENBLAS_NUM_THREADS=1.
//
// Every round runs numpy once over all cases (a python3 child, timed inside Python with time.process_time) and
// then every js cell (CPU time of this process, process.cpuUsage); the table gives medians over the rounds.
// js calls use fInto / vjpInto where the realisation has them (no allocation), at a new t on every call so that
// no remembered forward pass is reused: a VJP always includes its forward pass, as numpy's does.
//
// Run after a build:
//   node bench/blocks/js-vs-numpy.mjs [rounds=5] [widths=16,64,256,1024] [batches=64,512,4096] [realisations=typed-array,fused-kernel,backend-ops]
//   ISSUE_SHAPE=1 node bench/blocks/js-vs-numpy.mjs 5 … adds the issue's 128→1024→1024→128 block at B = 4096.
import { spawnSync } from 'node:child_process';
import { JsBackend } from '@odeflow/core';
import { realiseBlock, SeededRandom } from '@odeflow/blocks';

const rounds = Number(process.argv[2] ?? 5);
const widths = (process.argv[3] ?? '16,64,256,1024').split(',').map(Number);
const batches = (process.argv[4] ?? '64,512,4096').split(',').map(Number);
const realisations = (process.argv[5] ?? 'typed-array,fused-kernel,backend-ops').split(',');
const be = new JsBackend();
const rng = new SeededRandom(5);

/** Layer widths [input, hidden..., output] of a case. */
const cases = [];
for (const w of widths) for (const b of batches) cases.push({ label: `${w}→${w}→${w}`, dims: [w, w, w], batch: b });
if (process.env.ISSUE_SHAPE) cases.push({ label: '128→1024→1024→128', dims: [128, 1024, 1024, 128], batch: 4096 });

/** Multiply–adds of one forward pass. */
const macs = (c) => c.dims.slice(1).reduce((s, out, l) => s + c.batch * c.dims[l] * out, 0);
/** Calls per timing so that one timing is ≈ 0.5 GFLOP or more (at least one call). */
const reps = (c) => Math.max(1, Math.min(200, Math.ceil(2.5e8 / macs(c))));

const PY = `
import json, sys, time
import numpy as np
cases, reps = json.loads(sys.stdin.read())
rng = np.random.default_rng(0)
out = []
for (dims, B), n in zip(cases, reps):
    Ws = [rng.normal(0, 1 / np.sqrt(i), (i, o)) for i, o in zip(dims[:-1], dims[1:])]
    bs = [rng.normal(0, 0.1, o) for o in dims[1:]]
    x = rng.normal(0, 1, (B, dims[0]))
    a = rng.normal(0, 1, (B, dims[-1]))
    L = len(Ws)
    def f(t):
        h = x
        hs = [h]
        for l in range(L):
            z = h @ Ws[l] + bs[l]
            h = np.tanh(z) if l < L - 1 else z
            hs.append(h)
        return hs
    def vjp(t):
        hs = f(t)
        d = a
        gs = []
        for l in range(L - 1, -1, -1):
            gs.append((hs[l].T @ d, d.sum(axis=0)))
            d = d @ Ws[l].T
            if l > 0:
                d = d * (1 - hs[l] * hs[l])
        return d, gs
    res = {}
    for name, fn in (('f', f), ('vjp', vjp)):
        fn(0.0)
        t0 = time.process_time()
        for i in range(n):
            fn(i * 1e-9)
        res[name] = (time.process_time() - t0) / n * 1e3
    out.append(res)
print(json.dumps(out))
`;

function numpyRound() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const input = JSON.stringify([cases.map((c) => [c.dims, c.batch]), cases.map(reps)]);
  const r = spawnSync('python3', ['-c', PY], { input, env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`numpy child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** One block per (case, realisation), with its state, cotangent and in-place targets. */
function setup(c, realisation) {
  const n = c.dims[0];
  const spec = { kind: 'mlp', inputSize: n, widths: c.dims.slice(1), activation: 'tanh', init: { weights: { kind: 'glorot-normal' }, bias: { kind: 'normal', std: 0.1 }, seed: 1 } };
  const block = realiseBlock(spec, be, { realisation });
  const y = be.fromArray(Array.from({ length: c.batch * n }, () => rng.normal()), [c.batch, n]);
  const a = be.fromArray(Array.from({ length: c.batch * n }, () => rng.normal()), [c.batch, n]);
  const dyn = block.dynamics;
  const out = be.zeros([c.batch, n]);
  const tgt = { y: be.zeros([c.batch, n]), params: block.paramShapes.map((s) => be.zeros(s)) };
  let t = 0;
  const f = dyn.fInto ? () => dyn.fInto((t += 1e-9), y, block.params, out) : () => be.dispose(dyn.f((t += 1e-9), y, block.params));
  const vjp = dyn.vjpInto
    ? () => dyn.vjpInto((t += 1e-9), y, a, block.params, tgt)
    : () => {
        const r = dyn.vjp((t += 1e-9), y, a, block.params);
        be.dispose([r.f, r.y, ...r.params]);
      };
  return { f, vjp };
}

function cpuMs(fn, n) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e3 / n;
}

const cells = cases.map((c) => ({ c, impl: Object.fromEntries(realisations.map((r) => [r, setup(c, r)])) }));
const times = cells.map(() => ({ numpy: { f: [], vjp: [] }, ...Object.fromEntries(realisations.map((r) => [r, { f: [], vjp: [] }])) }));
for (const cell of cells) for (const r of realisations) (cell.impl[r].f(), cell.impl[r].vjp()); // warm-up: JIT, buffers
for (let round = 0; round < rounds; round++) {
  numpyRound().forEach((res, i) => (times[i].numpy.f.push(res.f), times[i].numpy.vjp.push(res.vjp)));
  cells.forEach((cell, i) => {
    for (const r of realisations) {
      for (const op of ['f', 'vjp']) times[i][r][op].push(cpuMs(cell.impl[r][op], reps(cell.c)));
    }
  });
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}

const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
console.log(`rounds: ${rounds}; CPU ms per call (medians); GFLOP/s = 2·MACs / time (VJP: 3× the forward's MACs); ratio = js / numpy`);
console.log(`| block | B | op | numpy ms (GFLOP/s) | ${realisations.map((r) => `${r} ms (GFLOP/s) | ×numpy`).join(' | ')} |`);
console.log(`|---|---:|---|---:|${realisations.map(() => '---:|---:').join('|')}|`);
cells.forEach((cell, i) => {
  for (const op of ['f', 'vjp']) {
    const flop = 2 * macs(cell.c) * (op === 'f' ? 1 : 3);
    const np = median(times[i].numpy[op]);
    const cols = realisations.map((r) => {
      const ms = median(times[i][r][op]);
      return `${fmt(ms)} (${(flop / ms / 1e6).toFixed(2)}) | ${(ms / np).toFixed(1)}×`;
    });
    console.log(`| ${cell.c.label} | ${cell.c.batch} | ${op} | ${fmt(np)} (${(flop / np / 1e6).toFixed(1)}) | ${cols.join(' | ')} |`);
  }
});
