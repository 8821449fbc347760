// The same defences through the programmatic API: validation of any value (plain JSON data only, bounded
// depth and sizes, no prototype keys), confined and bounded data reads, whole output folders.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOdeflowError, OdeflowError } from 'odeflow';
import { experimentGrid, parsePipelineJson, PIPELINE_LIMITS, runExperimentToFolder, runPipeline, validatePipeline, type PipelineSpec, type SpecIssue } from 'odeflow/node';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'odeflow-hardening-api-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const small = (): Record<string, any> => ({
  version: 1,
  name: 'small',
  stages: [
    { id: 'd', kind: 'array', ts: [0, 0.5, 1], ys: [[1], [0.6], [0.37]] },
    { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 1, widths: [4, 1], activation: 'tanh' } },
    { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
    { id: 'mae', kind: 'metric', metric: 'mae', prediction: 'm', target: 'd' },
    { id: 'out', kind: 'json', file: 'out.json' },
  ],
});

/** The issues of the INVALID_SPEC error `f` throws (anything else fails the test). */
function issuesOf(f: () => unknown): SpecIssue[] {
  try {
    f();
  } catch (e) {
    expect(isOdeflowError(e, 'INVALID_SPEC'), String(e)).toBe(true);
    return (e as OdeflowError).details!.issues as SpecIssue[];
  }
  throw new Error('expected INVALID_SPEC');
}

async function rejection(p: Promise<unknown>): Promise<OdeflowError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(OdeflowError);
    return e as OdeflowError;
  }
  throw new Error('expected a rejection');
}

