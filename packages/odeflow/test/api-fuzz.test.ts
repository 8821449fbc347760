import { describe, expect, it } from 'vitest';
import { createContainer, createOdeflow, functionDynamics, isOdeflowError, odeint, registeredNames, type Dynamics, type JsTensor, type Odeflow } from 'odeflow';

/*
 * A seeded mutation fuzzer over the arguments of odeint and createOdeflow (and a flow's solve/run). Every case
 * must end in a valid result or an OdeflowError with a code: never another exception type, never a hang.
 * Errors thrown by the case's own callbacks (a getter or proxy trap that throws, f over its work budget) are
 * passed through unchanged by odeflow and accepted as such.
 * ODEFLOW_FUZZ_SEED picks the seed (printed), ODEFLOW_FUZZ_CASES the number of odeint cases.
 */
const SEED = Number(process.env.ODEFLOW_FUZZ_SEED ?? 20261203) >>> 0;
const ODEINT_CASES = Number(process.env.ODEFLOW_FUZZ_CASES ?? 2000);
const FLOW_CASES = Math.ceil(ODEINT_CASES / 4);
const CASE_MS = 2000;
const F_BUDGET = 200_000;

/** Thrown by the fuzzer's own callbacks; odeflow must let it through untouched. */
class UserThrow extends Error {}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <V>(r: Rng, xs: readonly V[]): V => xs[Math.floor(r() * xs.length)];

const throwingGetter = () => Object.defineProperty({}, 'rtol', { enumerable: true, get: () => { throw new UserThrow('getter'); } });
const throwingProxy = () =>
  new Proxy({}, { get: () => { throw new UserThrow('proxy'); }, ownKeys: () => { throw new UserThrow('proxy'); }, getPrototypeOf: () => { throw new UserThrow('proxy'); } });

/** Odd values of every type, for any slot. */
function oddValue(r: Rng): unknown {
  const makers: (() => unknown)[] = [
    () => undefined, () => null, () => NaN, () => Infinity, () => -Infinity, () => 0, () => -0, () => -1, () => 1e308, () => 1e-308,
    () => 2 ** 53 + 1, () => 1.5, () => 1e12, () => '1', () => '', () => 'dopri5', () => true, () => false, () => ({}), () => [],
    () => [NaN], () => [1, 2, 3], () => [[1]], () => [null], () => ['1'], () => (() => 1), () => Symbol('s'), () => 1n,
    throwingGetter, throwingProxy, () => new Proxy([1e-6], {}), () => Object.create({ rtol: 1 }), () => JSON.parse('{"__proto__": {"rtol": 1}}'),
    () => JSON.parse('{"constructor": 1}'), () => new Date(0), () => Float32Array.of(1e-6), () => Int8Array.of(1, 2),
    () => ({ length: 1e12 }), () => ({ length: -1 }), () => ({ length: 2, 0: 1, 1: 2 }), () => Object.freeze([0, 1]), () => new Array(3),
    () => ({ fn: () => NaN }), () => [{ fn: () => NaN }], () => [{ fn: (t: number) => t - 0.5, terminal: true }],
  ];
  return pick(r, makers)();
}

const OPTION_KEYS = [
  'rtol', 'atol', 'norm', 'firstStep', 'safety', 'factorMin', 'factorMax', 'dtMin', 'dtMax', 'maxSteps', 'pcoeff', 'icoeff',
  'stepT', 'jumpT', 'stepSize', 'grid', 'events', 'dense', 'controller', 'method', 'throwOnFailure', 'container', 'jacobian',
  'rtoll', '__proto__', 'constructor', 'prototype',
];
const METHODS = ['dopri5', 'tsit5', 'dopri8', 'bosh3', 'rk4', 'euler', 'midpoint', 'ab3', 'fehlberg2', 'adaptive_heun', 'nope', 'DOPRI5', ''];

