// Equations route: cost of f and of the VJP on the pendulum θ'' = −bθ' − c sin θ, compiled from equations,
// against the same f written by hand as a closure over Float64Arrays; plus the one-off compile time.
// Run: npx --yes pnpm@12.21.0 run build, then node bench/equations/pendulum.mjs
import { equationDynamics, functionDynamics, JsBackend } from 'odeflow';

const RUNS = 7;
const CALLS = 200_000;
const js = new JsBackend();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function time(fn) {
  const out = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) fn(i);
    out.push(((performance.now() - t0) * 1000) / CALLS);
  }
  return median(out);
}

const spec = {
  state: ['theta', 'omega'],
  params: { b: 0.25, c: 5 },
  equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' },
};
const c0 = performance.now();
const { dynamics, params } = equationDynamics(js, spec);
const compileMs = performance.now() - c0;
const c1 = performance.now();
equationDynamics(js, { ...spec, name: 'uncached' });
const compileAgainMs = performance.now() - c1;

const hand = functionDynamics(js, (t, y) => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])], 2, 'hand-written');
const y = js.fromArray([0.7, -1.3]);
const a = js.fromArray([0.6, -1.1]);
const out = js.zeros([2]);
const targets = { y: js.zeros([2]), params: [js.zeros([1]), js.zeros([1])], f: js.zeros([2]) };
let sink = 0;
const rows = [
  ['equations f (allocating)', time((i) => { const r = dynamics.f(i * 1e-6, y, params); sink += r.data[1]; js.dispose(r); })],
  ['equations fInto', time((i) => { dynamics.fInto(i * 1e-6, y, params, out); sink += out.data[1]; })],
  ['equations vjp (allocating)', time((i) => { const r = dynamics.vjp(i * 1e-6, y, a, params); sink += r.t + r.y.data[0]; js.dispose([r.f, r.y, ...r.params]); })],
  ['equations vjpInto', time((i) => { sink += dynamics.vjpInto(i * 1e-6, y, a, params, targets) + targets.y.data[0]; })],
  ['hand-written functionDynamics fInto', time((i) => { hand.fInto(i * 1e-6, y, [], out); sink += out.data[1]; })],
];
console.log(`Pendulum from equations (js backend, float64), median of ${RUNS} runs × ${CALLS} calls; Node ${process.version}`);
console.log(`compile (parse, 5 symbolic partials, simplify, codegen): ${compileMs.toFixed(0)} ms first (incl. loading mathjs), ${compileAgainMs.toFixed(0)} ms for a second spec`);
console.log('| call | µs |');
console.log('|---|---|');
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(3)} |`);
if (!Number.isFinite(sink)) throw new Error('sink');
