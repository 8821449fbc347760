// A seeded mutation fuzzer over the example specs (examples/specs/*.json). For every mutant, validation
// (from JSON text and from the value) either accepts it or throws an OdeflowError with a code — never another
// exception, never a hang; a sample of the mutants that stay valid is run into a temporary folder, and must
// succeed or throw an OdeflowError while writing nothing outside that folder.
// ODEFLOW_FUZZ_SEED=<n> replays a run (=random: a new one); ODEFLOW_FUZZ_CASES and ODEFLOW_FUZZ_RUNS change its size.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFailed } from 'vitest';
import { isOdeflowError } from 'odeflow';
import { createPipelineContainer, parsePipelineJson, runExperimentToFolder, validatePipeline, type PipelineSpec } from 'odeflow/node';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
// A fixed seed keeps CI reproducible; ODEFLOW_FUZZ_SEED=random explores new mutants.
const seedEnv = process.env.ODEFLOW_FUZZ_SEED ?? '20261203';
const SEED = seedEnv === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedEnv);
const CASES = Number(process.env.ODEFLOW_FUZZ_CASES ?? 2000);
const RUNS = Number(process.env.ODEFLOW_FUZZ_RUNS ?? 50);
const BUDGET_MS = 60_000;
const CASE_LIMIT_MS = 5_000;
const RUN_LIMIT_MS = 20_000;

const examples = ['spiral.json', 'pendulum-fit.json', 'memory-comparison.json'].map((f) => readFileSync(join(root, 'examples/specs', f), 'utf8'));

/** mulberry32: a small seeded generator, so a failing seed replays exactly. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof generator>;

const VALUES: readonly unknown[] = [
  1e8, 1e300, -1, 0, -0, 2 ** 53, 1e-300, 0.5, 3, 2, 1, 1e5, 99_999, 'NaN', 'Infinity', '-1', '1e999', null, true, false, '',
  '../../x', '/etc/passwd', '.', '..', 'results.json', '__proto__', 'constructor', 'a/../../b', '/dev/zero', [], {}, [null], ['1'],
  'x'.repeat(300), NaN, Infinity, -Infinity,
];
const KEYS = ['__proto__', 'constructor', 'prototype', 'typo', 'kind', 'file'];

/** Every [container, key] pair of a value, found without recursion. */
function slots(v: unknown): [Record<string | number, unknown>, string | number][] {
  const out: [Record<string | number, unknown>, string | number][] = [];
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object') continue;
    for (const k of Array.isArray(x) ? x.keys() : Object.keys(x)) {
      out.push([x as Record<string | number, unknown>, k]);
      stack.push((x as Record<string | number, unknown>)[k]);
    }
  }
  return out;
}

function nest(v: unknown, depth: number, rng: Rng): unknown {
  let x = v;
  for (let k = 0; k < depth; k++) x = rng.next() < 0.5 ? [x] : { a: x };
  return x;
}

/** One to three random mutations of a parsed example. */
function mutate(spec: unknown, rng: Rng): void {
  let nested = false; // one deep nesting per mutant: JSON.stringify (this test's, not odeflow's) recurses
  for (let m = 1 + rng.int(3); m > 0; m--) {
    const all = slots(spec);
    const [obj, key] = rng.pick(all);
    const op = rng.int(10);
    if (op < 5) obj[key] = rng.pick(VALUES);
    else if (op === 5 && !nested) {
      nested = true;
      obj[key] = nest(obj[key], rng.pick([2, 70, 1000, 2000]), rng);
    }
    else if (op === 6) Object.defineProperty(obj, rng.pick(KEYS), { value: rng.pick(VALUES), enumerable: true, writable: true, configurable: true });
    else if (op === 7) delete obj[key];
    else if (op === 8 && Array.isArray(obj)) obj.push(obj[rng.int(obj.length)]);
    else if (typeof obj[key] === 'number') obj[key] = (obj[key] as number) * rng.pick([10, 1e3, 1e6, -1, 0.001]);
    else obj[key] = rng.pick(['../../x', '.', 'results.json', 'a/b', '/abs', '__proto__']);
  }
}

