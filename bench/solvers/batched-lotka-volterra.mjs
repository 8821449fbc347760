// 10,000 Lotka–Volterra problems with random (seeded) parameters and initial values, one tolerance for all:
// odeint on the batch (y0 of shape [B, 2], one vectorised f per stage) against (a) a loop of single odeint calls
// (f in the out form) and (b) SciPy's solve_ivp in a loop (timed inside Python, same method family RK45 =
// Dormand–Prince 5(4), same tolerances, same output times). Interleaved rounds, medians; SciPy is run on the first
// --scipy-rows problems each round (default 1,000: its loop takes ~10 s per 1,000) and its time scaled to B.
// Wall-clock and CPU time (process.cpuUsage; time.process_time in Python) are both reported: on a machine shared
// with other jobs the wall clock also counts the time a process waits for a core.
// Run (after `npx --yes pnpm@12.21.0 run build`): node bench/solvers/batched-lotka-volterra.mjs [--rounds 5] [--rows 10000] [--scipy-rows 1000] [--method dopri5]
import { spawnSync } from 'node:child_process';
import { odeint } from 'odeflow';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const rounds = Number(arg('rounds', 5));
const B = Number(arg('rows', 10000));
const scipyRows = Math.min(B, Number(arg('scipy-rows', 1000)));
const method = arg('method', 'dopri5');
const rtol = 1e-6;
const atol = 1e-9;
const ts = Array.from({ length: 11 }, (_, i) => i); // outputs at 0, 1, …, 10

// mulberry32: a small seeded generator, so every run (and Python) solves the same problems
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261203);
const u = (lo, hi) => lo + (hi - lo) * rand();
// dx/dt = a·x − b·x·y, dy/dt = −c·y + d·x·y
const P = new Float64Array(4 * B);
const Y0 = [];
for (let r = 0; r < B; r++) {
  P.set([u(0.5, 1.5), u(0.2, 0.8), u(0.5, 1.5), u(0.2, 0.8)], 4 * r);
  Y0.push([u(0.5, 2), u(0.5, 2)]);
}

const fBatch = (t, Y, out, rows) => {
  for (let j = 0; j < t.length; j++) {
    const p = 4 * rows[j];
    const x = Y[2 * j];
    const y = Y[2 * j + 1];
    out[2 * j] = P[p] * x - P[p + 1] * x * y;
    out[2 * j + 1] = -P[p + 2] * y + P[p + 3] * x * y;
  }
};
const options = { rtol, atol, method };

function batched() {
  return odeint(fBatch, Y0, ts, options);
}
function loop() {
  const ys = new Float64Array(B * ts.length * 2);
  let nfe = 0;
  for (let r = 0; r < B; r++) {
    const p = 4 * r;
    const a = P[p], b = P[p + 1], c = P[p + 2], d = P[p + 3];
    const sol = odeint((_t, y, out) => {
      out[0] = a * y[0] - b * y[0] * y[1];
      out[1] = -c * y[1] + d * y[0] * y[1];
    }, Y0[r], ts, options);
    nfe += sol.stats.nfe;
    for (let j = 0; j < ts.length; j++) ys.set(sol.ys[j], (r * ts.length + j) * 2);
  }
  return { ys, nfe };
}

