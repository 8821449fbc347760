// A/B timing of two odeflow builds in one process: every problem × rtol × method solved through `odeint` by build A
// (the current one, `odeflow`) and build B (`--base`, a copy of another build's dist/index.node.js placed in
// packages/odeflow/<dir>/ so that its imports resolve), one warm-up call each, then --rounds interleaved rounds;
// prints per cell the medians, the median of the per-round ratios A/B and the ratio of the fastest rounds (on a
// loaded machine the fastest round is the one least disturbed).
//
//   node bench/stiff/ab.mjs --base packages/odeflow/ab-base/index.node.js [--rounds 15] [--problems a,b]
//                           [--rtols 1e-4,1e-6,1e-8] [--methods rodas5p,rosenbrock23] [--form-a plain|out|out-dt|rows] [--form-b plain]
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as A from 'odeflow';
import { PROBLEMS, plainF, plainJacobian } from './problems/index.mjs';
import { median } from './score.mjs';

const { values: a } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '15' },
    problems: { type: 'string' },
    rtols: { type: 'string', default: '1e-4,1e-6,1e-8' },
    methods: { type: 'string', default: 'rodas5p,rosenbrock23,kvaerno5' },
    'form-a': { type: 'string', default: 'plain' },
    'form-b': { type: 'string', default: 'plain' },
  },
});
if (!a.base) throw new Error('--base <path to another build of odeflow/dist/index.node.js> is required');
const B = await import(pathToFileURL(resolve(a.base)).href);
const problems = a.problems ? PROBLEMS.filter((p) => a.problems.split(',').includes(p.name)) : PROBLEMS;
const forms = {
  plain: (p) => ({ f: plainF(p), jacobian: plainJacobian(p) }),
  out: (p) => ({ f: (t, y, out) => p.fInto(t, y, out), jacobian: (t, y, out) => p.jacobianInto(t, y, out) }),
  // the out form with ∂f/∂t = 0 given (the problems are autonomous)
  'out-dt': (p) => ({ ...forms.out(p), timeDerivative: (_t, _y, out) => out.fill(0) }),
  // nested rows, as a user might write them: one array per row per call
  rows: (p) => {
    const buf = new Float64Array(p.n * p.n);
    return {
      f: plainF(p),
      jacobian: (t, y) => {
        p.jacobianInto(t, y, buf);
        return Array.from({ length: p.n }, (_, i) => Array.from(buf.subarray(i * p.n, (i + 1) * p.n)));
      },
    };
  },
};

function solver(lib, form, method, p, rtol) {
  const { f, jacobian, timeDerivative } = forms[form](p);
  const options = { method, rtol, atol: p.atol(rtol), jacobian, throwOnFailure: false, maxSteps: 200000 };
  if (timeDerivative) options.timeDerivative = timeDerivative;
  return () => {
    const t = performance.now();
    const sol = lib.odeint(f, p.y0, [p.t0, p.t1], options);
    return { ms: performance.now() - t, steps: sol.stats.steps, status: sol.status };
  };
}

const cells = a.methods.split(',').flatMap((m) =>
  problems.flatMap((p) => a.rtols.split(',').map(Number).map((rtol) => ({ m, p, rtol, runA: solver(A, a['form-a'], m, p, rtol), runB: solver(B, a['form-b'], m, p, rtol), ta: [], tb: [], r: [] }))),
);
for (const c of cells) {
  c.a0 = c.runA();
  c.b0 = c.runB();
}
const rounds = Number(a.rounds);
for (let k = 0; k < rounds; k++) {
  for (const c of cells) {
    if (c.a0.ms > 2000) continue;
    // alternate which build goes first, so neither always runs on a cache the other warmed
    const [x, y] = k % 2 ? [c.runB(), c.runA()] : [c.runA(), c.runB()];
    const [ra, rb] = k % 2 ? [y, x] : [x, y];
    c.ta.push(ra.ms);
    c.tb.push(rb.ms);
    c.r.push(ra.ms / rb.ms);
  }
}
console.log(`A = this build (${a['form-a']} form), B = ${a.base} (${a['form-b']} form); ${rounds} interleaved rounds after one warm-up each`);
console.log('| method | problem | rtol | steps A/B | A ms | B ms | A/B (median of round ratios) | A/B of the fastest rounds |');
console.log('|---|---|---|---|---|---|---|---|');
const ratios = [];
const bests = [];
for (const c of cells) {
  if (c.r.length === 0) continue;
  const ratio = median(c.r);
  const best = Math.min(...c.ta) / Math.min(...c.tb);
  ratios.push(ratio);
  bests.push(best);
  console.log(`| ${c.m} | ${c.p.name} | ${c.rtol.toExponential(0)} | ${c.a0.steps}/${c.b0.steps} | ${median(c.ta).toFixed(3)} | ${median(c.tb).toFixed(3)} | ${ratio.toFixed(3)} | ${best.toFixed(3)} |`);
}
console.log(`median over cells: A/B ${median(ratios).toFixed(3)} (round ratios), ${median(bests).toFixed(3)} (fastest rounds)`);
