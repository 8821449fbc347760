import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOdeflow, isOdeflowError, realiseBlock, SeededRandom, type Odeflow, type TensorBackend } from 'odeflow';

// A seeded fuzz over realiseBlock, a flow's solve and run with the realised block, and backward: mutated specs,
// backends, options, states, parameters and cotangents. Every call must give a result or an OdeflowError with a
// code — never another exception — and on tfjs no call may leave a tensor behind. A failure prints the case's seed.

const CASES = 2000;
const TFJS_EVERY = 4;

type Rng = SeededRandom;
const pick = <X>(rng: Rng, xs: readonly X[]): X => xs[rng.int(xs.length)];

const ODD_VALUES: unknown[] = [undefined, null, NaN, Infinity, -1, 0, 1.5, 2, 3, 1e5, 65_537, 2 ** 53, '2', 'tanh', true, [], {}, [2], [[2]], () => 1];
const WIDTHS: unknown[] = [[4, 2], [3, 3, 2], [2], [1e5, 1e5, 2], [0, 2], [2.5, 2], [-4, 2], [], null, '4,2', [4, '2'], new Array(300).fill(2), [4, NaN], [70_000, 2]];
const ACTIVATIONS: unknown[] = ['tanh', 'relu', 'softplus', 'sigmoid', 'identity', 'gelu', ['tanh'], ['tanh', 'relu'], [], null, 3];
const KEYS = ['kind', 'inputSize', 'widths', 'activation', 'outputActivation', 'timeInput', 'inputTransform', 'init', 'name'];

function mutatedSpec(rng: Rng): unknown {
  const spec: Record<string, unknown> = {
    kind: 'mlp',
    inputSize: 2,
    widths: pick(rng, [[4, 2], [3, 3, 2], [2]]),
    activation: 'tanh',
    timeInput: rng.next() < 0.3,
    inputTransform: pick(rng, ['none', 'square', 'cube']),
    init: { weights: { kind: 'normal', std: 0.3 }, bias: { kind: 'uniform', low: -0.1, high: 0.1 }, seed: rng.int(1000) },
  };
  const mutations = rng.next() < 0.5 ? 0 : 1 + rng.int(2);
  for (let m = 0; m < mutations; m++) {
    const key = pick(rng, KEYS);
    const r = rng.next();
    if (key === 'widths') spec.widths = pick(rng, WIDTHS);
    else if (key === 'activation') spec.activation = pick(rng, ACTIVATIONS);
    else if (key === 'init' && r < 0.5) spec.init = pick(rng, [{ seed: -1 }, { weights: { kind: 'normal', std: -1 } }, { bias: { kind: 'uniform', low: 1, high: 0 } }, { weights: null }, [], { seed: 1.5 }]);
    else spec[key] = pick(rng, ODD_VALUES);
  }
  const r = rng.next();
  if (r < 0.05) return JSON.parse(`{"kind":"mlp","inputSize":2,"widths":[4,2],"activation":"tanh","__proto__":{"timeInput":true}}`);
  if (r < 0.1) return Object.assign(Object.create({ activation: 'relu' }), { kind: 'mlp', inputSize: 2, widths: [4, 2] });
  if (r < 0.13) return pick(rng, [null, undefined, 'mlp', 42, [], { kind: 'conv' }]);
  if (r < 0.16) spec[pick(rng, ['constructor', 'prototype', 'extra'])] = 1;
  return spec;
}

function mutatedOptions(rng: Rng): unknown {
  if (rng.next() < 0.7) return undefined;
  return pick(rng, [undefined, undefined, {}, { realisation: pick(rng, ['auto', 'typed-array', 'fused-kernel', 'backend-ops', 'gpu', null]) }, { vjp: pick(rng, ['auto', 'explicit', 'autodiff', 'reverse']) }, null, 'auto', { realisaton: 'auto' }, JSON.parse('{"__proto__":{"realisation":"gpu"}}')]);
}

/** A tensor-ish argument: mostly a good one, else one of the ways callers get it wrong. */
function mutatedTensor<T>(rng: Rng, be: TensorBackend<T>, good: () => T, made: T[]): unknown {
  const r = rng.next();
  const keep = (x: T): T => (made.push(x), x);
  if (r < 0.9) return keep(good());
  if (r < 0.92) return pick(rng, [null, undefined, 3, 'y']);
  if (r < 0.94) return Array.from(be.toFloat64Array(keep(good())));
  if (r < 0.96) {
    const g = keep(good());
    const v = be.toFloat64Array(g);
    v[rng.int(v.length)] = pick(rng, [NaN, Infinity, -Infinity]);
    return keep(be.fromArray(v, be.shape(g)));
  }
  if (r < 0.98) {
    const g = keep(good());
    const n = be.size(g);
    return keep(be.fromArray(new Array(n + 1).fill(0.1), [n + 1]));
  }
  const g = good();
  be.dispose(g);
  return g;
}

