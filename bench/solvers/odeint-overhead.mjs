// What `odeint` costs beyond the integration itself, against odex (npm odex 2.0.4, Gragg–Bulirsch–Stoer, the
// explicit-solver peer): Lorenz (σ = 10, ρ = 28, β = 8/3, y0 = (1, 1, 1), t ∈ [0, 20]) at rtol = atol = 1e-8 and
// 1e-10 with dopri5, tsit5 and dopri8 through `odeint` (f returning an array, and f writing into `out`) and through
// `integrate` with an allocation-free `fInto` dynamics (no per-call checks, no copies: the floor odeint can reach);
// then 10,000 output times (linspace over [0, 20]) through `odeint` against odex's dense output evaluated at the
// same times (its solution callback, written into one preallocated block, as odeint writes its outputs).
//
//   node bench/solvers/odeint-overhead.mjs [--rounds 11] [--tols 1e-8,1e-10] [--min-ms 20] [--base path/to/index.node.js]
//                                          [--clock wall|cpu]
//
// --clock cpu times by the process's CPU time (process.cpuUsage: user + system) instead of the wall clock: on a
// machine with more runnable threads than cores the wall clock mostly measures waiting for a core.
// --base adds the dopri5 `odeint` cells run by another build of odeflow (a copy of its dist/index.node.js placed in
// packages/odeflow/<dir>/ so that its imports resolve), for a before/after ratio measured in the same rounds.
// Needs the build (`npx --yes pnpm@12.21.0 run build`). Every cell runs once uncounted (JIT), then --rounds
// interleaved rounds (each cell once per round, the order reversed every other round); one measurement repeats
// the solve until --min-ms have passed and divides. The table shows the median per solve and its ratio to odex
// (the median of the per-round ratios, so that drift of a shared machine hits both sides alike).
// Targets: dopri5 through odeint ≤ 1.2× odex at 1e-8; 10,000 output points ≤ 1.0× odex.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { odeint } from 'odeflow';
import { JsBackend } from '@odeflow/core';
import { dopri5, dopri8, integrate, tsit5 } from '@odeflow/solvers';

const require = createRequire(import.meta.url);
const odex = require('odex');

const { values: a } = parseArgs({
  options: {
    rounds: { type: 'string', default: '11' },
    base: { type: 'string' },
    clock: { type: 'string', default: 'wall' },
    tols: { type: 'string', default: '1e-8,1e-10' },
    'min-ms': { type: 'string', default: '20' },
  },
});
const rounds = Number(a.rounds);
const base = a.base ? await import(pathToFileURL(resolve(a.base)).href) : undefined;
const tols = a.tols.split(',').map(Number);
const minMs = Number(a['min-ms']);

const SIGMA = 10;
const RHO = 28;
const BETA = 8 / 3;
const Y0 = [1, 1, 1];
const T1 = 20;
const OUTPUTS = 10000;
const grid = Array.from({ length: OUTPUTS }, (_, i) => (T1 * i) / (OUTPUTS - 1));

const lorenzReturn = (_t, y) => [SIGMA * (y[1] - y[0]), y[0] * (RHO - y[2]) - y[1], y[0] * y[1] - BETA * y[2]];
const lorenzOut = (_t, y, out) => {
  out[0] = SIGMA * (y[1] - y[0]);
  out[1] = y[0] * (RHO - y[2]) - y[1];
  out[2] = y[0] * y[1] - BETA * y[2];
};
const backend = new JsBackend();
const fIntoDynamics = {
  name: 'lorenz',
  f(t, y) {
    const out = backend.zeros([3]);
    this.fInto(t, y, [], out);
    return out;
  },
  fInto(t, y, _p, out) {
    lorenzOut(t, y.data, out.data);
  },
};
const solvers = { dopri5, tsit5, dopri8 };

function odexSolver(tol, dense) {
  const s = new odex.Solver(3);
  s.relativeTolerance = s.absoluteTolerance = tol;
  s.maxSteps = 1e6;
  s.denseOutput = dense;
  return s;
}

/** odex at the 10,000 output times: its dense output inside each step, written into one block. */
function odexGrid(tol) {
  const s = odexSolver(tol, true);
  const block = new Float64Array(3 * OUTPUTS);
  let j = 0;
  s.solve(lorenzReturn, 0, Y0, T1, (nr, _x0, x1, y, dense) => {
    if (nr === 1) {
      block.set(y, 0);
      j = 1;
      return;
    }
    while (j < OUTPUTS && grid[j] <= x1) {
      const t = grid[j];
      block[3 * j] = dense(0, t);
      block[3 * j + 1] = dense(1, t);
      block[3 * j + 2] = dense(2, t);
      j++;
    }
  });
  return { end: Array.from(block.subarray(3 * (OUTPUTS - 1))), rows: j };
}

