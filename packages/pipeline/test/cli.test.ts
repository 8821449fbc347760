// The `odeflow` bin, spawned with plain node from its BUILT output (packages/odeflow/dist), as a user runs it.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, useBuiltCli } from './cli-harness.js';

const fixtures = join(root, 'packages/pipeline/test/cli-fixtures');
const specs = join(root, 'examples/specs');
const { odeflow, work } = useBuiltCli('odeflow-cli-');

describe('odeflow --help', () => {
  it('lists the commands', () => {
    const r = odeflow('--help');
    expect(r.code).toBe(0);
    for (const c of ['run [options] <spec>', 'compare-memory [options] <spec>', 'solvers [options]', 'validate [options] <spec>']) expect(r.out).toContain(c);
  });

  it.each([
    ['run', ['--backend <names>', '--solver <names>', '--sensitivity <names>', '--out <dir>', '--seed <n>', '--plugin <file...>']],
    ['compare-memory', ['--methods <names>', '--horizons <list>', '--out <dir>']],
    ['solvers', ['--json']],
    ['validate', ['<spec>', '--plugin <file...>']],
  ])('%s --help shows its options', (cmd, options) => {
    const r = odeflow(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: odeflow ${cmd}`);
    for (const o of options) expect(r.out).toContain(o);
  });

  it('refuses an unknown command or option with exit code 2', () => {
    expect(odeflow('bogus').code).toBe(2);
    const r = odeflow('run', 'x.json', '--solverr', 'tsit5');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--solverr'/);
  });
});

describe('odeflow solvers', () => {
  it('prints every registered method with order and properties', () => {
    const r = odeflow('solvers');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^name +order +error order +adaptive +implicit +fsal +multistep +stages +interpolant +description/);
    expect(r.out).toMatch(/\ndopri5 +5 +4 +yes +no +yes +no +6 /);
    expect(r.out).toMatch(/\nrk4 +4 +- +no +no +no +no +4 /);
    expect(r.out).toMatch(/\nrodas5p +5 +4 +yes +yes +no +no +8 +4 /);
  });

  it('--json gives the same data as JSON, including plugin solvers', () => {
    const r = odeflow('solvers', '--json', '--plugin', join(fixtures, 'plugin.mjs'));
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { name: string; order: number; adaptive: boolean; fsal: boolean }[];
    expect(list.find((s) => s.name === 'tsit5')).toMatchObject({ order: 5, adaptive: true, fsal: true });
    expect(list.find((s) => s.name === 'kutta3')).toMatchObject({ order: 3, adaptive: false });
    expect(list.find((s) => s.name === 'rosenbrock23')).toMatchObject({ order: 2, errorOrder: 2, adaptive: true, implicit: true });
    expect(list.find((s) => s.name === 'rodas5p')).toMatchObject({ order: 5, errorOrder: 4, adaptive: true, implicit: true, interpolantOrder: 4 });
  });
});

describe('odeflow validate', () => {
  it('accepts the example specs', () => {
    for (const f of ['spiral.json', 'memory-comparison.json']) {
      const r = odeflow('validate', join(specs, f));
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/: valid pipeline ".+" with \d+ stages; execution order: /);
    }
  });

  const bad = async (name: string, text: string) => {
    const f = join(work(), name);
    await writeFile(f, text);
    return odeflow('validate', f);
  };

  it('reports malformed JSON with its line', async () => {
    const r = await bad('broken.json', '{\n "version": 1,\n "stages": [\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[INVALID_SPEC\] .*malformed JSON/);
  });

  it('reports unknown names, cycles and dangling references with their paths', async () => {
    const spec = JSON.parse(await readFile(join(specs, 'spiral.json'), 'utf8'));
    spec.stages[2].solver = 'dopri55';
    spec.stages[3].target = 'nowhere';
    const r = await bad('names.json', JSON.stringify(spec));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/stages\[3\]\.target: the id of a data stage .*no stage has id "nowhere"/);
    // names are checked once the graph is sound
    spec.stages[3].target = 'data';
    const r2 = await bad('names.json', JSON.stringify(spec));
    expect(r2.err).toMatch(/stages\[2\]\.solver: a registered solver name: one of .*dopri5.*, got "dopri55"/);
  });

  it('accepts plugin names only with the plugin loaded', async () => {
    const decay = join(fixtures, 'decay.json');
    const without = odeflow('validate', decay);
    expect(without.code).toBe(1);
    expect(without.err).toMatch(/stages\[1\]\.block\.kind: a registered block kind name: one of equations, mlp, got "linear"/);
    expect(without.err).toMatch(/stages\[2\]\.solver: .*got "kutta3"/);
    expect(odeflow('validate', decay, '--plugin', join(fixtures, 'plugin.mjs')).code).toBe(0);
  });

  it('reports a missing file', () => {
    const r = odeflow('validate', 'no-such.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Could not read the spec file/);
  });
});

describe('odeflow run and compare-memory', () => {
  it('runs a spec end to end with a plugin solver and block kind: JSON, Markdown, SVG, checkpoint', async () => {
    const out = join(work(), 'run');
    const r = odeflow('run', join(fixtures, 'decay.json'), '--plugin', join(fixtures, 'plugin.mjs'), '--out', out, '--seed', '0,1');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/[\r\x1b]/); // no progress bar when output is not a terminal
    expect(r.out).toMatch(/\| backend \| solver \| sensitivity \| seed \| error \|/);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.table).toHaveLength(2);
    expect(results.runs.map((x: { seed: number; solver: string }) => [x.seed, x.solver])).toEqual([[0, 'kutta3'], [1, 'kutta3']]);
    for (const run of results.runs) expect(run.metrics.error).toBeLessThan(0.05);
    expect(await readFile(join(out, 'results.md'), 'utf8')).toContain('| js | kutta3 | direct | 1 |');
    const runDir = join(out, 'js-stage-stage-seed0');
    expect((await readdir(runDir)).sort()).toEqual(['trajectories.svg', 'weights.json']);
    const w = JSON.parse(await readFile(join(runDir, 'weights.json'), 'utf8'));
    expect(w.params[0].data[0]).toBeCloseTo(-1, 1); // y' = −y learned: W ≈ −1
    expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('swaps the solver by flag', async () => {
    const out = join(work(), 'run-tsit5');
    const r = odeflow('run', join(fixtures, 'decay.json'), '--plugin', join(fixtures, 'plugin.mjs'), '--out', out, '--solver', 'rk4', '--sensitivity', 'adjoint', '-i', '5');
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.runs[0]).toMatchObject({ solver: 'rk4', sensitivity: 'adjoint' });
    expect(results.runs[0].training.fit.iterations).toBe(5);
  });

  it("'js' → 'tfjs' is one flag: the same spec trains on tfjs (float32), close to the float64 run", async () => {
    const spec = {
      version: 1,
      name: 'tiny',
      stages: [
        { id: 'data', kind: 'spiral', points: 30, tEnd: 3 },
        { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 2, widths: [8, 2], activation: 'tanh', inputTransform: 'cube' } },
        { id: 'model', kind: 'ode', dynamics: 'f', data: 'data', rtol: 1e-5, atol: 1e-6 },
        { id: 'loss', kind: 'loss', prediction: 'model', target: 'data' },
        { id: 'fit', kind: 'train', loss: 'loss', iterations: 3, batchSize: 4, batchLength: 5, evalEvery: 3 },
      ],
    };
    await writeFile(join(work(), 'tiny.json'), JSON.stringify(spec));
    const loss: Record<string, number> = {};
    for (const backend of ['js', 'tfjs']) {
      const r = odeflow('run', 'tiny.json', '--backend', backend, '--out', join(work(), `tiny-${backend}`));
      expect(r.code, r.err).toBe(0);
      const run = JSON.parse(await readFile(join(work(), `tiny-${backend}`, 'results.json'), 'utf8')).runs[0];
      expect(run.backend).toBe(backend);
      loss[backend] = run.training.fit.finalLoss;
    }
    expect(Math.abs(loss.tfjs! - loss.js!)).toBeLessThan(1e-3 * loss.js!);
  });

  it('sweeps solvers given as a list and gathers one table', async () => {
    const out = join(work(), 'sweep');
    const r = odeflow('run', join(fixtures, 'decay.json'), '--plugin', join(fixtures, 'plugin.mjs'), '--out', out, '--solver', 'rk4,kutta3', '-i', '3');
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.table.map((row: { solver: string }) => row.solver)).toEqual(['rk4', 'kutta3']);
    expect((await readdir(out)).sort()).toEqual(['js-kutta3-stage-seed0', 'js-rk4-stage-seed0', 'results.json', 'results.md']);
  });

  it('runs the spiral example spec (4 iterations): its JSON results, plot and checkpoint', async () => {
    const out = join(work(), 'spiral');
    const r = odeflow('run', join(specs, 'spiral.json'), '--out', out, '-i', '4');
    expect(r.code, r.err).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['results.json', 'results.md', 'spiral-results.json', 'spiral-weights.json', 'spiral.svg']);
    const res = JSON.parse(await readFile(join(out, 'spiral-results.json'), 'utf8'));
    expect(res.results.fit.history.map((h: { iteration: number }) => h.iteration)).toEqual([0, 4]);
    const w = JSON.parse(await readFile(join(out, 'spiral-weights.json'), 'utf8'));
    expect(w.params.map((p: { shape: number[] }) => p.shape.reduce((a, b) => a * b, 1)).reduce((a: number, b: number) => a + b, 0)).toBe(2 * 50 + 50 + 50 * 2 + 2);
  });

  it('fails with the known names on an unknown backend', () => {
    const r = odeflow('run', join(specs, 'spiral.json'), '--backend', 'cuda', '--out', join(work(), 'x'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unknown backend "cuda"\. Known backends: .*js/);
  });

  it('compare-memory writes the table and chart', async () => {
    const out = join(work(), 'mem');
    const r = odeflow('compare-memory', join(specs, 'memory-comparison.json'), '--horizons', '5,20', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\| direct \| 20 \|/);
    expect((await readdir(out)).sort()).toEqual(['memory.json', 'memory.md', 'memory.svg']);
    const table = JSON.parse(await readFile(join(out, 'memory.json'), 'utf8'));
    expect(table.rows).toHaveLength(6);
    const peak = (m: string, h: number) => table.rows.find((x: { method: string; horizon: number }) => x.method === m && x.horizon === h).peakBytes;
    expect(peak('direct', 20)).toBeGreaterThan(peak('direct', 5)); // direct stores every step
    // the whole count: every row's peak is broken down by label, the parts adding up to it; the spec's block runs
    // on the WebAssembly kernels (js's default), whose memory every sensitivity is charged
    for (const row of table.rows) {
      const parts = row.heldAtPeak as Record<string, number>;
      expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBe(row.peakBytes);
      expect(parts['wasm memory']).toBeGreaterThan(0);
    }
    const tape = (h: number) => table.rows.find((x: { method: string; horizon: number }) => x.method === 'direct' && x.horizon === h).heldAtPeak['direct tape'];
    expect(tape(20)).toBeGreaterThan(tape(5));
    expect(await readFile(join(out, 'memory.md'), 'utf8')).toMatch(/\| held at peak \(KiB\) \|[\s\S]*\| direct \| 20 \|.*direct tape/);
    expect(await readFile(join(out, 'memory.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('compare-memory runs the example spec past t = 23, where dopri5 turns stability-bound (the spec turns the stiffness check off)', () => {
    const r = odeflow('compare-memory', join(specs, 'memory-comparison.json'), '--horizons', '40', '--methods', 'adjoint', '--out', join(work(), 'mem40'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\| adjoint \| 40 \|/);
  });
});