interface Outcome {
  ok: number;
  coded: Record<string, number>;
}

/** Run `fn`; a result counts as ok, an OdeflowError by its code; anything else fails the test with the case's seed. */
function attempt<R>(seed: number, what: string, outcome: Outcome, fn: () => R): R | undefined {
  try {
    const r = fn();
    outcome.ok++;
    return r;
  } catch (e) {
    if (!isOdeflowError(e) || typeof e.code !== 'string') throw new Error(`case ${seed}, ${what}: ${String((e as Error)?.stack ?? e)}`);
    outcome.coded[e.code] = (outcome.coded[e.code] ?? 0) + 1;
    return undefined;
  }
}

function fuzzCase<T>(seed: number, flow: Odeflow<T>, outcome: Outcome): void {
  const rng = new SeededRandom(seed);
  const be = flow.backend;
  const made: T[] = [];
  try {
    const block = attempt(seed, 'realiseBlock', outcome, () =>
      realiseBlock<T>(mutatedSpec(rng) as never, (rng.next() < 0.05 ? pick(rng, [null, {}, 'js']) : be) as never, mutatedOptions(rng) as never),
    );
    if (block === undefined) return;
    made.push(...block.params);
    const n = block.spec.inputSize;
    const y0 = mutatedTensor(rng, be, () => be.fromArray(Array.from({ length: n }, () => rng.uniform(-1, 1))), made) as T;
    const params = block.params.map((p) => mutatedTensor(rng, be, () => be.clone(p), made)) as T[];
    if (rng.next() < 0.05) params.pop();
    const problem = { dynamics: block.dynamics, y0, ts: [0, 0.25, 0.5], params };
    if (rng.next() < 0.3) {
      const sol = attempt(seed, 'solve', outcome, () => flow.solve(problem, { maxSteps: 2000 }));
      if (sol !== undefined) made.push(...sol.ys);
      return;
    }
    const run = attempt(seed, 'run', outcome, () => flow.run(problem, { maxSteps: 2000 }));
    if (run === undefined) return;
    made.push(...run.solution.ys);
    const count = rng.next() < 0.05 ? 2 : 3;
    const cotangents = Array.from({ length: count }, () => mutatedTensor(rng, be, () => be.fromArray(Array.from({ length: n }, () => rng.uniform(-1, 1))), made));
    const g = attempt(seed, 'backward', outcome, () => run.backward((rng.next() < 0.03 ? null : cotangents) as T[]));
    run.dispose();
    if (g !== undefined) made.push(g.y0, ...g.params);
  } finally {
    be.dispose(made.filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x)));
  }
}

describe('fuzz: realiseBlock, solve/run with the block, backward', () => {
  it(`${CASES} seeded cases on js and tfjs: a result or a coded OdeflowError, and no tfjs tensor left after any case`, async () => {
    const flows = await Promise.all(['direct', 'adjoint', 'checkpointed'].map((sensitivity) => createOdeflow({ backend: 'js', sensitivity })));
    const tfFlows = await Promise.all(['direct', 'adjoint', 'checkpointed'].map((sensitivity) => createOdeflow<tf.Tensor>({ backend: 'tfjs', sensitivity })));
    const outcome: Outcome = { ok: 0, coded: {} };
    const start = performance.now();
    let slowest = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const t0 = performance.now();
      if (seed % TFJS_EVERY === 0) {
        const before = tf.memory().numTensors;
        fuzzCase(seed, tfFlows[seed % 3], outcome);
        if (tf.memory().numTensors !== before) throw new Error(`case ${seed}: ${tf.memory().numTensors - before} tfjs tensors left behind`);
      } else {
        fuzzCase(seed, flows[seed % 3], outcome);
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    const elapsed = performance.now() - start;
    console.log(`fuzz: ${CASES} cases in ${elapsed.toFixed(0)} ms (slowest ${slowest.toFixed(0)} ms): ${outcome.ok} results,`, outcome.coded);
    // both answers occur, and most kinds of refusal
    expect(outcome.ok).toBeGreaterThan(CASES / 2);
    expect(Object.keys(outcome.coded)).toEqual(expect.arrayContaining(['INVALID_SPEC', 'INVALID_ARGUMENT', 'SHAPE_MISMATCH', 'NON_FINITE_PARAMETER', 'NON_FINITE_COTANGENT']));
    expect(elapsed).toBeLessThan(20_000);
    expect(slowest).toBeLessThan(5_000);
  }, 60_000);
});
