// A neural ODE inside ordinary TensorFlow.js training code. Run from the repository root:
//   npx --yes pnpm@12.21.0 run build
//   node examples/tfjs-training/main.mjs [--backend tfjs|wasm] [--sensitivity direct|adjoint|checkpointed]
//                                        [--api minimize|explicit] [--iterations 200] [--lr 0.01]
// The data: a damped spiral dy/dt = y·A, A = [[-0.1, -2], [2, -0.1]], y0 = [2, 0], 40 points on t ∈ [0, 3].
// The model: f(t, y) = MLP(y), 2 → 32 (tanh) → 2, its weights tf.Variables, trained with tf.train.adam.
// `--api minimize` trains with optimizer.minimize(() => loss(odeintTf(...))) (gradients through the tape);
// `--api explicit` with valueAndGradsTf(...) and optimizer.applyGradients (the explicit gradient API).
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { createOdeflow, OdeflowError, realiseBlock } from 'odeflow';
import { odeintTf, valueAndGradsTf } from 'odeflow/tfjs';

const usage = `usage: node examples/tfjs-training/main.mjs [--backend tfjs|wasm] [--sensitivity direct|adjoint|checkpointed]
       [--api minimize|explicit] [--iterations 200] [--lr 0.01]`;

/** Print a problem with the command line (or a name it gave) and the usage, and exit with status 2. */
function fail(message) {
  console.error(`tfjs-training: ${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'tfjs' },
      sensitivity: { type: 'string', default: 'adjoint' },
      api: { type: 'string', default: 'minimize' },
      iterations: { type: 'string', default: '200' },
      lr: { type: 'string', default: '0.01' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  fail(e.message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.api !== 'minimize' && values.api !== 'explicit') fail(`--api must be minimize or explicit, got '${values.api}'.`);
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 1) fail(`--iterations must be a whole number ≥ 1, got '${values.iterations}'.`);
if (!(Number(values.lr) > 0)) fail(`--lr must be a number > 0, got '${values.lr}'.`);
if (values.backend === 'js') fail("--backend js has no tfjs tensors: this example needs 'tfjs' or 'wasm'.");

let ode;
try {
  ode = await createOdeflow({ backend: values.backend, sensitivity: values.sensitivity, options: { rtol: 1e-5, atol: 1e-6 } });
} catch (e) {
  // a bad --backend or --sensitivity: odeflow's message says what exists
  if (e instanceof OdeflowError) fail(e.message);
  throw e;
}
const ts = Array.from({ length: 40 }, (_, i) => (3 * i) / 39);
const y0 = tf.tensor1d([2, 0]);

// the data, from the true dynamics written in tfjs ops (a forward solve: no gradient is recorded)
const A = tf.tensor2d([[-0.1, -2], [2, -0.1]]);
const truth = odeintTf(ode, { dynamics: (_t, y, [a]) => tf.reshape(tf.matMul(tf.reshape(y, [1, 2]), a), [2]), y0, ts, params: [A] }, { time: 'autonomous' });

// the model: a declarative MLP block realised on the chosen backend; its initial weights become tf.Variables
const block = realiseBlock(
  { kind: 'mlp', inputSize: 2, widths: [32, 2], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.1 }, seed: 0 } },
  ode.backend,
);
const theta = block.params.map((p, k) => tf.variable(p, true, block.paramNames[k]));
tf.dispose(block.params);
const problem = { dynamics: block.dynamics, y0, ts, params: theta };
const loss = (ys) => tf.mean(tf.square(tf.sub(ys, truth)));
const optimizer = tf.train.adam(Number(values.lr));

function step() {
  if (values.api === 'minimize') {
    // ordinary tfjs training code: the ODE solve is one differentiable op among others
    const l = optimizer.minimize(() => loss(odeintTf(ode, problem)), true, theta);
    const v = l.dataSync()[0];
    l.dispose();
    return v;
  }
  // the explicit API: loss value and gradients as tensors, applied by hand
  const { value, ys, grads } = valueAndGradsTf(ode, problem, loss);
  optimizer.applyGradients(Object.fromEntries(theta.map((v, i) => [v.name, grads.params[i]])));
  tf.dispose([ys, grads.y0, ...grads.params]);
  return value;
}

console.log(`neural ODE in tfjs training code: backend ${ode.backend.name}, sensitivity ${values.sensitivity}, api ${values.api}, ${iterations} iterations`);
console.log('iteration   loss        ms/iteration   tensors');
let first = NaN;
let last = NaN;
let t0 = performance.now();
const msPerIteration = [];
for (let i = 1; i <= iterations; i++) {
  const start = performance.now();
  last = step();
  msPerIteration.push(performance.now() - start);
  if (i === 1) first = last;
  if (i === 1 || i % 25 === 0 || i === iterations) {
    const window = msPerIteration.splice(0);
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    console.log(`${String(i).padStart(9)}   ${last.toExponential(3).padStart(9)}   ${mean.toFixed(1).padStart(12)}   ${tf.memory().numTensors}`);
  }
}
console.log(`\nloss ${first.toExponential(3)} → ${last.toExponential(3)} (×${(last / first).toExponential(2)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
optimizer.dispose();
tf.dispose([y0, A, truth, ...theta]);
console.log(`tensors left: ${tf.memory().numTensors}`);
