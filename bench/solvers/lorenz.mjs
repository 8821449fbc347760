// Lorenz benchmark of issue 3: nfe and median wall time per solve on the js backend.
// Run: npx tsc -b packages/solvers && node bench/solvers/lorenz.mjs [runs]
import { bosh3, dopri5, dopri8, integrate, tsit5 } from '@odeflow/solvers';
import { backend, lorenz, median } from './problems.mjs';

const runs = Number(process.argv[2] ?? 200);
const options = { rtol: 1e-8, atol: 1e-8 };
const y0 = backend.fromArray(lorenz.y0);
const solve = (solver) => integrate({ backend, dynamics: lorenz.dynamics, y0, ts: [0, lorenz.t1], solver, options });

const targets = {
  dopri5: { nfe: (n) => Math.abs(n - 10200) <= 510, nfeText: '10,200 ± 5%', ms: 1.0 },
  tsit5: { nfe: (n, ref) => n <= ref, nfeText: '≤ dopri5' },
  dopri8: { nfe: (n) => n <= 6500, nfeText: '≤ 6,500' },
  bosh3: { nfe: () => true, nfeText: '—' },
};

console.log(`Lorenz σ=10 ρ=28 β=8/3, y0=(1,0,0), t∈[0,20], rtol=atol=1e-8, js backend; ${runs} timed runs after warm-up (node ${process.version})`);
console.log('method   nfe     steps  accepted  rejected  target nfe     median ms  p10 ms   p90 ms   target ms  y(20)');
let ref = 0;
let ok = true;
for (const solver of [dopri5, tsit5, dopri8, bosh3]) {
  for (let i = 0; i < 30; i++) backend.dispose(solve(solver).ys);
  const times = [];
  let sol;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sol = solve(solver);
    times.push(performance.now() - t0);
    if (i < runs - 1) backend.dispose(sol.ys);
  }
  const { nfe, steps, accepted, rejected } = sol.stats;
  if (solver === dopri5) ref = nfe;
  const tg = targets[solver.name];
  const nfeOk = tg.nfe(nfe, ref);
  const ms = median(times);
  const msOk = tg.ms === undefined || ms <= tg.ms;
  ok = ok && nfeOk && msOk;
  times.sort((a, b) => a - b);
  const p = (q) => times[Math.floor(q * (times.length - 1))].toFixed(3);
  console.log(
    `${solver.name.padEnd(8)} ${String(nfe).padEnd(7)} ${String(steps).padEnd(6)} ${String(accepted).padEnd(9)} ${String(rejected).padEnd(9)} ` +
      `${(tg.nfeText + (nfeOk ? ' ✓' : ' ✗')).padEnd(14)} ${ms.toFixed(3).padEnd(10)} ${p(0.1).padEnd(8)} ${p(0.9).padEnd(8)} ` +
      `${(tg.ms === undefined ? '—' : `≤ ${tg.ms}${msOk ? ' ✓' : ' ✗'}`).padEnd(10)} ${Array.from(sol.ys[1].data, (v) => v.toFixed(6)).join(', ')}`,
  );
  backend.dispose(sol.ys);
}
console.log(ok ? 'all Lorenz targets met' : 'SOME LORENZ TARGETS MISSED');
