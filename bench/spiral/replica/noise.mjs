// usage (after `pnpm run build`): node bench/spiral/replica/noise.mjs <backend> <sensitivity> <seeds comma> [root]
// prints one JSON line per seed: the full-trajectory error at every evaluation.
import { fileURLToPath } from 'node:url';
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const [backend = 'js', sensitivity = 'direct', seedsArg = '0', root = repo] = process.argv.slice(2);
const { trainSpiral } = await import(`${root}/examples/spiral/spiral-task.mjs`);
for (const seed of seedsArg.split(',').map(Number)) {
  const evals = [];
  const t0 = Date.now();
  const run = await trainSpiral({ backend, sensitivity, seed, onEvaluation: (e) => evals.push(e.error) });
  const last5 = evals.slice(-5);
  const late = evals.slice(-25).slice().sort((a, b) => a - b);
  const med = late[12];
  console.log(JSON.stringify({ backend, sensitivity, seed, final: +run.finalError.toFixed(4), last5mean: +(last5.reduce((a, b) => a + b) / 5).toFixed(4), late25median: +med.toFixed(4), min: +Math.min(...evals).toFixed(4), nfe: +run.nfeForwardPerIteration.toFixed(1), s: (Date.now() - t0) / 1000, evals: evals.map((e) => +e.toFixed(4)) }));
}