describe('validation of any value', () => {
  it('a value nested 100,000 deep is one INVALID_SPEC issue, not a stack overflow', () => {
    let deep: unknown = 0;
    for (let k = 0; k < 100_000; k++) deep = [deep];
    const issues = issuesOf(() => validatePipeline({ ...small(), description: deep }));
    expect(issues).toEqual([expect.objectContaining({ path: `description${'[0]'.repeat(63)}`, code: 'LIMIT_EXCEEDED', limit: 64 })]);
    expect(issuesOf(() => parsePipelineJson(`{"a":${'['.repeat(70)}${']'.repeat(70)}}`))[0]).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: PIPELINE_LIMITS.jsonDepth });
  });

  it('refuses __proto__, constructor and prototype keys anywhere, and such stage ids (a metric no longer vanishes)', () => {
    const text = JSON.stringify(small()).replace('"kind":"ode"', '"kind":"ode","options":{"__proto__":{"rtol":1},"prototype":1}');
    expect(issuesOf(() => parsePipelineJson(text)).map((i) => i.path)).toEqual(['stages[2].options.__proto__', 'stages[2].options.prototype']);
    const block = small();
    block.stages[1].block.init = JSON.parse('{"constructor":{"seed":1}}');
    expect(issuesOf(() => validatePipeline(block))[0]!.path).toBe('stages[1].block.init.constructor');
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      const spec = small();
      spec.stages[3].id = id;
      expect(issuesOf(() => validatePipeline(spec)).map((i) => i.path)).toContain('stages[3].id');
    }
    const column = small();
    column.stages[3].id = 'backend';
    expect(issuesOf(() => validatePipeline(column))[0]!.path).toBe('stages[3].id');
  });

  it('accepts only plain JSON data: no NaN, functions, class instances or altered prototypes', () => {
    const cases: [(s: Record<string, any>) => void, string][] = [
      [(s) => (s.stages[2].rtol = NaN), 'stages[2].rtol'],
      [(s) => (s.stages[2].options = { norm: () => 0 }), 'stages[2].options.norm'],
      [(s) => (s.stages[2].options = new Map()), 'stages[2].options'],
      [(s) => (s.stages[2].options = Object.create({ rtol: 1 })), 'stages[2].options'],
      [(s) => (s.stages[0].ts = [0, 0.5, Infinity]), 'stages[0].ts[2]'],
    ];
    for (const [mutate, path] of cases) {
      const spec = small();
      mutate(spec);
      expect(issuesOf(() => validatePipeline(spec))[0]!.path).toBe(path);
    }
  });

  it('names every field over its limit with the limit', () => {
    const spec = small();
    spec.name = 'x'.repeat(101);
    spec.stages[0] = { id: 'd', kind: 'spiral', points: 1e8, tEnd: 1 };
    spec.stages[1].block = { kind: 'mlp', inputSize: 1, widths: [5000, 5000, 1], activation: 'tanh' };
    spec.stages[2].options = { maxSteps: 1e9 };
    spec.stages.push({ id: 'l', kind: 'loss', prediction: 'm', target: 'd' }, { id: 't', kind: 'train', loss: 'l', iterations: 1e7, batchSize: 1e8 });
    spec.experiment = { seeds: Array.from({ length: 40 }, (_, k) => k), sweep: { solver: Array(40).fill('rk4') } };
    const issues = issuesOf(() => validatePipeline(spec));
    expect(issues.map((i) => [i.path, i.code, i.limit])).toEqual([
      ['name', 'LIMIT_EXCEEDED', 100],
      ['stages[0].points', 'LIMIT_EXCEEDED', 100_000],
      ['stages[6].iterations', 'LIMIT_EXCEEDED', 1_000_000],
      ['stages[6].batchSize', 'LIMIT_EXCEEDED', 10_000],
    ]);
    delete spec.name;
    spec.name = 'ok';
    spec.stages[0].points = 10;
    spec.stages[6] = { id: 't', kind: 'train', loss: 'l', iterations: 1 };
    const more = issuesOf(() => validatePipeline(spec));
    expect(more.map((i) => [i.path, i.code, i.limit])).toEqual([
      ['experiment', 'LIMIT_EXCEEDED', 1000],
      ['stages[2].options.maxSteps', 'LIMIT_EXCEEDED', 10_000_000],
    ]);
  });

  it('refuses an experiment grid over the run limit made in code (or by CLI lists)', () => {
    const seeds = Array.from({ length: 101 }, (_, k) => k);
    const e = (() => {
      try {
        experimentGrid({ pipeline: small() as PipelineSpec, seeds, sweep: { solver: Array(10).fill('rk4') } });
      } catch (err) {
        return err as OdeflowError;
      }
    })();
    expect(e).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: PIPELINE_LIMITS.runs } });
  });

  it('refuses at run time what only the data tells: a trajectory or a minibatch over its limit', async () => {
    const wide = small();
    wide.stages[1].block = { kind: 'mlp', inputSize: 200, widths: [200], activation: 'identity' };
    wide.stages[2] = { id: 'm', kind: 'ode', dynamics: 'f', y0: Array(200).fill(0), times: { start: 0, end: 1, points: 100_000 } };
    wide.stages[3] = { id: 'z', kind: 'ode', dynamics: 'f', y0: Array(200).fill(0), times: [0, 1] };
    wide.stages[3] = { id: 'mae', kind: 'metric', metric: 'mae', prediction: 'm', target: 'm' };
    const e = await rejection(runPipeline(wide as PipelineSpec));
    expect(e).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'stages[2]', limit: PIPELINE_LIMITS.trajectoryValues } });
    const batch = small();
    batch.stages[0] = { id: 'd', kind: 'pendulum', points: 2000, tEnd: 10 };
    batch.stages[1].block = { kind: 'mlp', inputSize: 2, widths: [2], activation: 'identity' };
    batch.stages.push({ id: 'l', kind: 'loss', prediction: 'm', target: 'd' }, { id: 't', kind: 'train', loss: 'l', iterations: 1, batchSize: 10_000, batchLength: 2000 });
    const b = await rejection(runPipeline(batch as PipelineSpec));
    expect(b).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'stages[6].batchSize', limit: PIPELINE_LIMITS.batchValues } });
  });
});

