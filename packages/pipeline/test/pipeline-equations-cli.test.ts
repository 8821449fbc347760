// `odeflow run` / `odeflow validate` on an equations spec, spawned with plain node from the BUILT bin.
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, useBuiltCli } from './cli-harness.js';

const specFile = join(root, 'examples/specs/pendulum-fit.json');
const { odeflow, work } = useBuiltCli('odeflow-eq-cli-');

describe('odeflow on examples/specs/pendulum-fit.json', () => {
  it('validates the example', () => {
    const r = odeflow('validate', specFile);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/valid pipeline "pendulum-fit" with 8 stages; execution order: data → pendulum → model → loss → fit → /);
  });

  it('run fits b and c from the wrong initial values (0.6, 3.5) back to 0.25 and 5', async () => {
    const out = join(work(), 'fit');
    const r = odeflow('run', specFile, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('| js | dopri5 | adjoint | 0 |');
    // Same tolerance and reasoning as pipeline-equations.test.ts: the fit lands within ~2e-7 of the truth.
    const saved = JSON.parse(await readFile(join(out, 'params.json'), 'utf8')) as { params: { name: string; data: number[] }[] };
    const value = (name: string) => saved.params.find((p) => p.name === name)!.data[0]!;
    expect(Math.abs(value('b') - 0.25)).toBeLessThan(1e-5);
    expect(Math.abs(value('c') - 5)).toBeLessThan(1e-5);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    const history = results.runs[0].training.fit.history as { loss: number }[];
    expect(history[0]!.loss).toBeGreaterThan(1);
    expect(history[history.length - 1]!.loss).toBeLessThan(1e-10);
    // the spec's own json sink (fit.json) sits beside the CLI's results.json instead of being overwritten by it
    expect((await readdir(out)).sort()).toEqual(['fit.json', 'params.json', 'results.json', 'results.md', 'trajectories.svg']);
    expect(JSON.parse(await readFile(join(out, 'fit.json'), 'utf8')).results.mae).toBe(results.runs[0].metrics.mae);
    expect(r.out).toContain('and 3 sink file(s)');
  });

  it('validate and run report an unsafe expression at its spec path, and run writes nothing', async () => {
    const spec = JSON.parse(await readFile(specFile, 'utf8'));
    spec.stages[1].block.equations.omega = '-b*omega - c*sin(theta) + import("fs", {})';
    const file = join(work(), 'unsafe.json');
    await writeFile(file, JSON.stringify(spec));
    const out = join(work(), 'unsafe-out');
    for (const r of [odeflow('validate', file), odeflow('run', file, '--out', out)]) {
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toContain('INVALID_SPEC');
      expect(r.err).toContain('nothing was run');
      expect(r.err).toMatch(/stages\[1\]\.block\.equations\.omega: a safe expression \(UNSAFE_EXPRESSION\): the call import\(\.\.\.\) is not an allowed function/);
    }
    expect(existsSync(out)).toBe(false);
  });
});
