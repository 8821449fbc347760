// One Lorenz cell of bench/solvers/odeint-overhead.mjs alone in its process (so that its call sites see one f,
// as in a program that solves one system), timed by process CPU time: 200 warm-up solves, then the median of 9
// batches of 200 ms. Run each cell in its own process and compare the printed medians.
//
//   node bench/solvers/odeint-alone.mjs odeint|odex [--form out|return] [--outputs 2|10000] [--tol 1e-8] [--build path]
//
// --build: another build's dist/index.node.js (placed in packages/odeflow/<dir>/) instead of this one's `odeflow`.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: a, positionals } = parseArgs({
  allowPositionals: true,
  options: { form: { type: 'string', default: 'out' }, outputs: { type: 'string', default: '2' }, tol: { type: 'string', default: '1e-8' }, build: { type: 'string' } },
});
const which = positionals[0] ?? 'odeint';
const N = Number(a.outputs);
const tol = Number(a.tol);
const grid = Array.from({ length: N }, (_, i) => (20 * i) / (N - 1));
const lorenzReturn = (_t, y) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];
const lorenzOut = (_t, y, o) => {
  o[0] = 10 * (y[1] - y[0]);
  o[1] = y[0] * (28 - y[2]) - y[1];
  o[2] = y[0] * y[1] - (8 / 3) * y[2];
};

let run;
if (which === 'odex') {
  const odex = createRequire(import.meta.url)('odex');
  run = () => {
    const s = new odex.Solver(3);
    s.relativeTolerance = s.absoluteTolerance = tol;
    s.maxSteps = 1e6;
    s.denseOutput = N > 2;
    if (N === 2) return s.solve(lorenzReturn, 0, [1, 1, 1], 20);
    const block = new Float64Array(3 * N);
    let j = 0;
    s.solve(lorenzReturn, 0, [1, 1, 1], 20, (nr, _x0, x1, y, dense) => {
      if (nr === 1) {
        block.set(y, 0);
        j = 1;
        return;
      }
      while (j < N && grid[j] <= x1) {
        const t = grid[j];
        block[3 * j] = dense(0, t);
        block[3 * j + 1] = dense(1, t);
        block[3 * j + 2] = dense(2, t);
        j++;
      }
    });
  };
} else {
  const lib = a.build ? await import(pathToFileURL(resolve(a.build)).href) : await import('odeflow');
  const f = a.form === 'out' ? lorenzOut : lorenzReturn;
  run = () => lib.odeint(f, [1, 1, 1], grid, { rtol: tol, atol: tol });
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < 200; i++) run();
const res = [];
for (let r = 0; r < 9; r++) {
  const c0 = cpu();
  let n = 0;
  while (cpu() - c0 < 200) {
    run();
    n++;
  }
  res.push((cpu() - c0) / n);
}
res.sort((x, y) => x - y);
console.log(`${which}${which === 'odeint' ? ` (${a.form}${a.build ? `, ${a.build}` : ''})` : ''}, ${N} outputs, tol ${tol}: CPU ms per solve median ${res[4].toFixed(3)}, fastest batch ${res[0].toFixed(3)}`);
