// Cost of a gradient through a stiff solve with the interpolating adjoint (adjointState 'interpolate'), as a ratio
// to the forward solve alone, and what the backsolve adjoint does on the same problems. js backend, float64,
// equations dynamics (exact Jacobian and VJP), rodas5p forward and backward.
//
//   npx --yes pnpm@12.21.0 run build && node bench/adjoint/stiff-adjoint.mjs [--rounds 7]
//
// Rounds are interleaved (forward, gradient, forward, gradient, ...) and the medians reported: the machine is shared.
import { createOdeflow, equationDynamics } from 'odeflow';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const rounds = Number(arg('rounds', '7'));

const CASES = [
  {
    name: 'Robertson, 19 log-spaced outputs 1e-4…1e5, rtol 1e-8, atol 1e-14',
    spec: { state: ['y1', 'y2', 'y3'], params: { k1: 0.04, k2: 3e7, k3: 1e4 }, equations: { y1: '-k1*y1 + k3*y2*y3', y2: 'k1*y1 - k3*y2*y3 - k2*y2^2', y3: 'k2*y2^2' } },
    y0: [1, 0, 0],
    ts: [0, ...Array.from({ length: 19 }, (_, i) => 1e-4 * Math.pow(10, i / 2))],
    options: { rtol: 1e-8, atol: 1e-14 },
  },
  {
    name: 'Van der Pol μ = 1000 on [0, 1000] (one relaxation jump), 6 outputs, rtol 1e-8, atol 1e-10',
    spec: { state: ['x', 'v'], params: { mu: 1000 }, equations: { x: 'v', v: 'mu*(1 - x^2)*v - x' } },
    y0: [2, 0],
    ts: [0, 200, 400, 600, 750, 850, 1000],
    options: { rtol: 1e-8, atol: 1e-10 },
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const flow = await createOdeflow({ solver: 'rodas5p' });
const b = flow.backend;

function once(c, mode, sensitivityOptions = {}) {
  const { dynamics, params } = equationDynamics(b, c.spec);
  const y0 = b.fromArray(c.y0);
  const start = performance.now();
  try {
    if (mode === 'forward') {
      const sol = flow.solve({ dynamics, y0, ts: c.ts, params }, c.options);
      b.dispose(sol.ys);
      return { ms: performance.now() - start, steps: sol.stats.accepted, nfe: sol.stats.nfe };
    }
    const run = flow.run({ dynamics, y0, ts: c.ts, params }, { ...c.options, maxSteps: 20000 }, sensitivityOptions);
    const cot = run.solution.ys.map((_, i) => b.fromArray(c.y0.map((__, j) => Math.cos(0.3 * i + j))));
    const g = run.backward(cot);
    const ms = performance.now() - start;
    b.dispose([...cot, g.y0, ...g.params, ...run.solution.ys]);
    return { ms, ...run.stats };
  } catch (e) {
    return { ms: performance.now() - start, error: `${e.code}: ${String(e.message).slice(0, 90)}…` };
  } finally {
    b.dispose([y0, ...params]);
  }
}

for (const c of CASES) {
  const fwd = [];
  const grad = [];
  let last;
  for (let r = 0; r < rounds; r++) {
    fwd.push(once(c, 'forward').ms);
    last = once(c, 'gradient');
    grad.push(last.ms);
  }
  const back = once(c, 'gradient', { adjointState: 'backsolve' });
  console.log(`\n### ${c.name}`);
  console.log(`forward solve alone: median ${median(fwd).toFixed(1)} ms`);
  console.log(`value and gradients ('interpolate'): median ${median(grad).toFixed(1)} ms = ${(median(grad) / median(fwd)).toFixed(1)}× the forward solve;` +
    ` steps forward ${last.stepsForward}, backward ${last.stepsBackward}; nfe forward ${last.nfeForward}, backward (f + VJP) ${last.nfeBackward}; peak ${(last.peakBytes / 1024).toFixed(1)} KiB`);
  console.log(`backsolve adjoint (adjointState 'backsolve', maxSteps 20000): ${back.error ?? `${back.ms.toFixed(1)} ms, ${back.stepsBackward} backward steps`}`);
}

// A non-stiff problem, where every sensitivity applies: Lotka–Volterra through dopri5, interleaved rounds.
{
  const c = {
    spec: { state: ['x', 'y'], params: { alpha: 1.0, beta: 0.45, delta: 0.12, gamma: 0.35 }, equations: { x: 'alpha*x - beta*x*y', y: 'delta*x*y - gamma*y' } },
    y0: [10, 5],
    ts: Array.from({ length: 21 }, (_, i) => i),
    options: { rtol: 1e-8, atol: 1e-10 },
  };
  const variants = [
    ['direct', {}],
    ['adjoint', { adjointState: 'backsolve' }],
    ['adjoint', { adjointState: 'interpolate' }],
  ];
  const flows = await Promise.all(variants.map(([sensitivity]) => createOdeflow({ solver: 'dopri5', sensitivity })));
  const times = variants.map(() => []);
  const last = [];
  for (let r = 0; r < rounds; r++) {
    variants.forEach(([, so], k) => {
      const fb = flows[k].backend;
      const { dynamics, params } = equationDynamics(fb, c.spec);
      const y0 = fb.fromArray(c.y0);
      const start = performance.now();
      const run = flows[k].run({ dynamics, y0, ts: c.ts, params }, c.options, so);
      const cot = run.solution.ys.map((_, i) => fb.fromArray([Math.cos(i), Math.sin(i)]));
      const g = run.backward(cot);
      times[k].push(performance.now() - start);
      last[k] = { stats: run.stats, g: [...g.y0.data, ...g.params.map((p) => p.data[0])] };
      fb.dispose([...cot, g.y0, ...g.params, ...run.solution.ys, y0, ...params]);
    });
  }
  const ref = median(times[0]);
  console.log('\n### Lotka–Volterra on [0, 20], 21 outputs, dopri5 at rtol 1e-8, atol 1e-10 (median ms, ratio to direct)');
  variants.forEach(([name, so], k) => {
    const s = last[k].stats;
    const diff = Math.max(...last[k].g.map((v, i) => Math.abs(v - last[0].g[i]) / Math.abs(last[0].g[i])));
    console.log(`${name} ${JSON.stringify(so)}: ${median(times[k]).toFixed(2)} ms (${(median(times[k]) / ref).toFixed(2)}×), nfe backward ${s.nfeBackward}, steps backward ${s.stepsBackward}, peak ${(s.peakBytes / 1024).toFixed(1)} KiB, max rel. diff vs direct ${diff.toExponential(1)}`);
  });
}
