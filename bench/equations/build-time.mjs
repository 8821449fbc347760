// Equations route: time to build equation dynamics (parse, differentiate, compile) for expressions that made
// mathjs's `simplify` blow up, and per-call cost of f and the VJP on small models.
// Run: npx --yes pnpm@12.21.0 run build, then
//   node bench/equations/build-time.mjs build <case> [module]     one build, printed as ms (run under `timeout`)
//   node bench/equations/build-time.mjs calls <moduleA> <moduleB>  f/VJP per call, A and B interleaved
//   node bench/equations/build-time.mjs scaling [module]          build time against size (sums, products)
// <module> is a path to an equations entry (default: odeflow), e.g. a main checkout's packages/equations/dist/index.js.
import { pathToFileURL } from 'node:url';
import { JsBackend } from '@odeflow/core';

const product = (n) => Array(n).fill('x').join('*');
/** The hard cases; eq119 is a 119-character right-hand side of the kind `odeflow validate` hung on. */
export const CASES = {
  product14: product(14),
  product16: product(16),
  nestedSin40: `${'sin('.repeat(40)}x${')'.repeat(40)}`,
  eq119: 'sin(x)*cos(v)*exp(x*v)*tanh(x+v)*sqrt(1+x*x)*log(2+v*v)*atan(x*v)*cosh(x-v)*sinh(x/2)*x*v*x*v*x*v*(x+v)*(x-v)*(1+x)*v^2',
  sum150: Array.from({ length: 150 }, (_, i) => `${i + 1}*x*v`).join(' + '),
  sum500: Array.from({ length: 500 }, (_, i) => `${i + 1}*x*v`).join(' + '),
};

const load = async (m) => (m === undefined || m === 'odeflow' ? import('odeflow') : import(pathToFileURL(m).href));
const js = new JsBackend();

async function build(name, mod) {
  const { equationDynamics } = await load(mod);
  equationDynamics(js, { state: ['x'], equations: { x: '-x' } }); // loads mathjs outside the timing
  const t0 = performance.now();
  try {
    equationDynamics(js, { state: ['x', 'v'], equations: { x: 'v', v: CASES[name] } });
    console.log(`${name} (${CASES[name].length} chars): ${(performance.now() - t0).toFixed(1)} ms`);
  } catch (e) {
    console.log(`${name} (${CASES[name].length} chars): refused with ${e.code ?? e.name} after ${(performance.now() - t0).toFixed(1)} ms`);
  }
}

const MODELS = {
  pendulum: { spec: { state: ['theta', 'omega'], params: { b: 0.25, c: 5 }, equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' } }, y: [0.7, -1.3] },
  lorenz: { spec: { state: ['x', 'y', 'z'], params: { sigma: 10, rho: 28, beta: 8 / 3 }, equations: { x: 'sigma*(y - x)', y: 'x*(rho - z) - y', z: 'x*y - beta*z' } }, y: [1.2, -0.7, 20.5] },
};
const CALLS = 200_000;
const ROUNDS = 12;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function calls(modA, modB) {
  const impls = [await load(modA), await load(modB)];
  let sink = 0;
  for (const [model, { spec, y: y0 }] of Object.entries(MODELS)) {
    const n = y0.length;
    const made = impls.map((m) => m.equationDynamics(js, { ...spec, name: `${model}` }));
    const y = js.fromArray(y0);
    const a = js.fromArray(y0.map((_, i) => 0.5 - 0.3 * i));
    const out = js.zeros([n]);
    const targets = { y: js.zeros([n]), params: made[0].params.map(() => js.zeros([1])), f: js.zeros([n]) };
    const times = { f: [[], []], vjp: [[], []] };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which implementation runs first: the first of a pair is measurably favoured on a loaded machine.
      (r % 2 === 0 ? [0, 1] : [1, 0]).forEach((k) => {
        const { dynamics, params } = made[k];
        let t0 = performance.now();
        for (let i = 0; i < CALLS; i++) { dynamics.fInto(i * 1e-6, y, params, out); sink += out.data[1]; }
        times.f[k].push(((performance.now() - t0) * 1000) / CALLS);
        t0 = performance.now();
        for (let i = 0; i < CALLS; i++) sink += dynamics.vjpInto(i * 1e-6, y, a, params, targets) + targets.y.data[0];
        times.vjp[k].push(((performance.now() - t0) * 1000) / CALLS);
      });
    }
    // The compiled row kernels alone, without the dynamics' argument handling.
    const kernels = impls.map((m) => m.compileEquations(m.resolveEquationSpec(spec)).kernels);
    const p = Float64Array.from(made[0].params, (q) => q.data[0]);
    const [yd, ad, fo, gy, gp] = [y.data, a.data, new Float64Array(n), new Float64Array(n), new Float64Array(p.length)];
    times.kf = [[], []];
    times.kvjp = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      (r % 2 === 0 ? [0, 1] : [1, 0]).forEach((k) => {
        const K = kernels[k];
        let t0 = performance.now();
        for (let i = 0; i < CALLS; i++) { K.f(i * 1e-6, yd, 0, p, fo, 0); sink += fo[1]; }
        times.kf[k].push(((performance.now() - t0) * 1000) / CALLS);
        t0 = performance.now();
        for (let i = 0; i < CALLS; i++) sink += K.vjp(i * 1e-6, yd, 0, ad, 0, p, fo, 0, gy, 0, gp);
        times.kvjp[k].push(((performance.now() - t0) * 1000) / CALLS);
      });
    }
    const labels = { f: 'fInto', vjp: 'vjpInto', kf: 'kernel f', kvjp: 'kernel vjp' };
    for (const what of ['f', 'vjp', 'kf', 'kvjp']) {
      const [ta, tb] = times[what].map(median);
      console.log(`${model} ${labels[what]}: A ${ta.toFixed(4)} µs, B ${tb.toFixed(4)} µs, B/A ${(tb / ta).toFixed(3)}`);
    }
  }
  if (!Number.isFinite(sink)) throw new Error('sink');
}

async function scaling(mod) {
  const { equationDynamics } = await load(mod);
  equationDynamics(js, { state: ['x'], equations: { x: '-x' } });
  const sum = (n) => Array.from({ length: n }, (_, i) => `${(i % 7) + 1}*x*v^${(i % 3) + 1}/${i + 1}`).join(' + ');
  for (const [label, gen, sizes] of [['sum', sum, [90, 180, 360, 720]], ['product', product, [500, 1000, 2000, 4000]]]) {
    const t = sizes.map(() => []);
    for (let r = 0; r < 5; r++) {
      sizes.forEach((n, k) => {
        const t0 = performance.now();
        equationDynamics(js, { name: `${label}${n}-${r}`, state: ['x', 'v'], equations: { x: 'v', v: gen(n) } });
        t[k].push(performance.now() - t0);
      });
    }
    console.log(`${label}: ${sizes.map((n, k) => `${n} terms (${gen(n).length} chars) ${median(t[k]).toFixed(1)} ms`).join(', ')}`);
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'build') await build(rest[0], rest[1]);
else if (mode === 'calls') await calls(rest[0], rest[1]);
else if (mode === 'scaling') await scaling(rest[0]);
else console.log('usage: build <case> [module] | calls <moduleA> <moduleB> | scaling [module]');
