// The `equations` block kind: classic ODE models written as equations in a pipeline spec, fitted to data.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  JsBackend,
  OdeflowError,
} from 'odeflow';
import {
  createPipelineContainer,
  equationsBlockKind,
  loadParams,
  pipeline,
  pipelineIssues,
  runPipeline,
  validatePipeline,
  type PipelineSpec,
} from 'odeflow/node';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const specFile = join(root, 'examples/specs/pendulum-fit.json');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const readSpec = async () => JSON.parse(await readFile(specFile, 'utf8')) as PipelineSpec;

/** The pendulum spec with its block's fields replaced (other fields kept). */
const withBlock = (spec: PipelineSpec, patch: Record<string, unknown>): PipelineSpec => ({
  ...spec,
  stages: spec.stages.map((s) => (s.kind === 'block' ? { ...s, block: { ...s.block, ...patch } } : s)),
});

/** The INVALID_SPEC error `f` throws (or rejects with). */
async function specError(f: () => unknown): Promise<OdeflowError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(OdeflowError);
    return e as OdeflowError;
  }
  throw new Error('expected an error');
}

describe('fitting a pendulum written as equations', () => {
  it('recovers b = 0.25 and c = 5 from wrong initial values through runPipeline', async () => {
    const spec = await readSpec();
    const block = spec.stages.find((s) => s.kind === 'block')!;
    // The spec starts far from the truth, so the tolerance below cannot be met by the initial values.
    expect(block.block).toMatchObject({ kind: 'equations', params: { b: 0.6, c: 3.5 } });
    const out = await mkdtemp(join(tmpdir(), 'odeflow-eq-'));
    dirs.push(out);
    const r = await runPipeline(spec, {}, { outDir: out });

    const h = r.training.fit!.history;
    expect(h[0]!.loss).toBeGreaterThan(1);
    expect(r.training.fit!.finalLoss).toBeLessThan(1e-10);
    expect(r.odes.model!.status).toBe('success');

    // Checkpoints name the parameters after the equations' symbols. The data come from dopri5 at rtol 1e-10
    // and the model is solved at rtol 1e-8, so the loss minimum sits within ~1e-7 of the true values (the
    // fit lands at |Δb| ≈ 4e-8, |Δc| ≈ 2.4e-7); 1e-5 leaves room for other machines' rounding while
    // being 10⁴–10⁵ times smaller than the initial errors (0.35 and 1.5).
    const saved = await loadParams(join(out, 'params.json'), new JsBackend());
    expect(saved.names).toEqual(['b', 'c']);
    const [b, c] = saved.params.map((p) => p.data[0]!);
    expect(Math.abs(b! - 0.25)).toBeLessThan(1e-5);
    expect(Math.abs(c! - 5)).toBeLessThan(1e-5);
    expect(r.metrics.mae).toBeLessThan(1e-5);
  });

  it('builds the same block with the typed builder and validates it against the container', () => {
    const p = pipeline('builder-pendulum')
      .pendulum('data', { points: 20, tEnd: 2 })
      .block('f', { kind: 'equations', state: ['theta', 'omega'], params: { b: 0.1, c: 1 }, equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' } })
      .ode('model', { dynamics: 'f', data: 'data' })
      .build();
    expect(validatePipeline(p.toJSON(), { container: createPipelineContainer() })).toEqual(p.toJSON());
  });
});

describe('bad equations in a spec are reported at their spec path before anything runs', () => {
  const container = createPipelineContainer();

  it('an unsafe expression: INVALID_SPEC naming stages[1].block.equations.omega, with the UNSAFE_EXPRESSION behind it', async () => {
    const spec = withBlock(await readSpec(), { equations: { theta: 'omega', omega: 'import("fs", {})' } });
    for (const e of [
      await specError(() => runPipeline(spec)),
      await specError(() => validatePipeline(spec, { container, source: 'pendulum-fit.json' })),
    ]) {
      expect(e.code).toBe('INVALID_SPEC');
      expect(e.details?.path).toBe('stages[1].block.equations.omega');
      expect(e.message).toContain('stages[1].block.equations.omega');
      expect(e.message).toContain('UNSAFE_EXPRESSION');
      expect(e.message).toContain('nothing was run');
      const [issue] = e.details!.issues as { path: string; code?: string; received?: string }[];
      expect(issue).toMatchObject({ path: 'stages[1].block.equations.omega', code: 'UNSAFE_EXPRESSION', received: JSON.stringify('import("fs", {})') });
    }
  });

  it('realising the block directly throws UNSAFE_EXPRESSION under the given path', () => {
    const e = (() => {
      try {
        equationsBlockKind.realise({ kind: 'equations', state: ['x'], equations: { x: 'x.constructor' } }, new JsBackend(), 0, 'stages[4].block');
      } catch (err) {
        return err as OdeflowError;
      }
      throw new Error('expected an error');
    })();
    expect(e).toBeInstanceOf(OdeflowError);
    expect(e.code).toBe('UNSAFE_EXPRESSION');
    expect(e.details?.path).toBe('stages[4].block.equations.x');
    expect(e.message).toMatch(/^\[UNSAFE_EXPRESSION\] stages\[4\]\.block\.equations\.x = "x\.constructor": property or index access is not allowed/);
  });

  it.each([
    ['an unknown symbol', { equations: { theta: 'omega', omega: '-k*omega' } }, 'stages[1].block.equations.omega', /unknown symbol "k".*declared: theta, omega, b, c, t/],
    ['a syntax error', { equations: { theta: 'omega', omega: '-b*omega - (' } }, 'stages[1].block.equations.omega', /mathjs cannot parse it/],
    ['a missing equation', { equations: { theta: 'omega' } }, 'stages[1].block.equations.omega', /no equation/],
    ['an equation for an undeclared state', { equations: { theta: 'omega', omega: '-c*sin(theta)', phi: '1' } }, 'stages[1].block.equations.phi', /not a declared state/],
    ['a non-numeric initial value', { params: { b: '0.6', c: 3.5 } }, 'stages[1].block.params.b', /finite number/],
    ['a misspelt field', { equation: {} }, 'stages[1].block.equation', /unknown spec key/],
    ['a state named like a function', { state: ['sin', 'omega'] }, 'stages[1].block.state[0]', /names are identifiers/],
    ['a name declared twice', { params: { theta: 1 } }, 'stages[1].block', /declared both/],
  ])('%s → INVALID_SPEC at its path', async (_what, patch, path, message) => {
    const spec = withBlock(await readSpec(), patch);
    const issues = pipelineIssues(spec, { container });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, code: 'INVALID_SPEC' });
    expect(issues[0]!.expected).toMatch(message);
    const e = await specError(() => runPipeline(spec));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.details?.path).toBe(path);
  });

  it('reports the bad blocks of several stages together, and none without a container to check against', async () => {
    const spec = await readSpec();
    const bad = { id: 'other', kind: 'block', block: { kind: 'equations', state: ['x'], equations: { x: 'evaluate("1")' } } } as const;
    const one = withBlock(spec, { equations: { theta: 'omega', omega: 'b = 3' } });
    const two = { ...one, stages: [...one.stages, bad] };
    expect(pipelineIssues(two, { container }).map((i) => [i.path, i.code])).toEqual([
      ['stages[1].block.equations.omega', 'UNSAFE_EXPRESSION'],
      ['stages[8].block.equations.x', 'UNSAFE_EXPRESSION'],
    ]);
    // Without a container the block kinds are unknown, so only the schema and the graph are checked.
    expect(pipelineIssues(two)).toEqual([]);
  });
});
