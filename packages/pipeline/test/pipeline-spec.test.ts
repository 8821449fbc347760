import { describe, expect, it } from 'vitest';
import {
  isOdeflowError,
} from 'odeflow';
import {
  createPipelineContainer,
  parsePipelineJson,
  Pipeline,
  pipeline,
  validatePipeline,
  type PipelineSpec,
  type SpecIssue,
} from 'odeflow/node';

const spiralSpec = (): PipelineSpec => ({
  version: 1,
  name: 'spiral',
  stages: [
    { id: 'data', kind: 'spiral', points: 100, tEnd: 10 },
    { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh', inputTransform: 'cube' } },
    { id: 'model', kind: 'ode', dynamics: 'f', data: 'data', solver: 'dopri5', rtol: 1e-6, atol: 1e-8, sensitivity: 'adjoint' },
    { id: 'loss', kind: 'loss', loss: 'mae', prediction: 'model', target: 'data' },
    { id: 'fit', kind: 'train', loss: 'loss', optimizer: 'rmsprop', learningRate: 1e-3, iterations: 10 },
    { id: 'mae', kind: 'metric', metric: 'mae', prediction: 'model', target: 'data' },
    { id: 'results', kind: 'json', file: 'results.json', inputs: ['mae', 'fit'] },
    { id: 'plot', kind: 'svg', file: 'spiral.svg', inputs: ['data', 'model'] },
    { id: 'weights', kind: 'checkpoint', file: 'weights.json', block: 'f' },
  ],
});

/** The INVALID_SPEC issues `fn` throws (fails the test if it throws anything else or nothing). */
function issuesOf(fn: () => unknown): SpecIssue[] {
  try {
    fn();
  } catch (e) {
    expect(isOdeflowError(e, 'INVALID_SPEC')).toBe(true);
    return (e as { details: { issues: SpecIssue[] } }).details.issues;
  }
  throw new Error('expected INVALID_SPEC, nothing was thrown');
}

function withStage(i: number, patch: Record<string, unknown>): unknown {
  const s = spiralSpec() as unknown as { stages: Record<string, unknown>[] };
  s.stages[i] = { ...s.stages[i], ...patch };
  return s;
}

describe('pipeline spec validation', () => {
  it('accepts a complete spec and returns it unchanged', () => {
    const spec = spiralSpec();
    expect(validatePipeline(spec)).toBe(spec);
    expect(validatePipeline(spec, { container: createPipelineContainer() })).toBe(spec);
  });

  it('reports malformed JSON with its line and column', () => {
    let err: unknown;
    try {
      parsePipelineJson('{\n  "version": 1,\n  "name": "x",, \n}');
    } catch (e) {
      err = e;
    }
    expect(isOdeflowError(err, 'INVALID_SPEC')).toBe(true);
    expect((err as Error).message).toMatch(/malformed JSON at line 3, column \d+/);
  });

  it('reports an unknown stage kind with the known kinds', () => {
    const issues = issuesOf(() => validatePipeline(withStage(2, { kind: 'odee' })));
    expect(issues[0]!.path).toBe('stages[2].kind');
    expect(issues[0]!.expected).toMatch(/one of spiral, pendulum, array, csv, block, ode/);
    expect(issues[0]!.received).toBe('"odee"');
  });

  it('reports wrong types and ranges with the field path and the expectation', () => {
    let issues = issuesOf(() => validatePipeline(withStage(2, { rtol: -1 })));
    expect(issues).toEqual([{ path: 'stages[2].rtol', expected: 'expected a number > 0', received: '-1' }]);
    issues = issuesOf(() => validatePipeline(withStage(0, { points: 2.5 })));
    expect(issues[0]).toMatchObject({ path: 'stages[0].points', expected: 'expected an integer' });
    issues = issuesOf(() => validatePipeline(withStage(4, { iterations: '10' })));
    expect(issues[0]).toMatchObject({ path: 'stages[4].iterations', expected: 'expected an integer', received: '"10"' });
    issues = issuesOf(() => validatePipeline(withStage(3, { loss: 'huber' })));
    expect(issues[0]).toMatchObject({ path: 'stages[3].loss', expected: 'expected "mse" or "mae"' });
    issues = issuesOf(() => validatePipeline({ ...spiralSpec(), version: 2 }));
    expect(issues[0]).toMatchObject({ path: 'version', expected: 'expected version 1' });
  });

  it('refuses unknown keys (typos) with their path', () => {
    const issues = issuesOf(() => validatePipeline(withStage(2, { rtoll: 1e-6 })));
    expect(issues).toEqual([{ path: 'stages[2].rtoll', expected: 'no such field (a typo?); remove it or fix its name' }]);
  });

  it('reports a missing required field', () => {
    const s = spiralSpec() as unknown as { stages: Record<string, unknown>[] };
    delete s.stages[2]!.dynamics;
    expect(issuesOf(() => validatePipeline(s))[0]).toMatchObject({ path: 'stages[2].dynamics', received: 'nothing (the field is required)' });
  });

  it('reports dangling references with the known ids', () => {
    const issues = issuesOf(() => validatePipeline(withStage(3, { prediction: 'modle' })));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('stages[3].prediction');
    expect(issues[0]!.expected).toMatch(/the id of an ode stage; no stage has id "modle" \(known ids: data, f, model/);
  });

  it('reports references to a stage of the wrong kind', () => {
    const issues = issuesOf(() => validatePipeline(withStage(2, { dynamics: 'data' })));
    expect(issues[0]!.path).toBe('stages[2].dynamics');
    expect(issues[0]!.expected).toMatch(/the id of a block stage; "data" is a spiral stage/);
  });

  it('reports cycles with the loop of ids', () => {
    const spec = {
      version: 1,
      name: 'cycle',
      stages: [
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 2, widths: [2], activation: 'tanh' } },
        { id: 'a', kind: 'ode', dynamics: 'f', data: 'b' },
        { id: 'b', kind: 'ode', dynamics: 'f', data: 'a' },
      ],
    };
    const issues = issuesOf(() => validatePipeline(spec));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('stages[2].data');
    expect(issues[0]!.expected).toMatch(/a cycle: a → b → a/);
    const self = issuesOf(() => validatePipeline({ ...spec, stages: [spec.stages[0], { id: 'a', kind: 'ode', dynamics: 'f', data: 'a' }] }));
    expect(self[0]).toMatchObject({ path: 'stages[1].data' });
    expect(self[0]!.expected).toMatch(/cycle: a → a/);
  });

  it('reports duplicate ids and cross-field rules', () => {
    expect(issuesOf(() => validatePipeline(withStage(1, { id: 'data' })))[0]).toMatchObject({ path: 'stages[1].id' });
    const noData = issuesOf(() => validatePipeline(withStage(2, { data: undefined })));
    expect(noData.map((i) => i.path)).toContain('stages[2]');
    const arr = { version: 1, name: 'a', stages: [{ id: 'd', kind: 'array', ts: [0, 1, 1], ys: [[1], [2], [3, 4]] }] };
    const paths = issuesOf(() => validatePipeline(arr)).map((i) => i.path);
    expect(paths).toEqual(['stages[0].ys[2]', 'stages[0].ts[2]']);
  });

  it('checks names against the container: solvers, sensitivities, block kinds, backends', () => {
    const container = createPipelineContainer();
    const bad = spiralSpec() as unknown as { stages: Record<string, unknown>[]; experiment?: unknown };
    bad.stages[2] = { ...bad.stages[2], solver: 'dopri6', sensitivity: 'adjiont' };
    bad.stages[1] = { ...bad.stages[1], block: { kind: 'transformer' } };
    bad.experiment = { backend: 'cuda' };
    const issues = issuesOf(() => validatePipeline(bad, { container }));
    expect(issues.map((i) => i.path)).toEqual(['stages[1].block.kind', 'stages[2].solver', 'stages[2].sensitivity', 'experiment.backend']);
    expect(issues[1]!.expected).toMatch(/a registered solver name: one of .*dopri5.*tsit5/);
    expect(issues[3]!.expected).toMatch(/one of .*js/);
    // Without a container only the schema and the graph are checked.
    expect(() => validatePipeline(bad)).not.toThrow();
  });

  it('says where the spec came from and lists every problem in the message', () => {
    const s = withStage(2, { rtol: 0, atol: -1 });
    expect(() => validatePipeline(s, { source: 'spiral.json' })).toThrow(/Invalid pipeline spec spiral\.json \(2 problems\); nothing was run[\s\S]*stages\[2\]\.rtol: expected a number > 0, got 0[\s\S]*stages\[2\]\.atol/);
  });
});

