// odeflow's explicit adaptive methods through the public `odeint` against npm odex 2.0.4 (Hairer's ODEX,
// Gragg–Bulirsch–Stoer extrapolation) on Lorenz and the Pleiades problem, rtol = atol = 1e-4 … 1e-10.
// Every method runs in one process, in interleaved rounds (see the timing note below); the table gives medians. f is written in each solver's
// fast form: `(t, y, out) => void` for odeint, a returned array for odex (its only form).
//
//   node bench/solvers/vs-odex.mjs [--rounds 9] [--sample-ms 30] [--problems lorenz,pleiades] [--tols 1e-4,...]
//
// Build first (`npx --yes pnpm@12.21.0 run build`): this imports the built facade.
import { createRequire } from 'node:module';
import { odeint } from 'odeflow';

const require = createRequire(import.meta.url);
const odex = require('odex');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const ROUNDS = Number(arg('rounds', '9'));
const SAMPLE_MS = Number(arg('sample-ms', '30'));
const TOLS = arg('tols', '1e-4,1e-5,1e-6,1e-7,1e-8,1e-9,1e-10').split(',').map(Number);
const PROBLEMS = arg('problems', 'lorenz,pleiades').split(',');
const METHODS = ['dopri5', 'tsit5', 'dopri8', 'vern7', 'vern9'];

/** Lorenz σ = 10, ρ = 28, β = 8/3 from (1, 1, 1) on [0, 20]. */
const lorenz = {
  name: 'lorenz',
  y0: [1, 1, 1],
  t1: 20,
  fOut(_t, y, out) {
    out[0] = 10 * (y[1] - y[0]);
    out[1] = y[0] * (28 - y[2]) - y[1];
    out[2] = y[0] * y[1] - (8 / 3) * y[2];
  },
  fReturn(_t, y) {
    return [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];
  },
};

// Pleiades (Hairer–Nørsett–Wanner I, II.10): 7 bodies of masses 1 … 7 in the plane; state [x, y, x', y'].
const N = 7;
function pleiadesInto(y, out) {
  for (let i = 0; i < N; i++) {
    out[i] = y[2 * N + i];
    out[N + i] = y[3 * N + i];
    out[2 * N + i] = 0;
    out[3 * N + i] = 0;
  }
  for (let i = 0; i < N; i++) {
    const xi = y[i];
    const yi = y[N + i];
    for (let j = i + 1; j < N; j++) {
      const dx = y[j] - xi;
      const dy = y[N + j] - yi;
      const r2 = dx * dx + dy * dy;
      const r3 = r2 * Math.sqrt(r2);
      const fx = dx / r3;
      const fy = dy / r3;
      out[2 * N + i] += (j + 1) * fx;
      out[3 * N + i] += (j + 1) * fy;
      out[2 * N + j] -= (i + 1) * fx;
      out[3 * N + j] -= (i + 1) * fy;
    }
  }
}
const pleiades = {
  name: 'pleiades',
  y0: [3, 3, -1, -3, 2, -2, 2, 3, -3, 2, 0, 0, -4, 4, 0, 0, 0, 0, 0, 1.75, -1.5, 0, 0, 0, -1.25, 1, 0, 0],
  t1: 3,
  fOut: (_t, y, out) => pleiadesInto(y, out),
  fReturn(_t, y) {
    const out = new Array(4 * N);
    pleiadesInto(y, out);
    return out;
  },
};

const problems = [lorenz, pleiades].filter((p) => PROBLEMS.includes(p.name));

/** One solve of `method` (an odeflow name or 'odex'): the final state and its f evaluations. */
function solve(p, method, tol) {
  if (method === 'odex') {
    const s = new odex.Solver(p.y0.length);
    s.absoluteTolerance = s.relativeTolerance = tol;
    s.maxSteps = 1e6;
    const r = s.solve(p.fReturn, 0, p.y0, p.t1);
    if (r.outcome !== 0) throw new Error(`odex failed on ${p.name} at ${tol}: outcome ${r.outcome}`);
    return { y: r.y, nfe: r.nEval };
  }
  const sol = odeint(p.fOut, p.y0, [0, p.t1], { method, rtol: tol, atol: tol, maxSteps: 1e7 });
  return { y: sol.ys[1], nfe: sol.stats.nfe };
}

const maxDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// references: vern9 and dopri8 at 1e-14 (their distance shows how far the reference can be trusted)
const refs = new Map();
for (const p of problems) {
  const a = odeint(p.fOut, p.y0, [0, p.t1], { method: 'vern9', rtol: 1e-14, atol: 1e-14, maxSteps: 1e7 }).ys[1];
  const b = odeint(p.fOut, p.y0, [0, p.t1], { method: 'dopri8', rtol: 1e-14, atol: 1e-14, maxSteps: 1e7 }).ys[1];
  refs.set(p.name, a);
  console.log(`reference ${p.name}: vern9 at 1e-14; its distance to dopri8 at 1e-14: ${maxDiff(a, b).toExponential(1)}`);
}

// configurations, each with a repetition count that makes one sample about SAMPLE_MS long
const configs = [];
for (const p of problems) {
  for (const tol of TOLS) {
    for (const method of ['odex', ...METHODS]) {
      const r = solve(p, method, tol);
      let reps = 1;
      let t0 = performance.now();
      solve(p, method, tol);
      let dt = performance.now() - t0;
      reps = Math.max(1, Math.round(SAMPLE_MS / Math.max(dt, 0.01)));
      configs.push({ p, tol, method, reps, nfe: r.nfe, err: maxDiff(r.y, refs.get(p.name)), times: [] });
    }
  }
}

// Timing is CPU time of this process (process.cpuUsage), not wall time: the benchmark machine is shared, and
// CPU time leaves out the time other processes hold the cores. Each round walks the (problem, tolerance) groups
// in a rotated order and times odex and every method of a group back to back (in a rotated order), so that a
// ratio compares measurements taken a few hundred milliseconds apart; the table gives the medians of the
// per-round times and of the per-round ratios.
function sample(c) {
  const u0 = process.cpuUsage();
  for (let i = 0; i < c.reps; i++) solve(c.p, c.method, c.tol);
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / 1000 / c.reps;
}
const groups = [];
for (const c of configs) {
  let g = groups.find((x) => x.p === c.p && x.tol === c.tol);
  if (!g) groups.push((g = { p: c.p, tol: c.tol, configs: [] }));
  g.configs.push(c);
  c.ratios = [];
}
for (const c of configs) for (let i = 0; i < c.reps; i++) solve(c.p, c.method, c.tol); // warm-up, untimed
for (let round = 0; round < ROUNDS; round++) {
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[(gi + round) % groups.length];
    const m = g.configs.length;
    const times = new Map();
    for (let k = 0; k < m; k++) {
      const c = g.configs[(k + round) % m];
      const ms = sample(c);
      c.times.push(ms);
      times.set(c, ms);
    }
    const ox = times.get(g.configs.find((c) => c.method === 'odex'));
    for (const c of g.configs) c.ratios.push(times.get(c) / ox);
  }
}

console.log(`\n${ROUNDS} interleaved rounds; ms = median CPU ms per solve; × odex = median of the per-round ratios time / odex time (< 1: faster than odex)\n`);
const best = [];
for (const p of problems) {
  console.log(`### ${p.name}\n`);
  console.log('| tol | method | ms | nfe | error vs ref | × odex |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const tol of TOLS) {
    const rows = configs.filter((c) => c.p === p && c.tol === tol);
    let win;
    for (const c of rows) {
      const ms = median(c.times);
      const ratio = median(c.ratios);
      if (c.method !== 'odex' && (!win || ratio < win.ratio)) win = { method: c.method, ratio, ms, err: c.err };
      console.log(`| ${tol.toExponential(0)} | ${c.method} | ${ms.toFixed(3)} | ${c.nfe} | ${c.err.toExponential(1)} | ${ratio.toFixed(2)} |`);
    }
    best.push({ problem: p.name, tol, odexErr: rows.find((c) => c.method === 'odex').err, ...win });
  }
  console.log('');
}
console.log('### best odeflow method per tolerance\n');
console.log('| problem | tol | best | × odex | its error | odex error |');
console.log('|---|---|---|---:|---:|---:|');
for (const b of best) {
  console.log(`| ${b.problem} | ${b.tol.toExponential(0)} | ${b.method} | ${b.ratio.toFixed(2)} | ${b.err.toExponential(1)} | ${b.odexErr.toExponential(1)} |`);
}
