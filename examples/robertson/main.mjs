// Robertson's stiff chemical kinetics: the solve with a stiff method and its log-time plot, then the three rate
// constants fitted to noisy samples with gradients from the stiff adjoint. Run: npx --yes pnpm@12.21.0 run build, then
//   node examples/robertson/main.mjs [--out examples/robertson/out] [--iterations 150] [--seed 0] [--help]
// Writes robertson.svg (the solution, B scaled by 10⁴, against log t) and robertson-fit.svg (samples, initial guess
// and fitted solution) into --out, and prints the fit's table.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runRobertson } from './run-robertson.mjs';

const usage = 'usage: node examples/robertson/main.mjs [--out examples/robertson/out] [--iterations 150] [--seed 0] [--help]';

/** Print a problem with the command line and the usage, and exit with status 2. */
function fail(message) {
  console.error(`robertson: ${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string', default: join('examples', 'robertson', 'out') },
      iterations: { type: 'string', default: '150' },
      seed: { type: 'string', default: '0' },
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
await runRobertson({ out: values.out, iterations, seed, log: console.log });
