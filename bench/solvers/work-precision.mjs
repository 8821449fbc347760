// Work–precision of the adaptive methods on Lorenz, the Arenstorf orbit and a Kepler orbit (e = 0.5):
// error at the final time against a tight reference, f evaluations and median wall time per solve.
// Run: npx tsc -b packages/solvers && node bench/solvers/work-precision.mjs [runs]
import { bosh3, dopri5, dopri8, integrate, tsit5 } from '@odeflow/solvers';
import { arenstorf, backend, kepler, lorenz, median } from './problems.mjs';

const runs = Number(process.argv[2] ?? 5);
const tols = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12];

function solve(problem, solver, tol) {
  const y0 = backend.fromArray(problem.y0);
  const sol = integrate({ backend, dynamics: problem.dynamics, y0, ts: [0, problem.t1], solver, options: { rtol: tol, atol: tol, maxSteps: 1e7 } });
  backend.dispose(y0);
  return sol;
}

/** Reference: the closed form when there is one, else dopri8 at rtol = atol = 1e-14 (its distance to 1e-13 shows its own accuracy). */
function reference(problem) {
  if (problem.exact) return { y: problem.exact(problem.t1), how: problem.exactLabel, floor: 0 };
  const a = solve(problem, dopri8, 1e-14);
  const b = solve(problem, dopri8, 1e-13);
  const y = Array.from(a.ys[1].data);
  const floor = Math.max(...y.map((v, i) => Math.abs(v - b.ys[1].data[i])));
  backend.dispose([...a.ys, ...b.ys]);
  return { y, how: 'dopri8 at 1e-14', floor };
}

console.log(`Work–precision, js backend, error = max |y(t1) − reference| / max |reference|, median of ${runs} runs (node ${process.version})`);
for (const problem of [lorenz, arenstorf, kepler]) {
  const ref = reference(problem);
  const scale = Math.max(...ref.y.map(Math.abs));
  console.log(`\n${problem.name}: t ∈ [0, ${problem.t1}], reference ${ref.how}${ref.floor ? ` (≈ ${(ref.floor / scale).toExponential(1)} relative)` : ''}`);
  console.log('method   tol      rel. error   nfe       steps    rejected  median ms');
  for (const solver of [bosh3, dopri5, tsit5, dopri8]) {
    for (const tol of tols) {
      if (solver === bosh3 && tol < 1e-8) continue;
      const times = [];
      let sol;
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        sol = solve(problem, solver, tol);
        if (i > 0) times.push(performance.now() - t0);
        if (i < runs) backend.dispose(sol.ys);
      }
      const err = Math.max(...ref.y.map((v, i) => Math.abs(v - sol.ys[1].data[i]))) / scale;
      console.log(
        `${solver.name.padEnd(8)} ${tol.toExponential(0).padEnd(8)} ${err.toExponential(2).padEnd(12)} ${String(sol.stats.nfe).padEnd(9)} ` +
          `${String(sol.stats.steps).padEnd(8)} ${String(sol.stats.rejected).padEnd(9)} ${median(times).toFixed(3)}`,
      );
      backend.dispose(sol.ys);
    }
  }
}
