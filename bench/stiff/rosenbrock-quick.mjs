// Quick stiff benchmark of the Rosenbrock methods (issue 12, items 3 and 6): Robertson over [0, 1e5] and Van der Pol
// μ = 1000 over [0, 3000] at rtol 1e-4/1e-6/1e-8 — median ms over interleaved rounds, nfe, njev, nlu, steps and
// correct digits (−log10 of the largest relative error against a reference) — beside SciPy's Radau, BDF and LSODA run
// from this script when python3 with scipy is present.
// Run after a build: node bench/stiff/rosenbrock-quick.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { odeint } from 'odeflow';

const rounds = Number(process.argv[2] ?? 15);

// references: SciPy Radau, BDF and LSODA at rtol 1e-13 (Robertson) / LSODA and Radau at rtol 1e-11 (Van der Pol) agree to the digits used
const problems = [
  {
    name: 'Robertson', y0: [1, 0, 0], t1: 1e5, atol: (rtol) => rtol * 1e-6,
    ref: [0.017865921142264492, 7.274751468504723e-8, 0.9821340061102207],
    f: (_t, y) => [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]],
    jac: (_t, y) => [[-0.04, 1e4 * y[2], 1e4 * y[1]], [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]], [0, 6e7 * y[1], 0]],
    py: {
      f: 'lambda t, y: [-0.04*y[0]+1e4*y[1]*y[2], 0.04*y[0]-1e4*y[1]*y[2]-3e7*y[1]**2, 3e7*y[1]**2]',
      jac: 'lambda t, y: [[-0.04, 1e4*y[2], 1e4*y[1]], [0.04, -1e4*y[2]-6e7*y[1], -1e4*y[1]], [0, 6e7*y[1], 0]]',
    },
  },
  {
    name: 'Van der Pol μ=1000', y0: [2, 0], t1: 3000, atol: (rtol) => rtol,
    ref: [-1.5106069305278818, 0.0011783800131442985],
    f: (_t, y) => [y[1], 1000 * (1 - y[0] * y[0]) * y[1] - y[0]],
    jac: (_t, y) => [[0, 1], [-2000 * y[0] * y[1] - 1, 1000 * (1 - y[0] * y[0])]],
    py: {
      f: 'lambda t, y: [y[1], 1000*(1-y[0]**2)*y[1]-y[0]]',
      jac: 'lambda t, y: [[0, 1], [-2000*y[0]*y[1]-1, 1000*(1-y[0]**2)]]',
    },
  },
];
const rtols = [1e-4, 1e-6, 1e-8];
const methods = ['rosenbrock23', 'rodas5p'];

const digits = (y, ref) => -Math.log10(Math.max(...ref.map((r, i) => Math.abs(y[i] - r) / Math.abs(r))));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cases = [];
for (const p of problems) for (const rtol of rtols) for (const method of methods) cases.push({ p, rtol, method, times: [] });
const solve = (c) => odeint(c.p.f, c.p.y0, [0, c.p.t1], { method: c.method, rtol: c.rtol, atol: c.p.atol(c.rtol), jacobian: c.p.jac, maxSteps: 1e6 });
for (const c of cases) for (let i = 0; i < 3; i++) c.result = solve(c);
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    const t0 = performance.now();
    c.result = solve(c);
    c.times.push(performance.now() - t0);
  }
}

function scipy() {
  const script = `
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp
cases = json.loads(sys.stdin.read())
out = []
for c in cases:
    f = eval(c['f']); jac = eval(c['jac'])
    times = []
    for r in range(c['rounds']):
        t0 = time.perf_counter()
        s = solve_ivp(f, [0, c['t1']], c['y0'], method=c['method'], rtol=c['rtol'], atol=c['atol'], jac=jac)
        times.append((time.perf_counter() - t0) * 1e3)
    out.append(dict(ms=float(np.median(times)), y=[float(v) for v in s.y[:, -1]], nfe=int(s.nfev), njev=int(s.njev), nlu=int(s.nlu), steps=int(len(s.t) - 1), ok=bool(s.success)))
print(json.dumps(out))
`;
  const jobs = [];
  for (const p of problems) {
    for (const rtol of rtols) {
      for (const method of ['Radau', 'BDF', 'LSODA']) jobs.push({ p, rtol, method, f: p.py.f, jac: p.py.jac, t1: p.t1, y0: p.y0, atol: p.atol(rtol), rounds: 3 });
    }
  }
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(jobs.map(({ p, ...j }) => j)), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').at(-1) };
  const res = JSON.parse(r.stdout);
  return { rows: jobs.map((j, i) => ({ ...j, ...res[i] })) };
}

console.log(`Rosenbrock quick stiff benchmark — node ${process.version}, ${rounds} interleaved rounds (median ms), odeint with the user Jacobian`);
console.log('| problem | rtol | method | ms (median) | nfe | njev | nlu | steps | correct digits |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const s = c.result.stats;
  console.log(`| ${c.p.name} | ${c.rtol} | odeflow ${c.method} | ${median(c.times).toFixed(2)} | ${s.nfe} | ${s.njev} | ${s.nlu} | ${s.steps} | ${digits(c.result.ys[1], c.p.ref).toFixed(1)} |`);
}
const sp = scipy();
if (sp.error) {
  console.log(`\nSciPy not run: ${sp.error}`);
} else {
  for (const r of sp.rows) {
    console.log(`| ${r.p.name} | ${r.rtol} | SciPy ${r.method} | ${r.ms.toFixed(2)} | ${r.nfe} | ${r.njev} | ${r.nlu} | ${r.steps} | ${r.ok ? digits(r.y, r.p.ref).toFixed(1) : 'failed'} |`);
  }
}
