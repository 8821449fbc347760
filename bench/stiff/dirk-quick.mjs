// Quick stiff benchmark of kvaerno5 (ESDIRK 5(4), simplified Newton): Robertson over [0, 1e5] and Van der Pol
// μ = 1000 over [0, 3000] at rtol 1e-4/1e-6/1e-8, beside SciPy's Radau and BDF (same problems, exact
// Jacobians) when python3 has SciPy. Correct digits: −log10 of the largest relative error over the components
// at the end point, against a reference from kvaerno5 at rtol 1e-12 (cross-checked against SciPy's Radau at
// rtol 1e-12, printed). Times: median of interleaved rounds in one process (SciPy: median of its own rounds).
// Run after a build: node bench/stiff/dirk-quick.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { odeint } from '../../packages/odeflow/dist/index.js';

const rounds = Number(process.argv[2] ?? 7);
const mu = 1000;
const problems = [
  {
    name: 'Robertson',
    y0: [1, 0, 0],
    t1: 1e5,
    atolFactor: 1e-4,
    f: (_t, y) => [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]],
    jacobian: (_t, y) => [
      [-0.04, 1e4 * y[2], 1e4 * y[1]],
      [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
      [0, 6e7 * y[1], 0],
    ],
  },
  {
    name: 'Van der Pol μ=1000',
    y0: [2, 0],
    t1: 3000,
    atolFactor: 1,
    f: (_t, y) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]],
    jacobian: (_t, y) => [
      [0, 1],
      [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])],
    ],
  },
];
const tols = [1e-4, 1e-6, 1e-8];

const solve = (p, rtol) => odeint(p.f, p.y0, [0, p.t1], { method: 'kvaerno5', rtol, atol: rtol * p.atolFactor, jacobian: p.jacobian, maxSteps: 1e6 });
const digits = (y, ref) => -Math.log10(Math.max(...ref.map((r, i) => Math.abs(y[i] - r) / Math.abs(r))));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const refs = problems.map((p) => Array.from(odeint(p.f, p.y0, [0, p.t1], { method: 'kvaerno5', rtol: 1e-12, atol: 1e-12 * p.atolFactor, jacobian: p.jacobian, maxSteps: 1e7 }).ys[1]));
const cells = problems.flatMap((p, pi) => tols.map((rtol) => ({ p, pi, rtol, ms: [], sol: undefined })));
for (const c of cells) c.sol = solve(c.p, c.rtol); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const c of cells) {
    const t0 = performance.now();
    solve(c.p, c.rtol);
    c.ms.push(performance.now() - t0);
  }
}

const py = String.raw`
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp
mu = 1000.0
def rf(t, y): return [-0.04*y[0] + 1e4*y[1]*y[2], 0.04*y[0] - 1e4*y[1]*y[2] - 3e7*y[1]**2, 3e7*y[1]**2]
def rj(t, y): return [[-0.04, 1e4*y[2], 1e4*y[1]], [0.04, -1e4*y[2] - 6e7*y[1], -1e4*y[1]], [0, 6e7*y[1], 0]]
def vf(t, y): return [y[1], mu*(1 - y[0]**2)*y[1] - y[0]]
def vj(t, y): return [[0, 1], [-2*mu*y[0]*y[1] - 1, mu*(1 - y[0]**2)]]
probs = [(rf, rj, [1.0, 0, 0], 1e5, 1e-4), (vf, vj, [2.0, 0], 3000.0, 1.0)]
rounds = int(sys.argv[1])
out = {'ref': [], 'rows': []}
for f, j, y0, t1, af in probs:
    s = solve_ivp(f, (0, t1), y0, method='Radau', rtol=1e-12, atol=1e-12*af, jac=j)
    out['ref'].append(s.y[:, -1].tolist())
for pi, (f, j, y0, t1, af) in enumerate(probs):
    for rtol in [1e-4, 1e-6, 1e-8]:
        for m in ['Radau', 'BDF']:
            ms = []
            for r in range(rounds):
                t0 = time.perf_counter()
                s = solve_ivp(f, (0, t1), y0, method=m, rtol=rtol, atol=rtol*af, jac=j)
                ms.append((time.perf_counter() - t0) * 1e3)
            out['rows'].append({'p': pi, 'rtol': rtol, 'method': m, 'ms': float(np.median(ms)), 'nfe': int(s.nfev), 'njev': int(s.njev), 'nlu': int(s.nlu), 'steps': int(s.t.size - 1), 'ok': bool(s.success), 'y': s.y[:, -1].tolist()})
print(json.dumps(out))
`;
let scipy;
const run = spawnSync('python3', ['-c', py, String(Math.max(3, Math.min(rounds, 5)))], { encoding: 'utf8', maxBuffer: 1 << 24 });
if (run.status === 0) scipy = JSON.parse(run.stdout);
else console.log(`SciPy not run: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}`);

console.log('| problem | rtol | method | ms | nfe | njev | nlu | steps | Newton its | correct digits |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const c of cells) {
  const s = c.sol.stats;
  const y = Array.from(c.sol.ys[1]);
  console.log(`| ${c.p.name} | ${c.rtol} | kvaerno5 | ${median(c.ms).toFixed(2)} | ${s.nfe} | ${s.njev} | ${s.nlu} | ${s.steps} (${s.rejected} rej.) | ${s.newtonIterations} (${s.newtonFailures} failed) | ${digits(y, refs[c.pi]).toFixed(1)} |`);
  for (const r of scipy?.rows.filter((x) => x.p === c.pi && x.rtol === c.rtol) ?? []) {
    console.log(`| ${c.p.name} | ${c.rtol} | SciPy ${r.method} | ${r.ms.toFixed(1)} | ${r.nfe} | ${r.njev} | ${r.nlu} | ${r.steps} | — | ${digits(r.y, refs[c.pi]).toFixed(1)} |`);
  }
}
if (scipy) problems.forEach((p, i) => console.log(`reference check (${p.name}): kvaerno5 rtol 1e-12 vs SciPy Radau rtol 1e-12 agree to ${digits(scipy.ref[i], refs[i]).toFixed(1)} digits`));
