import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentGrid, experimentToMarkdown, pipeline, runExperiment, runPipeline, type PipelineSpec } from 'odeflow/node';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'odeflow-run-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const spiral = (iterations: number) =>
  pipeline('tiny-spiral')
    .spiral('data', { points: 60, tEnd: 6 })
    .block('f', { kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh', inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.1 } } })
    .ode('model', { dynamics: 'f', data: 'data', rtol: 1e-6, atol: 1e-8 })
    .loss('loss', { prediction: 'model', target: 'data' })
    .train('fit', { loss: 'loss', iterations, learningRate: 1e-2, batchSize: 8, batchLength: 8, evalEvery: 10 })
    .metric('mae', { metric: 'mae', prediction: 'model', target: 'data' })
    .json('results', { file: 'results.json' })
    .svg('plot', { file: 'plots/spiral.svg', inputs: ['data', 'model'] })
    .checkpoint('weights', { file: 'weights.json', block: 'f' })
    .build();

// y(t) = e^{-t}·(1, 0.5): a linear block dy/dt = y·W + b can fit it exactly (W = −I, b = 0).
const decay = (optimizer: 'adam' | 'rmsprop' | 'sgd', sensitivity: string) =>
  pipeline('decay')
    .array('data', { ts: Array.from({ length: 21 }, (_, k) => k / 10), ys: Array.from({ length: 21 }, (_, k) => [Math.exp(-k / 10), 0.5 * Math.exp(-k / 10)]) })
    .block('f', { kind: 'mlp', inputSize: 2, widths: [2], activation: 'identity' })
    .ode('model', { dynamics: 'f', data: 'data', rtol: 1e-8, atol: 1e-10, sensitivity })
    .loss('loss', { loss: 'mse', prediction: 'model', target: 'data' })
    .train('fit', { loss: 'loss', optimizer, learningRate: optimizer === 'sgd' ? 0.5 : 0.02, iterations: 60, batchSize: 4, batchLength: 6, evalEvery: 20 })
    .build();

describe('running a pipeline', () => {
  for (const [optimizer, sensitivity] of [['adam', 'adjoint'], ['rmsprop', 'direct'], ['sgd', 'checkpointed']] as const) {
    it(`fits a linear system with ${optimizer} and ${sensitivity}: the loss falls tenfold`, async () => {
      const r = await runPipeline(decay(optimizer, sensitivity));
      const h = r.training.fit!.history;
      expect(h.map((e) => e.iteration)).toEqual([0, 20, 40, 60]);
      expect(h[3]!.loss).toBeLessThan(0.1 * h[0]!.loss);
      expect(r.sensitivity).toBe(sensitivity);
    });
  }

  it('trains the spiral model: the metric equals the final loss, sinks are written atomically', async () => {
    const out = await tmp();
    const r = await runPipeline(spiral(20), { sensitivity: 'direct' }, { outDir: out });
    const h = r.training.fit!.history;
    expect(h.map((e) => e.iteration)).toEqual([0, 10, 20]);
    expect(h[1]!.loss).not.toBe(h[0]!.loss);
    // metric mae and loss mae are the same quantity on the same final trajectory
    expect(r.metrics.mae).toBeCloseTo(r.training.fit!.finalLoss, 12);
    expect(r).toMatchObject({ backend: 'js', solver: 'dopri5', sensitivity: 'direct', seed: 0 });
    expect(r.odes.model!.status).toBe('success');
    const json = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(json.results.mae).toBe(r.metrics.mae);
    expect(json.results.fit.history).toHaveLength(h.length);
    const svg = await readFile(join(out, 'plots/spiral.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*phase portrait[\s\S]*<\/svg>\n$/);
    const w = JSON.parse(await readFile(join(out, 'weights.json'), 'utf8'));
    expect(w.params.map((p: { shape: number[] }) => p.shape)).toEqual([[2, 16], [16], [16, 2], [2]].map((s) => expect.arrayContaining(s)));
    // no temporary files left behind
    expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const a = await runPipeline(spiral(5), { seed: 1, sensitivity: 'direct' });
    const b = await runPipeline(spiral(5), { seed: 1, sensitivity: 'direct' });
    const c = await runPipeline(spiral(5), { seed: 2, sensitivity: 'direct' });
    expect(a.metrics.mae).toBe(b.metrics.mae);
    expect(c.metrics.mae).not.toBe(a.metrics.mae);
  });

  it('adjoint and direct gradients train to the same place (to solver tolerance)', async () => {
    const a = await runPipeline(spiral(10), { sensitivity: 'adjoint' });
    const d = await runPipeline(spiral(10), { sensitivity: 'direct' });
    expect(Math.abs(a.metrics.mae! - d.metrics.mae!)).toBeLessThan(1e-3 * d.metrics.mae!);
    expect(a.training.fit!.nfeBackward).toBeGreaterThan(0);
  });

  it('swaps solver and sensitivity by one field and gathers a sweep into one table', async () => {
    const out = await tmp();
    const res = await runExperiment({ pipeline: spiral(3), sweep: { solver: ['dopri5', 'tsit5'], sensitivity: ['adjoint', 'direct'] } }, { outDir: out });
    expect(res.runs.map((r) => `${r.solver}/${r.sensitivity}`)).toEqual(['dopri5/adjoint', 'dopri5/direct', 'tsit5/adjoint', 'tsit5/direct']);
    expect(res.table).toHaveLength(4);
    expect(res.table[0]).toMatchObject({ backend: 'js', solver: 'dopri5', sensitivity: 'adjoint', seed: 0 });
    expect(typeof res.table[0]!.mae).toBe('number');
    const md = experimentToMarkdown(res);
    expect(md.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(6);
    expect((await readdir(out)).sort()).toEqual(['js-dopri5-adjoint-seed0', 'js-dopri5-direct-seed0', 'js-tsit5-adjoint-seed0', 'js-tsit5-direct-seed0']);
    expect(res.runs.map((r) => r.odes.model!.solver)).toEqual(['dopri5', 'dopri5', 'tsit5', 'tsit5']);
  });

  it('runs an untrained ODE stage over explicit times and scores it against inline data', async () => {
    // f(y) = identity-activation linear layer with zero weights: dy/dt = 0, so y stays y0
    const spec: PipelineSpec = {
      version: 1,
      name: 'const',
      stages: [
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 1, widths: [1], activation: 'identity', init: { weights: { kind: 'normal', std: 0 } } } },
        { id: 'target', kind: 'array', ts: [0, 1, 2], ys: [[1], [2], [4]] },
        { id: 'model', kind: 'ode', dynamics: 'f', y0: [1], times: { start: 0, end: 2, points: 3 } },
        { id: 'err', kind: 'metric', metric: 'max-abs', prediction: 'model', target: 'target' },
        { id: 'rmse', kind: 'metric', metric: 'rmse', prediction: 'model', target: 'target' },
      ],
    };
    const r = await runPipeline(spec);
    expect(r.metrics.err).toBeCloseTo(3, 12);
    expect(r.metrics.rmse).toBeCloseTo(Math.sqrt((0 + 1 + 9) / 3), 12);
  });

  it('reads the sweep and seeds from the JSON spec itself', async () => {
    const spec = { ...decay('adam', 'direct').toJSON(), experiment: { seeds: [3, 4], iterations: 2, sweep: { solver: ['rk4', 'dopri5'] } } };
    const text = JSON.stringify(spec);
    const res = await runExperiment({ pipeline: JSON.parse(text) });
    expect(res.table.map((r) => `${r.solver}/${r.seed}`)).toEqual(['rk4/3', 'rk4/4', 'dopri5/3', 'dopri5/4']);
    expect(res.runs.every((r) => r.training.fit!.iterations === 2)).toBe(true);
    // a choice made in code (or on the command line) beats the spec's sweep on that axis only
    const grid = experimentGrid({ pipeline: JSON.parse(text), solver: 'tsit5', sweep: { sensitivity: ['adjoint', 'direct'] } });
    expect(grid.map((g) => `${g.solver}/${g.sensitivity}/${g.seed}`)).toEqual(['tsit5/adjoint/3', 'tsit5/adjoint/4', 'tsit5/direct/3', 'tsit5/direct/4']);
  });
});
