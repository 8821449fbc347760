import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ContainerModule } from 'inversify';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bindNamed,
  ButcherTableau,
  ExplicitRungeKutta,
  isOdeflowError,
  JsBackend,
  TOKENS,
  type BackendFactory,
  type JsTensor,
} from 'odeflow';
import {
  Pipeline,
  ProgressBarReporter,
  runPipeline,
  type BlockKind,
  type SpecIssue,
} from 'odeflow/node';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'odeflow-plugin-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

// ---- a plugin, written as a user would: a solver, a block kind and a backend, registered by name ----
const ralston3 = new ExplicitRungeKutta({
  name: 'ralston3',
  order: 3,
  tableau: new ButcherTableau({ c: [0, 0.5, 0.75], a: [[], [0.5], [0, 0.75]], b: [2 / 9, 1 / 3, 4 / 9] }),
  description: "Ralston's third-order method",
});

/** dy/dt = θ·y: one scalar parameter, exact VJP. */
const scaleBlock: BlockKind = {
  kind: 'scale',
  description: 'dy/dt = θ·y',
  realise<T>(spec: Readonly<Record<string, unknown>>, backend: { fromArray(d: ArrayLike<number>, s?: readonly number[]): T }) {
    const js = backend as unknown as JsBackend;
    const theta = js.fromArray([Number(spec.initial ?? 0)], [1]);
    return {
      params: [theta as unknown as T],
      paramNames: ['theta'],
      dynamics: {
        name: 'scale',
        f: (_t: number, y: JsTensor, [th]: readonly JsTensor[]) => js.fromArray(y.data.map((v) => th!.data[0]! * v), y.shape),
        vjp: (_t: number, y: JsTensor, a: JsTensor, [th]: readonly JsTensor[]) => {
          let dth = 0;
          for (let i = 0; i < y.data.length; i++) dth += a.data[i]! * y.data[i]!;
          return {
            f: js.fromArray(y.data.map((v) => th!.data[0]! * v), y.shape),
            y: js.fromArray(a.data.map((v) => th!.data[0]! * v), y.shape),
            params: [js.fromArray([dth], [1])],
            t: 0,
          };
        },
      },
    } as never;
  },
};

let created = 0;
const privateJs: BackendFactory = {
  name: 'my-js',
  description: 'a second float64 backend instance (plugin)',
  create() {
    created++;
    return new JsBackend();
  },
};

const plugin = new ContainerModule((o) => {
  bindNamed(o, TOKENS.Solver, 'ralston3', ralston3);
  bindNamed(o, TOKENS.BlockKind, 'scale', scaleBlock);
  bindNamed(o, TOKENS.Backend, 'my-js', privateJs);
});

// y = 2·e^{−0.5 t}: the scale block must learn θ = −0.5.
const specJson = JSON.stringify({
  version: 1,
  name: 'plugin',
  stages: [
    { id: 'data', kind: 'csv', path: 'decay.csv' },
    { id: 'f', kind: 'block', block: { kind: 'scale', initial: 0 } },
    { id: 'model', kind: 'ode', dynamics: 'f', data: 'data', solver: 'ralston3', options: { stepSize: 0.05 }, sensitivity: 'direct' },
    { id: 'loss', kind: 'loss', loss: 'mse', prediction: 'model', target: 'data' },
    { id: 'fit', kind: 'train', loss: 'loss', optimizer: 'adam', learningRate: 0.05, iterations: 80, batchSize: 3, batchLength: 5, evalEvery: 40 },
    { id: 'err', kind: 'metric', metric: 'max-abs', prediction: 'model', target: 'data' },
    { id: 'theta', kind: 'checkpoint', file: 'theta.json', block: 'f' },
  ],
  experiment: { backend: 'my-js' },
});

describe('plugins', () => {
  it('a solver, a block kind and a backend registered by a module are used by name from a JSON spec', async () => {
    const dir = await tmp();
    const rows = Array.from({ length: 21 }, (_, k) => `${k / 10},${2 * Math.exp(-0.5 * (k / 10))}`);
    await writeFile(join(dir, 'decay.csv'), `t,y\n${rows.join('\n')}\n`);
    const pipeline = Pipeline.fromJSON(specJson);
    const before = created;
    const r = await runPipeline(pipeline, {}, { modules: [plugin], baseDir: dir, outDir: dir });
    expect(created).toBe(before + 1);
    expect(r).toMatchObject({ backend: 'my-js', solver: 'ralston3', sensitivity: 'direct' });
    const theta = JSON.parse(await readFile(join(dir, 'theta.json'), 'utf8')).params[0].data[0];
    expect(theta).toBeCloseTo(-0.5, 1);
    expect(r.metrics.err).toBeLessThan(0.05);
  });

  it('without the plugin the same spec is refused before anything runs, naming each path', async () => {
    const before = created;
    try {
      await runPipeline(Pipeline.fromJSON(specJson));
      expect.unreachable();
    } catch (e) {
      expect(isOdeflowError(e, 'INVALID_SPEC')).toBe(true);
      const paths = (e as { details: { issues: SpecIssue[] } }).details.issues.map((i) => i.path);
      expect(paths).toEqual(['stages[1].block.kind', 'stages[2].solver', 'experiment.backend']);
    }
    expect(created).toBe(before);
  });
});

