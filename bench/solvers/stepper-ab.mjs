// Before/after comparison of the explicit Runge–Kutta stepper between two built trees of the repo, in ONE process
// with interleaved rounds (a shared machine's load moves too much between separate runs): Lorenz by dopri5, tsit5
// and dopri8 at rtol = atol = 1e-8 over [0, 20] through `odeint` and through `integrate` with an allocation-free
// f (`fInto`, where the stepper's own cost shows most), and the spiral demo's MLP dynamics (50 tanh units,
// float64 `js` backend) solved by dopri5 at the demo's tolerances, as a training batch (20×2 states, 10 output
// times) and as the full trajectory (1 state, 1000 output times). Each round times `solves` solves of every case
// on each tree, alternating which tree goes first; the table gives per tree the median over rounds of the per-round
// median wall ms per solve and of the CPU ms per solve, and the medians of the per-round ratios B/A.
// Run after building both trees (npx --yes pnpm@12.21.0 run build in each):
// node bench/solvers/stepper-ab.mjs <treeA> <treeB> [rounds=15] [solves=40] [only cases whose name contains this]
// e.g. node bench/solvers/stepper-ab.mjs /tmp/before . 15 40
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [treeA, treeB] = [process.argv[2], process.argv[3]].map((p) => path.resolve(p ?? '.'));
const rounds = Number(process.argv[4] ?? 15);
const solves = Number(process.argv[5] ?? 40);
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

const load = async (tree) => {
  const odeflow = await import(pathToFileURL(path.join(tree, 'packages/odeflow/dist/index.js')).href);
  const spiral = await import(pathToFileURL(path.join(tree, 'examples/spiral/spiral-task.mjs')).href);
  return { ...odeflow, spiralBlockSpec: spiral.spiralBlockSpec, spiralData: spiral.spiralData };
};

const lorenz = (t, y) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];

/** The cases of one tree: name → a function running one solve and returning its nfe. */
async function casesOf(m) {
  const cases = {};
  for (const method of ['dopri5', 'tsit5', 'dopri8']) {
    cases[`lorenz ${method}`] = () => m.odeint(lorenz, [1, 0, 0], [0, 20], { method, rtol: 1e-8, atol: 1e-8 }).stats.nfe;
  }
  // the stepper's own cost, without odeint's array conversions: `integrate` with an allocation-free f
  const jb = new m.JsBackend();
  const fInto = (_t, y, _p, out) => {
    const d = y.data;
    const o = out.data;
    o[0] = 10 * (d[1] - d[0]);
    o[1] = d[0] * (28 - d[2]) - d[1];
    o[2] = d[0] * d[1] - (8 / 3) * d[2];
  };
  const dynamics = { f: (t, y) => { const out = jb.zeros([3]); fInto(t, y, [], out); return out; }, fInto };
  const y0 = jb.fromArray([1, 0, 0]);
  for (const method of ['dopri5', 'tsit5', 'dopri8']) {
    cases[`integrate lorenz ${method} (fInto)`] = () => {
      const sol = m.integrate({ backend: jb, dynamics, y0, ts: [0, 20], solver: m[method], options: { rtol: 1e-8, atol: 1e-8 } });
      jb.dispose(sol.ys);
      return sol.stats.nfe;
    };
  }
  const flow = await m.createOdeflow({ backend: 'js', solver: 'dopri5', sensitivity: 'direct', options: { rtol: 1e-7, atol: 1e-9 } });
  const be = flow.backend;
  const block = m.realiseBlock(m.spiralBlockSpec(0), be);
  const data = m.spiralData();
  const batch = be.fromArray(data.ys.slice(0, 200).filter((_, i) => i % 10 === 0).flat(), [20, 2]);
  const one = be.fromArray(data.ys[0], [1, 2]);
  const mlp = (y0, ts) => () => {
    const sol = flow.solve({ dynamics: block.dynamics, y0, ts, params: block.params });
    be.dispose(sol.ys.filter((y) => y !== y0));
    return sol.stats.nfe;
  };
  cases['spiral MLP batch 20×2, 10 ts'] = mlp(batch, data.ts.slice(0, 10));
  cases['spiral MLP 1×2, 1000 ts'] = mlp(one, data.ts);
  return cases;
}

const trees = { a: await casesOf(await load(treeA)), b: await casesOf(await load(treeB)) };
const names = Object.keys(trees.a).filter((n) => n.includes(process.argv[6] ?? ''));
const ms = Object.fromEntries(names.map((n) => [n, { a: [], b: [], ratio: [], cpuA: [], cpuB: [], cpuRatio: [], nfe: {} }]));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// wall time per solve (median of the batch) and this process's CPU time per solve (mean over the batch): on a
// machine shared with other jobs the CPU time does not count the waits for a core
const timeOne = (fn) => {
  const times = [];
  let nfe = 0;
  const c0 = cpuMs();
  for (let i = 0; i < solves; i++) {
    const t0 = performance.now();
    nfe = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), cpu: (cpuMs() - c0) / solves, nfe };
};
// warm-up: let both trees' code reach the optimising compiler
for (const n of names) for (const k of ['a', 'b']) for (let i = 0; i < 3; i++) timeOne(trees[k][n]);
for (let r = 0; r < rounds; r++) {
  for (const n of names) {
    const order = r % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const k of order) {
      const { ms: t, cpu, nfe } = timeOne(trees[k][n]);
      ms[n][k].push(t);
      ms[n][k === 'a' ? 'cpuA' : 'cpuB'].push(cpu);
      ms[n].nfe[k] = nfe;
    }
    ms[n].ratio.push(ms[n].b[r] / ms[n].a[r]);
    ms[n].cpuRatio.push(ms[n].cpuB[r] / ms[n].cpuA[r]);
  }
}
console.log(`A = ${treeA}, B = ${treeB}; ${rounds} interleaved rounds of ${solves} solves per case and tree (node ${process.version})`);
console.log('| case | nfe A, B | A ms/solve | B ms/solve | B/A wall | A CPU ms/solve | B CPU ms/solve | B/A CPU |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const n of names) {
  const x = ms[n];
  console.log(
    `| ${n} | ${x.nfe.a}, ${x.nfe.b} | ${median(x.a).toFixed(3)} | ${median(x.b).toFixed(3)} | ${median(x.ratio).toFixed(3)} | ` +
      `${median(x.cpuA).toFixed(3)} | ${median(x.cpuB).toFixed(3)} | ${median(x.cpuRatio).toFixed(3)} |`,
  );
}
console.log('B/A: the median over rounds of the per-round ratio B/A; the ms columns are medians over rounds.');
