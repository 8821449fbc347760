// The interpolating adjoint (adjointState 'interpolate') of this tree against another build of odeflow, in one
// process: the Robertson fit's gradient (examples/robertson: 31 log-spaced outputs, rodas5p at rtol 1e-6,
// atol 1e-12, the relative-residual loss's cotangents) at adjointRtol 1e-4 and 1e-6, and the gradient of
// bench/adjoint/stiff-adjoint.mjs's Robertson case (rtol 1e-8, atol 1e-14). Rounds interleave the two builds;
// medians are reported, with backward steps and each gradient's largest relative error against a tight
// reference (adjointRtol 1e-10, explicit adjointAtol 1e-16).
//
//   cp -a packages /tmp/before/  (a build of the baseline; symlink node_modules beside it)
//   node bench/adjoint/interpolate-ab.mjs --baseline /tmp/before/packages/odeflow/dist/index.node.js [--rounds 9]
import { pathToFileURL } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const rounds = Number(arg('rounds', '9'));
const baselinePath = arg('baseline');
const builds = [['this tree', await import('odeflow')]];
if (baselinePath) builds.unshift(['baseline', await import(pathToFileURL(baselinePath).href)]);

const spec = {
  state: ['A', 'B', 'C'],
  params: { log_k1: Math.log(0.1), log_k2: Math.log(1e7), log_k3: Math.log(3e4) },
  equations: { A: '-exp(log_k1)*A + exp(log_k3)*B*C', B: 'exp(log_k1)*A - exp(log_k3)*B*C - exp(log_k2)*B^2', C: 'exp(log_k2)*B^2' },
};
const logTimes = (from, to, count) => Array.from({ length: count }, (_, i) => 10 ** (from + ((to - from) * i) / (count - 1)));
const fitTs = [0, ...logTimes(-4, 5, 31)];
const benchTs = [0, ...Array.from({ length: 19 }, (_, i) => 1e-4 * Math.pow(10, i / 2))];
// cotangents shaped like the fit's relative loss: 2r/(ŷ·N) with r ~ 1%, ŷ the state itself
const relCot = (y, i) => (i === 0 ? y.map(() => 0) : y.map((v, c) => (0.02 * Math.cos(0.7 * i + c)) / ((Math.abs(v) + 1e-30) * 93)));
const cosCot = (y, i) => y.map((_, j) => Math.cos(0.3 * i + j));
const CASES = [
  { name: 'Robertson fit gradient, adjointRtol 1e-4', ts: fitTs, options: { rtol: 1e-6, atol: 1e-12 }, so: { adjointRtol: 1e-4 }, cot: relCot },
  { name: 'Robertson fit gradient, adjointRtol 1e-6', ts: fitTs, options: { rtol: 1e-6, atol: 1e-12 }, so: { adjointRtol: 1e-6 }, cot: relCot },
  { name: 'stiff-adjoint Robertson (rtol 1e-8, atol 1e-14), default adjoint tolerances', ts: benchTs, options: { rtol: 1e-8, atol: 1e-14 }, so: {}, cot: cosCot },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const flows = await Promise.all(builds.map(([, m]) => m.createOdeflow({ solver: 'rodas5p', sensitivity: 'adjoint' })));

function gradient(k, c, so) {
  const m = builds[k][1];
  const flow = flows[k];
  const b = flow.backend;
  const { dynamics, params } = m.equationDynamics(b, spec);
  const y0 = b.fromArray([1, 0, 0]);
  const start = performance.now();
  const run = flow.run({ dynamics, y0, ts: c.ts, params }, c.options, { adjointState: 'interpolate', ...so });
  const cot = run.solution.ys.map((y, i) => b.fromArray(c.cot(Array.from(b.toFloat64Array(y)), i)));
  const g = run.backward(cot);
  const ms = performance.now() - start;
  const flat = [...b.toFloat64Array(g.y0), ...g.params.flatMap((p) => Array.from(b.toFloat64Array(p)))];
  b.dispose([...cot, g.y0, ...g.params, ...run.solution.ys, y0, ...params]);
  return { ms, flat, stepsBackward: run.stats.stepsBackward, stepsForward: run.stats.stepsForward, nfeBackward: run.stats.nfeBackward };
}

for (const c of CASES) {
  const ref = gradient(builds.length - 1, c, { adjointRtol: 1e-10, adjointAtol: 1e-16 }).flat;
  const err = (g) => Math.max(...g.map((v, i) => Math.abs(v - ref[i]) / Math.max(Math.abs(ref[i]), 1e-12 * Math.max(...ref.map(Math.abs)))));
  const times = builds.map(() => []);
  const last = [];
  for (let r = 0; r < rounds; r++) {
    builds.forEach((_, k) => {
      last[k] = gradient(k, c, c.so);
      times[k].push(last[k].ms);
    });
  }
  console.log(`\n### ${c.name}`);
  builds.forEach(([name], k) => {
    const s = last[k];
    const ratio = (median(times[k]) / median(times[0])).toFixed(2);
    console.log(`${name}: median ${median(times[k]).toFixed(1)} ms (${ratio}× ${builds[0][0]}); steps forward ${s.stepsForward}, backward ${s.stepsBackward}; nfe backward ${s.nfeBackward}; max rel. error vs reference ${err(s.flat).toExponential(1)}`);
  });
}
