// Per-call cost of an MLP block at batch 1 in two or more built trees, loaded into ONE process and alternated:
// fInto at new points, vjpInto at new points, and fInto then vjpInto at the same point (the remembered pass).
// Prints per tree the median CPU ns per call over 15 rounds of 20,000 calls.
// Run after building the trees: node bench/blocks/batch1-ab.mjs /tmp/before .
// REALISATION=typed-array (default) or fused-kernel; SPEC='{"kind":"mlp",...}' for another block (default: the spiral's).
import path from 'node:path'; import { pathToFileURL } from 'node:url';
const trees = process.argv.slice(2);
const realisation = process.env.REALISATION ?? 'typed-array';
const spec = JSON.parse(process.env.SPEC ?? '{"kind":"mlp","inputSize":2,"widths":[50,2],"activation":"tanh","inputTransform":"cube","init":{"seed":1}}');
const n = spec.inputSize;
const S = [];
for (const tree of trees) {
  const core = await import(pathToFileURL(path.join(tree, 'packages/core/dist/index.node.js')).href);
  const blocks = await import(pathToFileURL(path.join(tree, 'packages/blocks/dist/index.js')).href);
  const be = new core.JsBackend(); const blk = blocks.realiseBlock(spec, be, { realisation });
  const y = be.fromArray(Array.from({length:n},(_, i)=>0.3+0.1*i), [n]); const a = be.fromArray(Array.from({length:n},()=>1), [n]);
  const out = be.zeros([n]); const tgt = { y: be.zeros([n]), params: blk.paramShapes.map((s) => be.zeros(s)) };
  S.push({ tree, blk, y, a, out, tgt, f: [], v: [], vh: [] });
}
const med = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const N = 20000; let t = 0;
function cpu(fn){ const c0=process.cpuUsage(); for(let i=0;i<N;i++) fn(); const c=process.cpuUsage(c0); return (c.user+c.system)/N*1e3; }
for (let r = 0; r < 15; r++) for (const s of (r % 2 ? [...S].reverse() : S)) {
  const d = s.blk.dynamics;
  s.f.push(cpu(() => d.fInto((t += 1e-9), s.y, s.blk.params, s.out)));
  s.v.push(cpu(() => d.vjpInto((t += 1e-9), s.y, s.a, s.blk.params, s.tgt)));
  s.vh.push(cpu(() => { const tt = (t += 1e-9); d.fInto(tt, s.y, s.blk.params, s.out); d.vjpInto(tt, s.y, s.a, s.blk.params, s.tgt); }));
}
console.log(`realisation ${realisation}, batch 1, ns per call (CPU, medians of 15 rounds)`);
for (const s of S) console.log(s.tree, 'fInto', med(s.f).toFixed(0), 'vjpInto(new point)', med(s.v).toFixed(0), 'fInto+vjpInto(remembered)', med(s.vh).toFixed(0));
