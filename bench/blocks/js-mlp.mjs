// The js fast path of MLP blocks: µs per f, fInto, vjp and vjpInto, for the default realisation (`auto`: odeflow's
// WebAssembly kernels) or a named one (`typed-array`: the hand-written Float64Array kernels).
// Run after a build: node bench/blocks/js-mlp.mjs [rounds] [realisation]   (prints medians of `rounds` timed rounds,
// CPU time of this process, so that other processes on the shared cores inflate the figures less than wall time would)
import { JsBackend } from '@odeflow/core';
import { realiseBlock, SeededRandom } from '@odeflow/blocks';

const rounds = Number(process.argv[2] ?? 7);
const realisation = process.argv[3] ?? 'auto';
const backend = new JsBackend();
const rng = new SeededRandom(1);

function cpuMicros(fn, n) {
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(i);
    const c = process.cpuUsage(c0);
    out.push((c.user + c.system) / n);
  }
  out.sort((a, b) => a - b);
  return out[out.length >> 1];
}

const cases = [
  { label: 'spiral 2→50→2 tanh, y³, batch 20', spec: { kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.1 }, seed: 0 } }, batch: 20, n: 20000 },
  { label: '2→64→64→2 tanh, batch 512', spec: { kind: 'mlp', inputSize: 2, widths: [64, 64, 2], activation: 'tanh', init: { seed: 0 } }, batch: 512, n: 200 },
];
console.log(`realisation: ${realisation}`);
console.log('| MLP | f µs | fInto µs | vjp µs | vjpInto (accumulate) µs | fInto GFLOP/s |');
console.log('|---|---|---|---|---|---|');
for (const c of cases) {
  const block = realiseBlock(c.spec, backend, { realisation });
  const d = c.spec.inputSize;
  const y = backend.fromArray(Array.from({ length: c.batch * d }, () => rng.normal()), [c.batch, d]);
  const a = backend.fromArray(Array.from({ length: c.batch * d }, () => rng.normal()), [c.batch, d]);
  const out = backend.zeros([c.batch, d]);
  const gy = backend.zeros([c.batch, d]);
  const gp = block.paramShapes.map((s) => backend.zeros(s));
  const f = cpuMicros((i) => backend.dispose(block.dynamics.f(i * 1e-9, y, block.params)), c.n);
  const fInto = cpuMicros((i) => block.dynamics.fInto(i * 1e-9, y, block.params, out), c.n);
  const vjp = cpuMicros((i) => {
    const r = block.dynamics.vjp(i * 1e-9, y, a, block.params);
    backend.dispose([r.f, r.y, ...r.params]);
  }, c.n / 2);
  const vjpInto = cpuMicros((i) => block.dynamics.vjpInto(i * 1e-9, y, a, block.params, { y: gy, params: gp }, true), c.n / 2);
  let macs = 0;
  let width = d;
  for (const w of c.spec.widths) {
    macs += width * w;
    width = w;
  }
  const gflops = (2 * macs * c.batch) / (fInto * 1e3);
  console.log(`| ${c.label} | ${f.toFixed(2)} | ${fInto.toFixed(2)} | ${vjp.toFixed(2)} | ${vjpInto.toFixed(2)} | ${gflops.toFixed(2)} |`);
}
