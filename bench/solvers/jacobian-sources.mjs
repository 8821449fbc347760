// Cost of one Jacobian evaluation ∂f/∂y per source, on Van der Pol (n = 2), Robertson (n = 3) and a 20-state
// equation system: exact (compiled symbolic, from equations), a user jacobian(t, y) (odeint's option), jvp
// columns, VJP rows, and forward differences of f (dense, and grouped by a band sparsity pattern).
// Run: npx --yes pnpm@12.21.0 run build, then node bench/solvers/jacobian-sources.mjs
// Each figure: median over 7 interleaved rounds of the mean µs per evaluation in a timed loop.
// the package entries (the facade's bundled Node entry does not resolve mathjs from its own folder)
import { JsBackend } from '../../packages/core/dist/index.node.js';
import { equationDynamics } from '../../packages/equations/dist/index.node.js';
import { functionDynamics } from '../../packages/runtime/dist/index.node.js';
import { jacobianEvaluator } from '../../packages/solvers/dist/index.node.js';

const js = new JsBackend();
const N = 20;
const names = Array.from({ length: N }, (_, i) => `u${i}`);
const problems = [
  {
    name: 'Van der Pol (n = 2)',
    spec: { name: 'vdp', state: ['x', 'v'], params: { mu: 1000 }, equations: { x: 'v', v: 'mu*((1 - x^2)*v - x)' } },
    y: [2, -0.6],
    f: (_t, y) => [y[1], 1000 * ((1 - y[0] * y[0]) * y[1] - y[0])],
    jac: (_t, y) => [[0, 1], [1000 * (-2 * y[0] * y[1] - 1), 1000 * (1 - y[0] * y[0])]],
  },
  {
    name: 'Robertson (n = 3)',
    spec: { name: 'rob', state: ['a', 'b', 'c'], params: { k1: 0.04, k2: 3e7, k3: 1e4 }, equations: { a: '-k1*a + k3*b*c', b: 'k1*a - k3*b*c - k2*b^2', c: 'k2*b^2' } },
    y: [0.9, 3e-5, 0.1],
    f: (_t, y) => [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]],
    jac: (_t, y) => [[-0.04, 1e4 * y[2], 1e4 * y[1]], [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]], [0, 6e7 * y[1], 0]],
  },
  {
    name: '20-state chain (equations)',
    spec: {
      name: 'chain',
      state: names,
      params: { k: 0.7 },
      equations: Object.fromEntries(names.map((u, i) => [u, `${i > 0 ? names[i - 1] : '0'} - 2*${u} + ${i < N - 1 ? names[i + 1] : '0'} - k*sin(${u})*exp(-${u}^2)`])),
    },
    y: Array.from({ length: N }, (_, i) => 1 + 0.5 * Math.cos(i)),
    band: Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => Math.abs(i - j) <= 1)),
  },
];

function sources(p) {
  const n = p.y.length;
  const eq = equationDynamics(js, p.spec);
  const out = [
    ['exact (equations, compiled symbolic)', eq.dynamics, eq.params],
    ['jvp columns (equations jvp)', { f: eq.dynamics.f.bind(eq.dynamics), jvp: eq.dynamics.jvp.bind(eq.dynamics) }, eq.params],
    ['vjp rows (equations vjp)', { f: eq.dynamics.f.bind(eq.dynamics), vjp: eq.dynamics.vjp.bind(eq.dynamics) }, eq.params],
    ['finite differences of the equations f', { f: eq.dynamics.f.bind(eq.dynamics), fInto: eq.dynamics.fInto.bind(eq.dynamics) }, eq.params],
  ];
  if (p.band) out.push(['finite differences, band pattern (3 groups)', { f: eq.dynamics.f.bind(eq.dynamics), fInto: eq.dynamics.fInto.bind(eq.dynamics), jacobianSparsity: p.band }, eq.params]);
  if (p.jac) {
    out.push(['user jacobian(t, y) (odeint option)', functionDynamics(js, p.f, n, 'f', p.jac), []]);
    out.push(['finite differences of a plain f (odeint)', functionDynamics(js, p.f, n), []]);
  }
  return out.map(([label, d, params]) => ({ label, ev: jacobianEvaluator(js, d, params, n) }));
}

function time(ev, y, buf) {
  let reps = 200;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) ev.evaluate(0, y, buf);
    const ms = performance.now() - t0;
    if (ms > 20) return (ms * 1000) / reps;
    reps *= 4;
  }
}

for (const p of problems) {
  const n = p.y.length;
  const y = js.fromArray(p.y);
  const buf = new Float64Array(n * n);
  const list = sources(p);
  const samples = list.map(() => []);
  for (let round = 0; round < 7; round++) list.forEach((s, k) => samples[k].push(time(s.ev, y, buf)));
  const base = samples[0].sort((a, b) => a - b)[3];
  console.log(`\n${p.name}`);
  console.log('| source | µs per Jacobian | × exact | f evaluations |');
  console.log('|---|---|---|---|');
  list.forEach((s, k) => {
    const med = samples[k].sort((a, b) => a - b)[3];
    const before = s.ev.nfe;
    s.ev.evaluate(0, y, buf);
    console.log(`| ${s.label} | ${med.toFixed(2)} | ${(med / base).toFixed(1)} | ${s.ev.nfe - before || '—'} |`);
  });
}
