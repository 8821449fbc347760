// odeint's fixed per-call cost, this build (A) against another (B): Robertson's problem solved over [0, t1] with
// t1 = 1e-12 (one step: what is left is option parsing, method lookup, stepper and output set-up), f, ∂f/∂y and
// ∂f/∂t in the `out` form, each solve timed alone (as bench/stiff/run.mjs times them), the cells of both builds
// interleaved (order reversed every other round); medians and their ratio, and the fastest solve of each.
//
//   node bench/stiff/fixed-cost-ab.mjs --base packages/odeflow/ab-base/index.node.js [--t1 1e-12] [--rounds 201]
//                                       [--methods rosenbrock23,rodas5p,kvaerno5,bdf] [--container]
//
// --base: a copy of another build's dist/index.node.js placed in packages/odeflow/<dir>/ (so its imports resolve).
// --container passes a container of each build's own (`createContainer()`) instead of odeint's default one.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as A from 'odeflow';
import { PROBLEMS } from './problems/index.mjs';
import { median } from './score.mjs';

const { values: a } = parseArgs({
  options: {
    base: { type: 'string' },
    t1: { type: 'string', default: '1e-12' },
    rounds: { type: 'string', default: '201' },
    methods: { type: 'string', default: 'rosenbrock23,rodas5p,kvaerno5,bdf' },
    container: { type: 'boolean', default: false },
  },
});
if (!a.base) throw new Error('--base <path to another build of odeflow/dist/index.node.js> is required');
const B = await import(pathToFileURL(resolve(a.base)).href);
const p = PROBLEMS.find((q) => q.name === 'robertson');
const t1 = Number(a.t1);
const cell = (lib, m) => {
  const options = {
    method: m, rtol: 1e-4, atol: p.atol(1e-4), throwOnFailure: false, maxSteps: 200000,
    jacobian: (t, y, out) => p.jacobianInto(t, y, out), timeDerivative: (_t, _y, out) => out.fill(0),
  };
  if (a.container) options.container = lib.createContainer();
  const f = (t, y, out) => p.fInto(t, y, out);
  return { times: [], run: () => { const t = performance.now(); lib.odeint(f, p.y0, [p.t0, t1], options); return performance.now() - t; } };
};
const rows = a.methods.split(',').map((m) => ({ m, a: cell(A, m), b: cell(B, m) }));
const cells = rows.flatMap((r) => [r.a, r.b]);
for (const c of cells) c.run();
for (let k = 0; k < Number(a.rounds); k++) for (const c of k % 2 ? cells : [...cells].reverse()) c.times.push(c.run());
console.log(`odeint fixed cost: Robertson over [0, ${t1}], ${a.rounds} interleaved rounds, ${a.container ? 'own containers' : 'default container'}; A = this build, B = ${a.base}`);
console.log('| method | A µs (median) | B µs (median) | A/B | A µs (fastest) | B µs (fastest) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const [ma, mb] = [median(r.a.times), median(r.b.times)];
  console.log(`| ${r.m} | ${(1000 * ma).toFixed(1)} | ${(1000 * mb).toFixed(1)} | ${(ma / mb).toFixed(2)} | ${(1000 * Math.min(...r.a.times)).toFixed(1)} | ${(1000 * Math.min(...r.b.times)).toFixed(1)} |`);
}
