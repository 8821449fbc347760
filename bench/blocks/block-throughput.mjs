// MLP block evaluation throughput per backend and realisation, through the public API (realiseBlock): µs per f
// and per VJP (median CPU time per call over timed rounds), and f evaluations per second, for the issue's
// batch 512, 2→64→64→2 tanh block and for the spiral's block (batch 20, 2→50→2 tanh, y³).
// Run after a build: node bench/blocks/block-throughput.mjs [rounds=5]
import * as tf from '@tensorflow/tfjs-core';
import { JsBackend } from '@odeflow/core';
import { realiseBlock, SeededRandom } from '@odeflow/blocks';
import { createTfjsBackend } from '@odeflow/backend-tfjs';
import { createWasmBackend } from '@odeflow/backend-wasm';

const rounds = Number(process.argv[2] ?? 5);
const rng = new SeededRandom(7);

function cpuMicros(fn, n) {
  const out = [];
  for (let i = 0; i < n; i++) fn(); // one untimed round: JIT tiers, caches, buffers per batch size
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const c = process.cpuUsage(c0);
    out.push((c.user + c.system) / n);
  }
  out.sort((a, b) => a - b);
  return out[out.length >> 1];
}

const cases = [
  { label: 'batch 512, 2→64→64→2 tanh', spec: { kind: 'mlp', inputSize: 2, widths: [64, 64, 2], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.3 }, seed: 1 } }, batch: 512, n: 40 },
  { label: 'spiral: batch 20, 2→50→2 tanh, y³', spec: { kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.1 }, seed: 0 } }, batch: 20, n: 10000 },
];

const js = new JsBackend();
const tfjs = await createTfjsBackend();
const wasm = await createWasmBackend();
const configs = [
  ['js', js, 'auto'],
  ['js', js, 'typed-array'],
  ['wasm', wasm, 'auto'],
  ['wasm', wasm, 'backend-ops'],
  ['tfjs', tfjs, 'auto'],
];

console.log(`MLP block throughput, median CPU µs per call over ${rounds} rounds`);
console.log('| block | backend | realisation | f µs | f evaluations/s | VJP µs |');
console.log('|---|---|---|---:|---:|---:|');
for (const c of cases) {
  const y0 = Array.from({ length: c.batch * 2 }, () => rng.normal());
  const a0 = Array.from({ length: c.batch * 2 }, () => rng.normal());
  for (const [name, b, realisation] of configs) {
    const block = realiseBlock(c.spec, b, { realisation });
    const y = b.fromArray(y0, [c.batch, 2]);
    const a = b.fromArray(a0, [c.batch, 2]);
    let t = 0;
    // a new t per call: no remembered forward pass is reused, as in an adjoint's VJPs
    const f = cpuMicros(() => b.dispose(block.dynamics.f((t += 1e-3), y, block.params)), c.n);
    const vjp = cpuMicros(() => {
      const v = block.dynamics.vjp(0.5 + (t += 1e-3), y, a, block.params);
      b.dispose([v.f, v.y, ...v.params]);
    }, c.n);
    console.log(`| ${c.label} | ${name} | ${block.realisation} | ${f.toFixed(1)} | ${Math.round(1e6 / f)} | ${vjp.toFixed(1)} |`);
    b.dispose([y, a, ...block.params]);
  }
}
if (tf.memory().numTensors > 0) console.log(`(tfjs tensors alive at the end: ${tf.memory().numTensors})`);