/** A plausible value for an option key (valid or nearly so), else an odd one. */
function optionValue(r: Rng, key: string): unknown {
  if (r() < 0.25) return oddValue(r);
  switch (key) {
    case 'method': return pick(r, METHODS);
    case 'controller': return pick(r, ['pi', 'constant', 'nope', { decide: () => ({ accept: true, dtNext: 0.1 }) }, { decide: () => ({ accept: false, dtNext: NaN }) }]);
    case 'events': return [{ fn: pick(r, [(t: number) => t - 0.3, () => NaN, () => 'x', (_t: number, y: Float64Array) => y[0] - 0.5, () => { throw new UserThrow('event'); }]), terminal: r() < 0.5, direction: pick(r, ['both', 'rising', 'up', undefined]) }];
    case 'norm': return pick(r, [() => -1, () => NaN, () => 'small', () => 0, () => Infinity, () => 0.5, (e: Float64Array) => Math.abs(e[0]) * 1e6]);
    case 'stepSize': return pick(r, [0.1, 1e-3, 1e-9, 1e-300, 0, -0.1, 5]);
    case 'grid': return pick(r, [[0, 0.5, 1], [0, 1], [1, 0], [0, 0.5, 0.4, 1], [0, NaN, 1], []]);
    case 'maxSteps': return pick(r, [1, 10, 100, 1e9, 1e10, 0.5, 1e6]);
    case 'stepT': case 'jumpT': return pick(r, [[0.5], [0.5, 0.5], [2], [NaN], [0.25, 0.75]]);
    case 'dense': case 'throwOnFailure': return r() < 0.5;
    case 'container': return pick(r, [sharedContainer, {}, null]);
    case 'jacobian': return pick(r, [() => [[-1]], () => [[NaN]], () => [1, 2], 'j']);
    default: return pick(r, [1e-3, 1e-12, 1e-300, 0.5, 2, 10]);
  }
}

const sharedContainer = createContainer();

function budgeted(f: (t: number, y: Float64Array) => unknown): (t: number, y: Float64Array) => ArrayLike<number> {
  let calls = 0;
  return (t, y) => {
    if (++calls > F_BUDGET) throw new UserThrow('f over its work budget');
    return f(t, y) as ArrayLike<number>;
  };
}

function oddF(r: Rng): unknown {
  return pick(r, [
    () => (_t: number, y: Float64Array) => [-y[0], y[1]].slice(0, y.length),
    () => () => [1, 2, 3, 4, 5],
    () => () => [NaN, NaN],
    () => () => ['1', '2'],
    () => () => null,
    () => () => undefined,
    () => () => [[1], [2]],
    () => (_t: number, y: Float64Array) => y,
    () => (_t: number, y: Float64Array) => (y.fill(7), [1, 1]),
    () => (_t: number, y: Float64Array) => [1e308 * y[0], 1e308],
    () => (_t: number, y: Float64Array) => Float32Array.from(y),
    () => (t: number) => [1 / (0.5 - t), 0],
    () => () => { throw new UserThrow('f'); },
    () => oddValue(r),
  ])();
}

interface Case {
  f: unknown;
  y0: unknown;
  ts: unknown;
  options: Record<string, unknown>;
  notes: string[];
}

function mutablePlain(o: unknown): boolean {
  try {
    return o !== null && typeof o === 'object' && !Object.isFrozen(o) && Object.getPrototypeOf(o) === Object.prototype;
  } catch {
    return false;
  }
}

function odeintCase(r: Rng): Case {
  const c: Case = { f: (_t: number, y: Float64Array) => [y[1], -y[0]], y0: [1, 0], ts: [0, 0.5, 1], options: { maxSteps: 2000 }, notes: [] };
  const n = 1 + Math.floor(r() * 2);
  for (let i = 0; i < n; i++) {
    const what = r();
    if (what < 0.15) { c.f = oddF(r); c.notes.push('f'); }
    else if (what < 0.3) { c.y0 = r() < 0.5 ? oddValue(r) : pick(r, [[1], [1, 0, 0], [NaN, 0], Float64Array.of(1, 0), [1, '0'], [[1, 0]]]); c.notes.push('y0'); }
    else if (what < 0.45) { c.ts = r() < 0.5 ? oddValue(r) : pick(r, [[0], [1, 0], [0, 0], [0, 1e308], [0, Infinity], [-1e-300, 1e-300], Float64Array.of(0, 1), [0, '1']]); c.notes.push('ts'); }
    else if (what < 0.5) { c.options = oddValue(r) as Record<string, unknown>; c.notes.push('options'); }
    else {
      const key = pick(r, OPTION_KEYS);
      const value = optionValue(r, key);
      if (mutablePlain(c.options)) {
        try {
          Object.defineProperty(c.options, key, { value, enumerable: true, configurable: true, writable: true });
        } catch {
          // an odd options object whose key cannot be redefined: keep it as it is
        }
      }
      c.notes.push(`options.${key}`);
    }
  }
  return c;
}