const PY = String.raw`
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp
d = json.load(sys.stdin)
P = np.array(d['P']).reshape(-1, 4); Y0 = np.array(d['Y0']); ts = np.array(d['ts'])
def solve_all():
    out = np.empty((len(Y0), len(ts), 2)); nfev = 0
    for r in range(len(Y0)):
        a, b, c, dd = P[r]
        f = lambda t, z: [a*z[0] - b*z[0]*z[1], -c*z[1] + dd*z[0]*z[1]]
        s = solve_ivp(f, (ts[0], ts[-1]), Y0[r], method=d['method'], t_eval=ts, rtol=d['rtol'], atol=d['atol'])
        out[r] = s.y.T; nfev += s.nfev
    return out, nfev
t0 = time.perf_counter(); c0 = time.process_time(); out, nfev = solve_all(); ms = (time.perf_counter() - t0) * 1e3; cpu = (time.process_time() - c0) * 1e3
import scipy
print(json.dumps({'ms': ms, 'cpu': cpu, 'nfev': int(nfev), 'last': out[-1, -1].tolist(), 'version': scipy.__version__}))
`;
function scipy() {
  if (scipyRows === 0) return undefined;
  const input = JSON.stringify({ P: Array.from(P.subarray(0, 4 * scipyRows)), Y0: Y0.slice(0, scipyRows), ts, rtol, atol, method: 'RK45' });
  const r = spawnSync('python3', ['-c', PY], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [wall, v, (c.user + c.system) / 1000];
};

// warm-up (uncounted), and the check that the batch reproduces the loop
const [, bw] = time(batched);
const [, lw] = time(loop);
let maxDiff = 0;
for (let e = 0; e < lw.ys.length; e++) maxDiff = Math.max(maxDiff, Math.abs(lw.ys[e] - bw.ys[e]));
console.log(`${B} Lotka–Volterra problems, ${method}, rtol ${rtol}, atol ${atol}, ts = 0…10 (11 outputs); node ${process.version}`);
console.log(`batch vs loop: max |difference| ${maxDiff.toExponential(2)}, nfe ${bw.stats.nfe} vs ${lw.nfe}, f calls of the batch ${bw.stats.calls}, ` +
  `accepted steps per row ${Math.min(...bw.rowStats.accepted)}…${Math.max(...bw.rowStats.accepted)}, failed rows ${bw.failed.length}`);

const tb = [];
const tl = [];
const tp = [];
const cb = [];
const cl = [];
const cp = [];
let py;
for (let i = 0; i < rounds; i++) {
  const b = time(batched);
  tb.push(b[0]);
  cb.push(b[2]);
  const l = time(loop);
  tl.push(l[0]);
  cl.push(l[2]);
  const s = scipy();
  if (s) {
    py = s;
    tp.push((s.ms * B) / scipyRows);
    cp.push((s.cpu * B) / scipyRows);
  }
  console.log(
    `round ${i + 1}: batch ${b[0].toFixed(1)} ms (cpu ${b[2].toFixed(1)}), loop ${l[0].toFixed(1)} ms (cpu ${l[2].toFixed(1)})` +
      (s ? `, SciPy ${(s.ms / 1000).toFixed(2)} s (cpu ${(s.cpu / 1000).toFixed(2)}) for ${scipyRows} rows` : scipyRows === 0 ? '' : ', SciPy unavailable'),
  );
}
const [mb, ml, mcb, mcl] = [median(tb), median(tl), median(cb), median(cl)];
console.log('');
console.log('| variant | median wall ms (all rows) | median CPU ms | per problem µs (CPU) | wall ratio to batch | CPU ratio to batch |');
console.log('|---|---|---|---|---|---|');
console.log(`| odeint on the batch [${B}, 2] | ${mb.toFixed(1)} | ${mcb.toFixed(1)} | ${((mcb * 1000) / B).toFixed(2)} | 1.00 | 1.00 |`);
console.log(`| loop of ${B} odeint calls (out form) | ${ml.toFixed(1)} | ${mcl.toFixed(1)} | ${((mcl * 1000) / B).toFixed(2)} | ${(ml / mb).toFixed(2)} | ${(mcl / mcb).toFixed(2)} |`);
if (py) {
  const [mp, mcp] = [median(tp), median(cp)];
  console.log(`| SciPy ${py.version} solve_ivp RK45 loop (${scipyRows} rows, scaled to ${B}) | ${mp.toFixed(0)} | ${mcp.toFixed(0)} | ${((mcp * 1000) / B).toFixed(1)} | ${(mp / mb).toFixed(1)} | ${(mcp / mcb).toFixed(1)} |`);
  const last = bw.at(scipyRows - 1, ts.length - 1);
  console.log(`SciPy nfev for ${scipyRows} rows ${py.nfev}; row ${scipyRows - 1} at t = 10: odeflow ${Array.from(last, (v) => v.toFixed(6)).join(', ')}, SciPy ${py.last.map((v) => v.toFixed(6)).join(', ')}`);
}
console.log(`target batch ≥ 3× faster than the loop: wall ${ml / mb >= 3 ? 'met' : 'MISSED'} (${(ml / mb).toFixed(2)}×), CPU ${mcl / mcb >= 3 ? 'met' : 'MISSED'} (${(mcl / mcb).toFixed(2)}×)`);
