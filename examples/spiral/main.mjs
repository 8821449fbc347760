// torchdiffeq's ode_demo in odeflow. Run: npm run build (or npx --yes pnpm@12.21.0 run build), then
//   node examples/spiral/main.mjs [--backend js|tfjs|wasm] [--sensitivity direct|adjoint|checkpointed]
//                                 [--iterations 2000] [--seed 0] [--out examples/spiral/out]
//                                 [--realisation auto|fused-kernel|typed-array|backend-ops] [--help]
// Prints the full-trajectory mean absolute error every 20 iterations, writes spiral.svg (true vs learned
// trajectories, phase portrait, learned vector field) and spiral-params.json (the trained weights).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JsBackend, OdeflowError, realiseBlock } from 'odeflow';
import { saveParams } from 'odeflow/node';
import { spiralBlockSpec, trainSpiral } from './spiral-task.mjs';
import { spiralSvg } from './spiral-svg.mjs';

const usage = `usage: node examples/spiral/main.mjs [--backend js|tfjs|wasm] [--sensitivity direct|adjoint|checkpointed]
       [--iterations 2000] [--seed 0] [--out examples/spiral/out] [--realisation auto|fused-kernel|typed-array|backend-ops]`;

/** Print a problem with the command line (or with a name it gave) and the usage, and exit with status 2. */
function fail(message) {
  console.error(`spiral: ${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'js' },
      sensitivity: { type: 'string', default: 'direct' },
      iterations: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string', default: join('examples', 'spiral', 'out') },
      realisation: { type: 'string', default: 'auto' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  fail(e.message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const iterations = Number(values.iterations);
const seed = Number(values.seed);
if (!Number.isInteger(iterations) || iterations < 1) fail(`--iterations must be a whole number ≥ 1, got '${values.iterations}'.`);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, got '${values.seed}'.`);
console.log(`spiral (torchdiffeq ode_demo): backend ${values.backend}, sensitivity ${values.sensitivity}, ${iterations} iterations, seed ${seed}`);
console.log('iteration   batch loss   full-trajectory error');
let lastLoss = NaN;
let run;
try {
  run = await trainSpiral({
    backend: values.backend,
    sensitivity: values.sensitivity,
    realisation: values.realisation,
    iterations,
    seed,
    progress: { start() {}, update(_done, info) { lastLoss = info.loss; }, finish() {} },
    onEvaluation: ({ iteration, error }) => console.log(`${String(iteration).padStart(9)}   ${lastLoss.toFixed(6).padStart(10)}   ${error.toFixed(6)}`),
  });
} catch (e) {
  // a bad --backend, --sensitivity or --realisation: odeflow's message says what exists
  if (e instanceof OdeflowError) fail(e.message);
  throw e;
}
const summary = run.errorSummary;
console.log(
  `\nfinal error ${run.finalError.toFixed(4)} (a noisy statistic here: mean of the last 5 evaluations ${summary.lastMean.toFixed(4)}, ` +
    `median of the ${summary.lateCount} evaluations in the last quarter ${summary.lateMedian.toFixed(4)}, minimum ${summary.min.toFixed(4)})`,
);
console.log(
  `median ${run.medianMsPerIteration.toFixed(3)} ms/iteration; ` +
    `nfe per iteration ${run.nfeForwardPerIteration.toFixed(1)} forward, ${run.nfeBackwardPerIteration.toFixed(1)} backward; total ${(run.totalMs / 1000).toFixed(1)} s`,
);

// plots and weights: the learned field is evaluated in float64 on js from the trained weights
mkdirSync(values.out, { recursive: true });
const js = new JsBackend();
const model = realiseBlock(spiralBlockSpec(seed), js);
const params = run.params.map((p, k) => js.fromArray(p, model.paramShapes[k]));
const field = (a, b) => Array.from(js.toFloat64Array(model.dynamics.f(0, js.fromArray([a, b]), params)));
const svg = spiralSvg({
  ts: run.data.ts,
  trueYs: run.data.ys,
  learnedYs: run.learned,
  field,
  title: `odeflow spiral: ${run.backend}/${run.sensitivity}, ${iterations} iterations, error ${run.finalError.toFixed(4)}`,
});
writeFileSync(join(values.out, 'spiral.svg'), svg);
await saveParams(join(values.out, 'spiral-params.json'), params, js, {
  names: model.paramNames,
  meta: { spec: spiralBlockSpec(seed), iterations, backend: run.backend, sensitivity: run.sensitivity, error: run.finalError },
});
console.log(`wrote ${join(values.out, 'spiral.svg')} and ${join(values.out, 'spiral-params.json')}`);