function cellsAt(tol) {
  const opts = { rtol: tol, atol: tol };
  const cells = [
    { group: `lorenz ${tol}`, name: 'odex', peer: true, run: () => odexSolver(tol, false).solve(lorenzReturn, 0, Y0, T1).y },
  ];
  for (const [m, solver] of Object.entries(solvers)) {
    cells.push({ group: `lorenz ${tol}`, name: `${m} odeint (return)`, run: () => odeint(lorenzReturn, Y0, [0, T1], { ...opts, method: m }).ys[1] });
    cells.push({ group: `lorenz ${tol}`, name: `${m} odeint (out)`, run: () => odeint(lorenzOut, Y0, [0, T1], { ...opts, method: m }).ys[1] });
    cells.push({
      group: `lorenz ${tol}`,
      name: `${m} integrate (fInto)`,
      run: () => {
        const y0 = backend.fromArray(Y0);
        const sol = integrate({ backend, dynamics: fIntoDynamics, y0, ts: [0, T1], solver, options: opts });
        const end = Array.from(sol.ys[1].data);
        backend.dispose([y0, ...sol.ys]);
        return end;
      },
    });
  }
  if (base) {
    cells.push({ group: `lorenz ${tol}`, name: 'dopri5 odeint (return), base build', run: () => base.odeint(lorenzReturn, Y0, [0, T1], opts).ys[1] });
    cells.push({ group: `lorenz ${tol}`, name: 'dopri5 odeint (out), base build', run: () => base.odeint(lorenzOut, Y0, [0, T1], opts).ys[1] });
  }
  cells.push({ group: `10,000 outputs ${tol}`, name: 'odex (dense output)', peer: true, run: () => odexGrid(tol).end });
  if (base) cells.push({ group: `10,000 outputs ${tol}`, name: 'dopri5 odeint (out), base build', run: () => base.odeint(lorenzOut, Y0, grid, opts).ys[OUTPUTS - 1] });
  cells.push({ group: `10,000 outputs ${tol}`, name: 'dopri5 odeint (out)', run: () => odeint(lorenzOut, Y0, grid, opts).ys[OUTPUTS - 1] });
  cells.push({ group: `10,000 outputs ${tol}`, name: 'tsit5 odeint (out)', run: () => odeint(lorenzOut, Y0, grid, { ...opts, method: 'tsit5' }).ys[OUTPUTS - 1] });
  return cells;
}

if (a.clock !== 'wall' && a.clock !== 'cpu') throw new Error(`--clock must be wall or cpu; got ${a.clock}`);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const clock = a.clock === 'cpu' ? cpuMs : () => performance.now();

/** ms per solve (by --clock): the solve repeated until minMs of that clock have passed. */
function measure(run) {
  let n = 0;
  const t0 = clock();
  let t = t0;
  do {
    run();
    n++;
    t = clock();
  } while (t - t0 < minMs);
  return (t - t0) / n;
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// y(20) of a tight reference (dopri8 at 1e-13), to show each cell's accuracy beside its time
const reference = Array.from(odeint(lorenzOut, Y0, [0, T1], { method: 'dopri8', rtol: 1e-13, atol: 1e-13 }).ys[1]);
const cells = tols.flatMap(cellsAt);
for (const c of cells) {
  c.end = Array.from(c.run());
  c.times = [];
}
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [...cells].reverse() : cells;
  for (const c of order) c.times.push(measure(c.run));
}
console.log(`odeint overhead vs odex 2.0.4 — Lorenz σ=10 ρ=28 β=8/3, y0=(1,1,1), t∈[0,20]; ${rounds} interleaved rounds, ≥ ${minMs} ms (${a.clock} clock) per measurement; node ${process.version}`);
console.log('| case | cell | ms per solve | × odex (median of round ratios) | max abs error of y(20) vs dopri8 at 1e-13 |');
console.log('|---|---|---|---|---|');
const verdicts = [];
for (const c of cells) {
  const peer = cells.find((p) => p.peer && p.group === c.group);
  const ratio = median(c.times.map((t, i) => t / peer.times[i]));
  const err = Math.max(...c.end.map((v, i) => Math.abs(v - reference[i])));
  c.ratio = ratio;
  console.log(`| ${c.group} | ${c.name} | ${median(c.times).toFixed(3)} | ${c.peer ? '1 (peer)' : ratio.toFixed(2)} | ${err.toExponential(1)} |`);
}
for (const c of cells) {
  if (c.group === 'lorenz 1e-8' && c.name.startsWith('dopri5 odeint') && !c.name.endsWith('build')) verdicts.push(`${c.name} at 1e-8 ≤ 1.2× odex: ${c.ratio.toFixed(2)} ${c.ratio <= 1.2 ? '✓' : '✗'}`);
  if (c.group.startsWith('10,000') && c.name === 'dopri5 odeint (out)') verdicts.push(`10,000 outputs (${c.group.split(' ').pop()}) ≤ 1.0× odex: ${c.ratio.toFixed(2)} ${c.ratio <= 1.0 ? '✓' : '✗'}`);
}
console.log(verdicts.map((v) => `- ${v}`).join('\n'));
if (base) {
  // this build against the base build, per round, in the same rounds
  for (const c of cells.filter((x) => x.name.endsWith(', base build'))) {
    const mine = cells.find((x) => x.group === c.group && x.name === c.name.replace(', base build', ''));
    console.log(`- ${c.group}, ${mine.name}: this build / base build = ${median(mine.times.map((t, i) => t / c.times[i])).toFixed(2)}`);
  }
}