interface Failure {
  index: number;
  notes: string[];
  error: string;
}

// a solve that reports success must not hand back NaN or ±∞ (no silent NaN)
function successIsFinite(ys: ArrayLike<unknown> | undefined): boolean {
  if (ys === undefined) return true;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    const data = y instanceof Float64Array ? y : (y as { data?: Float64Array }).data;
    if (!data || !data.every(Number.isFinite)) return false;
  }
  return true;
}

/** Run one case: a result or an OdeflowError (or the case's own UserThrow) passes; anything else is a failure. */
async function check(index: number, notes: string[], run: () => unknown, failures: Failure[], counts: Record<string, number>): Promise<void> {
  const start = performance.now();
  try {
    const out = await run();
    const sol = out as { status?: string; ys?: ArrayLike<unknown> } | undefined;
    if (sol?.status === 'success' && !successIsFinite(sol.ys)) failures.push({ index, notes, error: 'status success with a non-finite output' });
    counts[`ok:${sol?.status ?? 'value'}`] = (counts[`ok:${sol?.status ?? 'value'}`] ?? 0) + 1;
  } catch (e) {
    if (isOdeflowError(e) && typeof e.code === 'string' && e.code.length > 0) counts[e.code] = (counts[e.code] ?? 0) + 1;
    else if (e instanceof UserThrow) counts.user = (counts.user ?? 0) + 1;
    else failures.push({ index, notes, error: `${(e as Error)?.constructor?.name}: ${(e as Error)?.message ?? String(e)}${process.env.ODEFLOW_FUZZ_STACK ? (e as Error)?.stack : ""}` });
  }
  const ms = performance.now() - start;
  if (ms > CASE_MS) failures.push({ index, notes, error: `took ${ms.toFixed(0)} ms (bound ${CASE_MS} ms)` });
}

const decayDynamics = (be: Odeflow<JsTensor>['backend']): Dynamics<JsTensor> => ({
  name: 'decay',
  f: (_t, y, p) => be.mul(y, -(p[0]?.data[0] ?? 1)),
  vjp: (_t, y, a, p) => {
    const k = p[0]?.data[0] ?? 1;
    return { f: be.mul(y, -k), y: be.mul(a, -k), params: p.map(() => be.fromArray([-(a.data[0] * y.data[0])])), t: 0 };
  },
});

