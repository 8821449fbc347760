// MLP evaluation throughput and per-op dispatch overhead on the js, tfjs and wasm backends.
//
//   npm run build (or: npx tsc -b tsconfig.build.json && node packages/backend-tfjs/scripts/bundle-gradients.mjs)
//   node bench/backends/mlp-throughput.mjs [--runs 5] [--backends js,tfjs,wasm]
//
// Measures, through the public TensorBackend API of the BUILT packages:
// - MLP forward: batch 512, 2→64→64→2, tanh (y = tanh(tanh(x·W1 + b1)·W2 + b2)·W3 + b3), inside tidy;
// - MLP VJP: the same MLP's aᵀ∂f/∂[x, W1, b1, W2, b2, W3, b3] through backend.autodiff (tfjs, wasm);
// - dispatch: one `add` of two 2-element tensors through the backend, and the raw `tf.add` beneath it;
// - lincomb: a dopri5-sized Σ cᵢxᵢ (7 tensors, one zero coefficient) of 512×2 and of 40 elements; on tfjs/wasm
//   also the same sum written in tfjs ops (scalar·x per term, one addN), the path taken under a gradient tape.
// - spiral-sized dynamics: f(y) = tanh(y³·W1 + b1)·W2 + b2 on a batch of 20 states, 2→50→2 (the spiral
//   demo's model and batch), forward and VJP w.r.t. y and the four parameters.
// Each figure is the median over --runs runs; each run times a fixed batch of repetitions after a warm-up.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, backends: { type: 'string', default: 'js,tfjs,wasm' } },
});
const runs = Number(values.runs);
const wanted = values.backends.split(',');

const core = await import('../../packages/core/dist/index.js');
const tfjsPkg = await import('../../packages/backend-tfjs/dist/index.js');
const wasmPkg = await import('../../packages/backend-wasm/dist/index.js');
const tf = await import('../../packages/backend-tfjs/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js');

function rand(n, seed) {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * 0.3;
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** µs per call of fn: median over runs of (time for reps calls)/reps, after a warm-up. */
function time(fn, reps) {
  for (let i = 0; i < Math.max(3, reps >> 3); i++) fn();
  const per = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    per.push(((performance.now() - t0) * 1000) / reps);
  }
  return median(per);
}

const B = 512;
const widths = [2, 64, 64, 2];

function mlp(b, x, p) {
  let h = x;
  for (let l = 0; l < 3; l++) {
    h = b.add(b.matMul(h, p[2 * l]), p[2 * l + 1]);
    if (l < 2) h = b.tanh(h);
  }
  return h;
}

const rows = [];
const spiralRows = [];
for (const name of wanted) {
  const b =
    name === 'js' ? new core.JsBackend() : name === 'tfjs' ? await tfjsPkg.createTfjsBackend() : await wasmPkg.createWasmBackend();
  const x = b.fromArray(rand(B * 2, 1), [B, 2]);
  const params = [];
  for (let l = 0; l < 3; l++) {
    params.push(b.fromArray(rand(widths[l] * widths[l + 1], 10 + l), [widths[l], widths[l + 1]]));
    params.push(b.fromArray(rand(widths[l + 1], 20 + l), [widths[l + 1]]));
  }
  const live0 = b.memory().tensors;
  const fwd = time(() => b.dispose(b.tidy(() => mlp(b, x, params))), name === 'js' ? 50 : 100);
  let vjp = NaN;
  if (b.autodiff) {
    const a = b.fromArray(rand(B * 2, 3), [B, 2]);
    vjp = time(() => {
      const r = b.autodiff.vjp((xx, ...ps) => mlp(b, xx, ps), [x, ...params], a);
      b.dispose([r.value, ...r.grads]);
    }, 50);
    b.dispose(a);
  }
  const u = b.fromArray([1, 2]);
  const v = b.fromArray([3, 4]);
  const add = time(() => b.dispose(b.add(u, v)), 20000);
  let raw = NaN;
  if (name !== 'js') {
    b.activate();
    raw = time(() => tf.dispose(tf.add(u, v)), 20000);
  }
  const cs = [0.1, 0.2, 0, 0.3, -0.4, 0.5, 1];
  const ks = Array.from({ length: 7 }, (_, j) => b.fromArray(rand(B * 2, 50 + j), [B, 2]));
  const lc = time(() => b.dispose(b.lincomb(cs, ks)), 2000);
  const small = Array.from({ length: 7 }, (_, j) => b.fromArray(rand(40, 60 + j)));
  const lc40 = time(() => b.dispose(b.lincomb(cs, small)), 5000);
  let lc40ops = NaN;
  if (name !== 'js') {
    b.activate();
    const terms = () => small.map((x, j) => (cs[j] === 1 ? x : tf.mul(x, tf.scalar(cs[j])))).filter((_, j) => cs[j] !== 0);
    lc40ops = time(() => tf.dispose(tf.tidy(() => tf.addN(terms()))), 5000);
  }
  b.dispose([...ks, ...small]);
  if (b.memory().tensors !== live0 + 2) throw new Error(`${name}: the benchmark leaked tensors`);
  b.dispose([u, v, x, ...params]);

  const sy = b.fromArray(rand(40, 70), [20, 2]);
  const sp = [
    b.fromArray(rand(100, 71), [2, 50]),
    b.fromArray(rand(50, 72), [50]),
    b.fromArray(rand(100, 73), [50, 2]),
    b.fromArray(rand(2, 74), [2]),
  ];
  const spiral = (yy, p) => b.add(b.matMul(b.tanh(b.add(b.matMul(b.pow(yy, 3), p[0]), p[1])), p[2]), p[3]);
  const sf = time(() => b.dispose(b.tidy(() => spiral(sy, sp))), 2000);
  let sv = NaN;
  if (b.autodiff) {
    const sa = b.fromArray(rand(40, 75), [20, 2]);
    sv = time(() => {
      const r = b.autodiff.vjp((yy, ...ps) => spiral(yy, ps), [sy, ...sp], sa);
      b.dispose([r.value, ...r.grads]);
    }, 1000);
    b.dispose(sa);
  }
  b.dispose([sy, ...sp]);
  spiralRows.push({ backend: name, 'f µs': sf.toFixed(1), 'vjp µs': Number.isNaN(sv) ? '—' : sv.toFixed(1) });
  const flops = 2 * B * (2 * 64 + 64 * 64 + 64 * 2);
  rows.push({
    backend: name,
    'MLP fwd µs': fwd.toFixed(0),
    'evals/s': (1e6 / fwd).toFixed(0),
    'GFLOP/s': (flops / fwd / 1e3).toFixed(2),
    'MLP vjp µs': Number.isNaN(vjp) ? '—' : vjp.toFixed(0),
    'add µs (backend)': add.toFixed(2),
    'add µs (raw tf)': Number.isNaN(raw) ? '—' : raw.toFixed(2),
    'lincomb7 µs': lc.toFixed(1),
    'lincomb7 40 µs': lc40.toFixed(1),
    'lincomb7 40 tf-ops µs': Number.isNaN(lc40ops) ? '—' : lc40ops.toFixed(1),
  });
}

console.log(`MLP batch ${B}, ${widths.join('→')}, tanh; medians of ${runs} runs; node ${process.version}`);
console.table(rows);
console.log('spiral-sized dynamics: batch 20, 2→50→2, tanh, cubed input (µs per call)');
console.table(spiralRows);
if (wanted.includes('wasm')) console.log('wasm features:', await wasmPkg.wasmFeatures());
