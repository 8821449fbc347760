// Per-call cost of the spiral's js MLP block (2 → 50 tanh → 2, cube input, batch 20) in two or more built
// trees, loaded into ONE process and alternated (same load for all, see ab-compare.mjs): fInto at new points
// (the forward pass), vjpInto where f was just evaluated (the remembered pass: what direct backpropagation
// pulls through) and vjpInto at new points (what the adjoint pulls through). Prints per tree the median µs
// per call over 15 rounds of 2000 calls.
// Run after building the trees: node bench/spiral/block-ab.mjs /tmp/before .
// REALISATION=typed-array (or fused-kernel, backend-ops) picks the realisation; default auto (the fused kernels).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const realisation = process.env.REALISATION ?? 'auto';
const spec = { kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube', init: { seed: 1 } };
const setups = [];
for (const tree of process.argv.slice(2).map((p) => path.resolve(p))) {
  const core = await import(pathToFileURL(path.join(tree, 'packages/core/dist/index.js')).href);
  // blocks live in packages/blocks since they left core; older trees still export them from core
  const blocksDist = path.join(tree, 'packages/blocks/dist/index.js');
  const blocks = existsSync(blocksDist) ? await import(pathToFileURL(blocksDist).href) : core;
  const be = new core.JsBackend();
  const blk = blocks.realiseBlock(spec, be, { realisation });
  const rng = new blocks.SeededRandom(3);
  const ys = Array.from({ length: 64 }, () => be.fromArray(Array.from({ length: 40 }, () => rng.normal(0, 1)), [20, 2]));
  const a = be.fromArray(Array.from({ length: 40 }, () => rng.normal(0, 1)), [20, 2]);
  const out = be.zeros([20, 2]);
  const tgt = { y: be.zeros([20, 2]), params: blk.paramShapes.map((s) => be.zeros(s)) };
  setups.push({ tree, blk, ys, a, out, tgt, res: { fMiss: [], vjpHit: [], vjpMiss: [] } });
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const calls = 2000;
for (let r = 0; r < 15; r++) {
  for (const { blk, ys, a, out, tgt, res } of setups) {
    let t0 = performance.now();
    for (let k = 0; k < calls; k++) blk.dynamics.fInto(r * 1000 + k, ys[k & 63], blk.params, out);
    res.fMiss.push(((performance.now() - t0) / calls) * 1000);
    for (let k = 0; k < 64; k++) blk.dynamics.fInto(-1 - k, ys[k], blk.params, out); // remembered from here on
    t0 = performance.now();
    for (let k = 0; k < calls; k++) blk.dynamics.vjpInto(-1 - (k & 63), ys[k & 63], a, blk.params, tgt, true);
    res.vjpHit.push(((performance.now() - t0) / calls) * 1000);
    t0 = performance.now();
    for (let k = 0; k < calls; k++) blk.dynamics.vjpInto(1e6 + r * 1e4 + k, ys[k & 63], a, blk.params, tgt, true);
    res.vjpMiss.push(((performance.now() - t0) / calls) * 1000);
  }
}
console.log('| tree | fInto µs | vjpInto, remembered point, µs | vjpInto, new point, µs |');
console.log('|---|---:|---:|---:|');
for (const { tree, res } of setups) console.log(`| ${tree} | ${median(res.fMiss).toFixed(2)} | ${median(res.vjpHit).toFixed(2)} | ${median(res.vjpMiss).toFixed(2)} |`);
