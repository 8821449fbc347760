// Before/after comparison of two built trees of the repo in ONE process, alternating: on a shared machine
// whose load changes by 2× within a minute, consecutive runs of spiral-iteration.mjs on two trees do not
// compare; rounds that alternate a few dozen iterations of each tree within one process see the same load.
// Prints per tree the median over rounds of the median ms per training iteration, and the median of the
// per-round ratios B/A. Run after building both trees (npx --yes pnpm@12.21.0 run build in each):
// node bench/spiral/ab-compare.mjs <treeA> <treeB> [backend=js] [sensitivity=direct] [rounds=9] [iterations=60]
// e.g. node bench/spiral/ab-compare.mjs /tmp/before . js direct,adjoint
// Only the js backend is safe here: the tfjs/wasm backends register process-wide kernels, which two copies of
// tfjs in one process share.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [treeA, treeB] = [process.argv[2], process.argv[3]].map((p) => path.resolve(p ?? '.'));
const backend = process.argv[4] ?? 'js';
const sensitivities = (process.argv[5] ?? 'direct').split(',');
const rounds = Number(process.argv[6] ?? 9);
const iterations = Number(process.argv[7] ?? 60);
const load = (tree) => import(pathToFileURL(path.join(tree, 'examples/spiral/spiral-task.mjs')).href);
const [a, b] = await Promise.all([load(treeA), load(treeB)]);
const data = a.spiralData();
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

console.log(`spiral ${backend}, A = ${treeA}, B = ${treeB}, ${rounds} rounds of ${iterations} iterations each`);
console.log('| sensitivity | A median ms/iteration | B median ms/iteration | B/A (median of per-round ratios) | final error A, B |');
console.log('|---|---:|---:|---:|---|');
for (const sensitivity of sensitivities) {
  const ms = { a: [], b: [] };
  const ratios = [];
  const errors = {};
  const run = async (m, key) => {
    const out = await m.trainSpiral({ backend, sensitivity, iterations, seed: 0, data, evalEvery: iterations });
    ms[key].push(out.medianMsPerIteration);
    errors[key] = out.finalError;
  };
  for (let r = 0; r < rounds; r++) {
    // alternate which tree goes first, so that neither always runs on the warmer (or busier) side of a round
    if (r % 2 === 0) {
      await run(a, 'a');
      await run(b, 'b');
    } else {
      await run(b, 'b');
      await run(a, 'a');
    }
    ratios.push(ms.b[r] / ms.a[r]);
  }
  console.log(`| ${sensitivity} | ${median(ms.a).toFixed(3)} | ${median(ms.b).toFixed(3)} | ${median(ratios).toFixed(3)} | ${errors.a.toFixed(3)}, ${errors.b.toFixed(3)} |`);
}