describe('pipeline builder and JSON round trip', () => {
  const built = () =>
    pipeline('spiral')
      .spiral('data', { points: 100, tEnd: 10 })
      .block('f', { kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh', inputTransform: 'cube' })
      .ode('model', { dynamics: 'f', data: 'data', solver: 'dopri5', rtol: 1e-6, atol: 1e-8, sensitivity: 'adjoint' })
      .loss('loss', { loss: 'mae', prediction: 'model', target: 'data' })
      .train('fit', { loss: 'loss', optimizer: 'rmsprop', learningRate: 1e-3, iterations: 10 })
      .metric('mae', { metric: 'mae', prediction: 'model', target: 'data' })
      .json('results', { file: 'results.json', inputs: ['mae', 'fit'] })
      .svg('plot', { file: 'spiral.svg', inputs: ['data', 'model'] })
      .checkpoint('weights', { file: 'weights.json', block: 'f' })
      .build();

  it('builds exactly the spec written as data', () => {
    expect(built().toJSON()).toEqual(spiralSpec());
    expect(JSON.stringify(built())).toBe(JSON.stringify(spiralSpec()));
  });

  it('round-trips through JSON text exactly', () => {
    const p = built();
    const text = JSON.stringify(p, null, 2);
    const back = Pipeline.fromJSON(text);
    expect(back.toJSON()).toEqual(p.toJSON());
    expect(JSON.stringify(back, null, 2)).toBe(text);
    expect(back.toString()).toBe(text);
  });

  it('keeps the key order of a hand-written file', () => {
    const text = '{"name":"x","stages":[{"kind":"array","id":"d","ys":[[1],[2]],"ts":[0,1]}],"version":1}';
    expect(JSON.stringify(Pipeline.fromJSON(text))).toBe(text);
  });

  it('validates in build(): ranges the types cannot see', () => {
    expect(() => pipeline('x').spiral('data', { points: 1, tEnd: 10 }).build()).toThrow(/stages\[0\]\.points: expected an integer ≥ 2/);
  });

  it('is immutable: each call returns a new builder', () => {
    const a = pipeline('x').spiral('d', { points: 10, tEnd: 1 });
    const b = a.pendulum('p', { points: 10, tEnd: 1 });
    expect(a.toJSON().stages).toHaveLength(1);
    expect(b.toJSON().stages).toHaveLength(2);
  });

  it('sets experiment defaults and the memory comparison', () => {
    const p = pipeline('x')
      .seed(3)
      .description('d')
      .spiral('data', { points: 20, tEnd: 2 })
      .block('f', { kind: 'mlp', inputSize: 2, widths: [4, 2], activation: 'tanh' })
      .ode('model', { dynamics: 'f', data: 'data' })
      .experiment({ backend: 'js', solver: 'tsit5', seeds: [0, 1], sweep: { sensitivity: ['adjoint', 'direct'] } })
      .compareMemory({ ode: 'model', horizons: [1, 2, 4] })
      .build();
    expect(p.spec).toMatchObject({ seed: 3, description: 'd', experiment: { solver: 'tsit5' }, compareMemory: { ode: 'model' } });
    expect(Pipeline.fromJSON(JSON.stringify(p)).toJSON()).toEqual(p.toJSON());
  });
});