describe('data reads', () => {
  const csvSpec = (path: string) => {
    const s = small();
    s.stages[0] = { id: 'd', kind: 'csv', path };
    return s as PipelineSpec;
  };

  it('reads only below baseDir or an allowRead folder (symbolic links resolved)', async () => {
    const dir = await tmp();
    await mkdir(join(dir, 'spec'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'd.csv'), 't,y\n0,1\n0.5,0.6\n1,0.37\n');
    execFileSync('ln', ['-s', join(dir, 'data', 'd.csv'), join(dir, 'spec', 'link.csv')]);
    const outside = await rejection(runPipeline(csvSpec('../data/d.csv'), {}, { baseDir: join(dir, 'spec') }));
    expect(outside).toMatchObject({ code: 'INVALID_SPEC', details: { path: 'stages[0].path' } });
    expect(outside.message).toMatch(/outside it.*allowRead/);
    await rejection(runPipeline(csvSpec('link.csv'), {}, { baseDir: join(dir, 'spec') }));
    const r = await runPipeline(csvSpec('link.csv'), {}, { baseDir: join(dir, 'spec'), allowRead: [join(dir, 'data')] });
    expect(r.metrics.mae).toBeTypeOf('number');
  });

  it('refuses FIFOs without blocking, and files over the size limit without reading them', async () => {
    const dir = await tmp();
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const fifo = await rejection(runPipeline(csvSpec('pipe.csv'), {}, { baseDir: dir }));
    expect(fifo.message).toMatch(/stages\[0\]\.path: expected a regular CSV file; .*pipe\.csv is a device, FIFO or socket/);
    await writeFile(join(dir, 'huge.csv'), '');
    await truncate(join(dir, 'huge.csv'), PIPELINE_LIMITS.csvBytes + 1); // sparse: costs no disk
    const huge = await rejection(runPipeline(csvSpec('huge.csv'), {}, { baseDir: dir }));
    expect(huge).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'stages[0].path', limit: PIPELINE_LIMITS.csvBytes } });
  });
});

describe('whole output folders', () => {
  it('runExperimentToFolder writes sinks, results.json and results.md whole; a failure leaves the old folder', async () => {
    const dir = await tmp();
    const out = join(dir, 'out');
    const first = await runExperimentToFolder({ pipeline: small() as PipelineSpec, seeds: [1] }, { outDir: out });
    expect(first.result.runs[0]!.files).toEqual([join(out, 'out.json')]);
    expect((await readdir(out)).sort()).toEqual(['out.json', 'results.json', 'results.md']);
    const before = await readFile(join(out, 'results.json'), 'utf8');
    const failing = small();
    failing.stages[2].options = { maxSteps: 1 };
    await rejection(runExperimentToFolder({ pipeline: failing as PipelineSpec }, { outDir: out }));
    expect(await readFile(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['out']);
    const own = small();
    own.stages[4].file = 'results.md';
    expect((await rejection(runExperimentToFolder({ pipeline: own as PipelineSpec }, { outDir: out }))).code).toBe('INVALID_SPEC');
  });

  it('cleans what killed runs left: temporary folders go, a folder set aside mid-swap comes back', async () => {
    const dir = await tmp();
    const out = join(dir, 'out');
    const dead = 2 ** 22 + 7; // above Linux's largest pid: no such process
    await mkdir(join(dir, `.out.${dead}-abc.tmp`));
    await mkdir(join(dir, `.out.${dead}-def.old`));
    await writeFile(join(dir, `.out.${dead}-def.old`, 'results.json'), '{"old":true}');
    await mkdir(join(dir, `.other.${dead}-abc.tmp`)); // not this target's: left alone
    const { cleanStaleOutputFolders } = await import('odeflow/node');
    await cleanStaleOutputFolders(out);
    expect((await readdir(dir)).sort()).toEqual([`.other.${dead}-abc.tmp`, 'out']);
    expect(await readFile(join(out, 'results.json'), 'utf8')).toBe('{"old":true}');
    await runExperimentToFolder({ pipeline: small() as PipelineSpec }, { outDir: out });
    expect(existsSync(join(out, 'out.json'))).toBe(true);
  });
});