/** Call `f`: true when it returned, false when it threw an OdeflowError with a code; any other throw fails. */
function cleanly(f: () => unknown, what: string): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (!isOdeflowError(e) || typeof e.code !== 'string') throw new Error(`${what}: not an OdeflowError: ${e instanceof Error ? e.stack : String(e)}`);
    return false;
  }
}

describe(`spec mutation fuzzer (seed ${SEED})`, () => {
  it(`${CASES} mutants validate cleanly; ${RUNS} valid ones run cleanly into their folder`, async () => {
    let current = 'setup';
    onTestFailed(() => console.error(`spec fuzzer failed at ${current}; replay with ODEFLOW_FUZZ_SEED=${SEED}`));
    const rng = generator(SEED);
    const container = createPipelineContainer();
    const valid: string[] = [];
    // warm-up: the first equations error loads mathjs's parts (seconds on a busy machine), not a per-case cost
    const warm = JSON.parse(examples[1]!);
    warm.stages[1].block.equations.omega = 'nothing';
    for (const s of [...examples.map((e) => JSON.parse(e)), warm]) cleanly(() => validatePipeline(s, { container }), 'warm-up');
    const t0 = performance.now();
    let n = 0;
    for (; n < CASES && performance.now() - t0 < BUDGET_MS; n++) {
      current = `mutant ${n}`;
      const spec = JSON.parse(examples[n % examples.length]!);
      mutate(spec, rng);
      const text = JSON.stringify(spec);
      const c0 = performance.now();
      const okText = cleanly(() => parsePipelineJson(text, { container }), `mutant ${n} from text`);
      const okValue = cleanly(() => validatePipeline(spec, { container }), `mutant ${n} as a value`);
      expect(performance.now() - c0, `mutant ${n} took too long: ${text.slice(0, 2000)}`).toBeLessThan(CASE_LIMIT_MS);
      // the value may hold NaN that its JSON text turns into null: only the text's verdict can be stricter
      if (okValue) expect(okText, `mutant ${n}: the value is valid, its JSON text is not`).toBe(true);
      if (okText && okValue) valid.push(text);
    }
    const validateMs = performance.now() - t0;
    expect(n).toBe(CASES);

    const cwdBefore = readdirSync(process.cwd()).sort();
    let runs = 0;
    let succeeded = 0;
    // the runs share the minute's budget; a slow machine runs fewer of them (at least 10)
    for (const text of valid.slice(0, RUNS)) {
      if (runs >= 10 && performance.now() - t0 > BUDGET_MS) break;
      current = `run ${runs}`;
      const dir = mkdtempSync(join(tmpdir(), 'odeflow-fuzz-'));
      mkdirSync(join(dir, 'spec'));
      const r0 = performance.now();
      try {
        await runExperimentToFolder({ pipeline: JSON.parse(text) as PipelineSpec, backend: 'js', seeds: [0], iterations: 1 }, { container, baseDir: join(dir, 'spec'), outDir: join(dir, 'out') });
        succeeded++;
      } catch (e) {
        if (!isOdeflowError(e)) throw new Error(`run ${runs}: not an OdeflowError: ${e instanceof Error ? e.stack : String(e)}\n${text}`);
      }
      expect(performance.now() - r0, `run ${runs} took too long`).toBeLessThan(RUN_LIMIT_MS);
      // nothing beside the output folder, nothing in the spec's folder
      expect(readdirSync(dir).filter((f) => f !== 'out' && f !== 'spec')).toEqual([]);
      expect(readdirSync(join(dir, 'spec'))).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
      runs++;
    }
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
    console.log(`spec fuzzer seed ${SEED}: ${n} mutants validated in ${Math.round(validateMs)} ms (${valid.length} valid); ${runs} run (${succeeded} succeeded) in ${Math.round(performance.now() - t0 - validateMs)} ms`);
  }, 300_000);
});