function flowCase(r: Rng, flow: Odeflow<JsTensor>): { notes: string[]; run: () => unknown } {
  const be = flow.backend;
  const problem: Record<string, unknown> = { dynamics: decayDynamics(be), y0: be.fromArray([1]), ts: [0, 0.5, 1], params: [be.fromArray([1])] };
  const options: Record<string, unknown> = { maxSteps: 2000 };
  const notes: string[] = [];
  const what = r();
  if (what < 0.25) {
    const config: Record<string, unknown> = {};
    const key = pick(r, ['backend', 'solver', 'controller', 'sensitivity', 'options', 'sensitivityOptions', 'modules', 'container', 'nope', '__proto__']);
    const value = r() < 0.5 ? oddValue(r) : pick(r, ['js', 'dopri5', 'rk4', 'adjoint', 'direct', 'checkpointed', 'pi', 'nope', [], {}]);
    Object.defineProperty(config, key, { value, enumerable: true, configurable: true, writable: true });
    notes.push(`config.${key}`);
    return { notes, run: () => createOdeflow(config as never) };
  }
  const field = pick(r, ['dynamics', 'y0', 'ts', 'params', 'options', 'problem']);
  notes.push(field);
  const odd = pick(r, [
    () => oddValue(r),
    () => be.fromArray([NaN]),
    () => [be.fromArray([NaN])],
    () => [[1]],
    () => ({ f: () => be.fromArray([1, 2]) }),
    () => ({ f: () => be.fromArray([NaN]) }),
    () => ({ maxSteps: pick(r, [1, 1e10]), stepSize: pick(r, [1e-9, 0.1]) }),
  ])();
  if (field === 'problem') return { notes, run: () => flow.solve(odd as never) };
  if (field === 'options') Object.assign(options, { opt: odd });
  else problem[field] = odd;
  const useRun = r() < 0.5;
  notes.push(useRun ? 'run' : 'solve');
  return {
    notes,
    run: () => {
      const opts = field === 'options' && (odd === null || typeof odd !== 'object' || Array.isArray(odd)) ? odd : field === 'options' ? odd : options;
      if (!useRun) return flow.solve(problem as never, opts as never);
      const run = flow.run(problem as never, opts as never);
      const cot = run.solution.ys.map((y) => be.mul(y, 1));
      const g = run.backward(cot);
      be.dispose(cot);
      return { status: run.solution.status, g };
    },
  };
}

// the smaller runtime entries, each with one argument replaced by an odd value
function entryCase(r: Rng, flow: Odeflow<JsTensor>): { notes: string[]; run: () => unknown } {
  const be = flow.backend;
  const slot = Math.floor(r() * 5);
  const odd = oddValue(r);
  const args: unknown[] = [be, (_t: number, y: Float64Array) => [-y[0]], 1, 'f', undefined];
  args[slot] = odd;
  const which = pick(r, ['functionDynamics', 'createContainer', 'registeredNames']);
  const notes = [which, `arg${slot}`];
  if (which === 'createContainer') return { notes, run: () => (slot % 2 ? createContainer([], odd as never) : createContainer(odd as never)) };
  if (which === 'registeredNames') return { notes, run: () => registeredNames(odd as never) };
  return {
    notes,
    run: () => {
      const d = functionDynamics(...(args as Parameters<typeof functionDynamics>));
      return d.f(0, be.fromArray([1]), []);
    },
  };
}

describe('API fuzz: odeint and createOdeflow answer every input with a result or an OdeflowError', () => {
  it(`${ODEINT_CASES} odeint, ${FLOW_CASES} createOdeflow/solve/run and ${FLOW_CASES} other entry mutations (seed ${SEED})`, async () => {
    console.log(`api-fuzz: seed ${SEED} (ODEFLOW_FUZZ_SEED to replay), ${ODEINT_CASES} odeint + ${FLOW_CASES} flow + ${FLOW_CASES} entry cases`);
    const r = mulberry32(SEED);
    const failures: Failure[] = [];
    const counts: Record<string, number> = {};
    const start = performance.now();
    for (let i = 0; i < ODEINT_CASES; i++) {
      const c = odeintCase(r);
      const f = typeof c.f === 'function' ? budgeted(c.f as (t: number, y: Float64Array) => unknown) : c.f;
      await check(i, c.notes, () => odeint(f as never, c.y0 as never, c.ts as never, c.options as never), failures, counts);
    }
    const flow = await createOdeflow<JsTensor>();
    for (let i = 0; i < FLOW_CASES; i++) {
      const c = flowCase(r, flow);
      await check(ODEINT_CASES + i, c.notes, c.run, failures, counts);
    }
    for (let i = 0; i < FLOW_CASES; i++) {
      const c = entryCase(r, flow);
      await check(ODEINT_CASES + FLOW_CASES + i, c.notes, c.run, failures, counts);
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(`api-fuzz: ${ODEINT_CASES + 2 * FLOW_CASES} cases in ${seconds.toFixed(1)} s; outcomes ${JSON.stringify(counts)}`);
    expect(failures.slice(0, 10), `seed ${SEED}: ${failures.length} failing case(s)`).toEqual([]);
  }, 180_000);
});