describe('data sources', () => {
  it('reads CSV columns by name and reports bad files with the stage path', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'ok.csv'), '# comment\ntime,a,b\n0,1,2\n1,3,4\n2,5,6\n');
    await writeFile(join(dir, 'bad.csv'), 'time,a\n0,1\n1,x\n');
    const spec = (file: string, extra: Record<string, unknown> = {}) => ({
      version: 1,
      name: 'csv',
      stages: [
        { id: 'd', kind: 'csv', path: file, timeColumn: 'time', ...extra },
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 1, widths: [1], activation: 'identity', init: { weights: { kind: 'normal', std: 0 } } } },
        { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
        { id: 'e', kind: 'metric', metric: 'max-abs', prediction: 'm', target: 'd' },
      ],
    });
    // dy/dt = 0 from the first row of column b: the error is the largest change in b
    const r = await runPipeline(spec('ok.csv', { columns: ['b'] }) as never, {}, { baseDir: dir });
    expect(r.metrics.e).toBeCloseTo(4, 12);
    await expect(runPipeline(spec('bad.csv') as never, {}, { baseDir: dir })).rejects.toThrow(/stages\[0\]\.path: expected a finite number in column 2 of .*bad\.csv line 3; got a cell that is not a finite number/);
    await expect(runPipeline(spec('ok.csv', { columns: ['c'] }) as never, {}, { baseDir: dir })).rejects.toThrow(/stages\[0\]\.columns\[0\]: expected a column of .*"c" is not one/);
    await expect(runPipeline(spec('missing.csv') as never, {}, { baseDir: dir })).rejects.toThrow(/stages\[0\]\.path: expected a readable CSV file/);
  });

  it('refuses a metric whose target does not match the prediction', async () => {
    const spec = {
      version: 1,
      name: 'mismatch',
      stages: [
        { id: 'd', kind: 'pendulum', points: 11, tEnd: 1 },
        { id: 'short', kind: 'array', ts: [0, 1], ys: [[0, 0], [0, 0]] },
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 2, widths: [2], activation: 'identity' } },
        { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
        { id: 'e', kind: 'metric', metric: 'mae', prediction: 'm', target: 'short' },
      ],
    };
    await expect(runPipeline(spec as never)).rejects.toThrow(/stages\[4\]\.target: expected a data stage with the prediction's shape \(11×2 from "m"\); "short" is 2×2/);
  });

  it('the pendulum generator matches a tight reference solve', async () => {
    const spec = {
      version: 1,
      name: 'pendulum',
      stages: [
        { id: 'd', kind: 'pendulum', points: 101, tEnd: 10 },
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 2, widths: [2], activation: 'identity', init: { weights: { kind: 'normal', std: 0 } } } },
        { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
        { id: 'e', kind: 'metric', metric: 'max-abs', prediction: 'm', target: 'd' },
        { id: 'out', kind: 'json', file: 'p.json', inputs: ['d'] },
      ],
    };
    const dir = await tmp();
    await runPipeline(spec as never, {}, { outDir: dir });
    const d = JSON.parse(await readFile(join(dir, 'p.json'), 'utf8')).results.d;
    expect(d.ts).toHaveLength(101);
    expect(d.ys[0]).toEqual([Math.PI - 0.1, 0]);
    // energy E = ½θ'² + c(1 − cos θ) decays: dE/dt = −b·θ'² ≤ 0
    const energy = (y: number[]) => 0.5 * y[1]! ** 2 + 5 * (1 - Math.cos(y[0]!));
    for (let k = 1; k < 101; k++) expect(energy(d.ys[k])).toBeLessThanOrEqual(energy(d.ys[k - 1]) + 1e-9);
  });
});

describe('output files and progress', () => {
  it('an output that cannot be written fails with IO_ERROR and leaves the previous results whole', async () => {
    const dir = await tmp();
    const spec = {
      version: 1,
      name: 'io',
      stages: [
        { id: 'd', kind: 'array', ts: [0, 1], ys: [[1], [1]] },
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 1, widths: [1], activation: 'identity' } },
        { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
        { id: 'e', kind: 'metric', metric: 'mae', prediction: 'm', target: 'd' },
        { id: 'results', kind: 'json', file: 'results.json' },
        { id: 'w', kind: 'checkpoint', file: 'taken', block: 'f' },
      ],
    };
    await writeFile(join(dir, 'results.json'), '{"previous":true}');
    await mkdir(join(dir, 'taken')); // a folder where the checkpoint file should go: its rename must fail
    await expect(runPipeline(spec as never, {}, { outDir: dir })).rejects.toThrow(/\[IO_ERROR\] Could not write .*taken/);
    // results.json was replaced whole (it parses and holds the new run), and no temporary file is left
    expect(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')).results.e).toBeTypeOf('number');
    expect((await readdir(dir)).sort()).toEqual(['results.json', 'taken']);
  });

  it('the progress bar draws on a terminal and stays quiet otherwise', () => {
    const chunks: string[] = [];
    const sink = Object.assign(new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }), { isTTY: true, columns: 100 }) as unknown as NodeJS.WriteStream;
    const on = new ProgressBarReporter({ stream: sink, enabled: true });
    on.start(10, 'fit');
    on.update(5, { loss: 0.5 });
    on.finish();
    expect(chunks.join('')).toMatch(/fit .*loss 0\.5/);
    chunks.length = 0;
    const off = new ProgressBarReporter({ stream: Object.assign(sink, { isTTY: false }) });
    expect(off.enabled).toBe(false);
    off.start(10, 'fit');
    off.update(5);
    off.finish();
    expect(chunks).toEqual([]);
  });
});
