// Adversarial input through the BUILT `odeflow` bin: no escapes from the spec's and the output's folders, coded
// errors instead of crashes for every size, no stack trace for any user input, and no output lost.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBuiltCli } from './cli-harness.js';

const { odeflow, work } = useBuiltCli('odeflow-hardening-');

/** A small valid spec: inline data, a 1→4→1 MLP, one metric and two sinks. */
const small = (): Record<string, any> => ({
  version: 1,
  name: 'small',
  stages: [
    { id: 'd', kind: 'array', ts: [0, 0.5, 1], ys: [[1], [0.6], [0.37]] },
    { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 1, widths: [4, 1], activation: 'tanh' } },
    { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
    { id: 'mae', kind: 'metric', metric: 'mae', prediction: 'm', target: 'd' },
    { id: 'out', kind: 'json', file: 'out.json' },
    { id: 'w', kind: 'checkpoint', file: 'w.json', block: 'f' },
  ],
});

async function specFile(name: string, spec: unknown, dir = work()): Promise<string> {
  const f = join(dir, name);
  await writeFile(f, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return f;
}

/** A failed command: exit code 1, a coded odeflow message on stderr, no stack trace, nothing on stdout. */
function expectCleanFailure(r: { code: number | null; out: string; err: string }, pattern: RegExp): void {
  expect(r.code, r.err).toBe(1);
  expect(r.err).toMatch(/^odeflow: \[[A-Z_]+\] /);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out).toBe('');
}

describe('no escapes', () => {
  it('refuses a pipeline name that is a path: nothing is written outside odeflow-out', async () => {
    const dir = join(work(), 'escape');
    await mkdir(dir, { recursive: true });
    const f = await specFile('escape.json', { ...small(), name: '../../x' }, dir);
    expectCleanFailure(odeflow('run', f), /INVALID_SPEC[\s\S]*name: expected a plain name/);
    expect(existsSync(join(work(), 'x'))).toBe(false);
    expect(existsSync(join(work(), '..', 'x'))).toBe(false);
  });

  it('refuses sink files that are not plain names inside the output folder', async () => {
    const files = ['.', '..', '../out.json', '/tmp/out.json', 'a//b.json', '.hidden', 'plots/../../x.json'];
    const spec = small();
    spec.stages.push(...files.map((file, k) => ({ id: `j${k}`, kind: 'json', file })));
    const out = join(work(), 'dot-out');
    const r = odeflow('run', await specFile('dot.json', spec), '--out', out);
    expectCleanFailure(r, /INVALID_SPEC/);
    for (let k = 0; k < files.length; k++) expect(r.err).toContain(`stages[${6 + k}].file: expected a plain file name inside the output folder`);
    expect(existsSync(out)).toBe(false);
  });

  it('reads CSV files only below the spec folder, never echoes their contents, and refuses devices', async () => {
    const spec = small();
    spec.stages[0] = { id: 'd', kind: 'csv', path: '/etc/passwd' };
    const r = odeflow('run', await specFile('passwd.json', spec), '--out', join(work(), 'passwd-out'));
    expectCleanFailure(r, /stages\[0\]\.path: expected a CSV file below the spec's folder .*--allow-read/);
    expect(r.err).not.toContain('root:');
    spec.stages[0].path = '/dev/zero';
    expectCleanFailure(odeflow('run', await specFile('zero.json', spec), '-q', '--out', join(work(), 'zero-out')), /outside it/);
    // even when its folder is allowed, a device is refused unread (fstat), not read until memory runs out
    const allowed = odeflow('run', await specFile('zero.json', spec), '--allow-read', '/dev', '--out', join(work(), 'zero-out'));
    expectCleanFailure(allowed, /stages\[0\]\.path: expected a regular CSV file; \/dev\/zero is a device/);
  });

  it('--allow-read DIR lets a CSV source read below DIR, and only there', async () => {
    const data = join(work(), 'shared-data');
    const specs = join(work(), 'specs');
    await mkdir(data, { recursive: true });
    await mkdir(specs, { recursive: true });
    await writeFile(join(data, 'd.csv'), 't,y\n0,1\n0.5,0.6\n1,0.37\n');
    const spec = small();
    spec.stages[0] = { id: 'd', kind: 'csv', path: '../shared-data/d.csv' };
    const f = await specFile('csv.json', spec, specs);
    expectCleanFailure(odeflow('run', f, '-q', '--out', join(work(), 'csv-out')), /outside it/);
    const r = odeflow('run', f, '-q', '--allow-read', data, '--out', join(work(), 'csv-out'));
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(await readFile(join(work(), 'csv-out', 'out.json'), 'utf8')).results.mae).toBeTypeOf('number');
  });

  it('a CSV file that is not a CSV is reported without its contents', async () => {
    const dir = join(work(), 'secret');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'secret.csv'), 'password=hunter2,token=abc\n1,2\n3,oops-secret\n');
    const spec = small();
    spec.stages[0] = { id: 'd', kind: 'csv', path: 'secret.csv' };
    const r = odeflow('run', await specFile('s.json', spec, dir), '-q', '--out', join(work(), 'secret-out'));
    expectCleanFailure(r, /stages\[0\]\.timeColumn: expected a column of secret\.csv \(its header has 2\); "t" is not one/);
    expect(r.err).not.toMatch(/hunter2|token|oops/);
  });
});

describe('coded errors instead of crashes', () => {
  it('JSON nested 5,000 deep is INVALID_SPEC, for validate and run', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const f = await specFile('deep.json', JSON.stringify({ ...small(), description: 'x' }).replace('"x"', deep));
    for (const cmd of ['validate', 'run']) expectCleanFailure(odeflow(cmd, f), /INVALID_SPEC[\s\S]*at most 64 levels of nesting \(the limit\)/);
  });

  it.each([
    ['points: 1e8', (s: any) => (s.stages[0] = { id: 'd', kind: 'pendulum', points: 1e8, tEnd: 1 }), /stages\[0\]\.points: expected at most 100000 \(the limit\)/],
    ['batchSize: 1e8', (s: any) => s.stages.push({ id: 'l', kind: 'loss', prediction: 'm', target: 'd' }, { id: 't', kind: 'train', loss: 'l', iterations: 1, batchSize: 1e8 }), /stages\[7\]\.batchSize: expected at most 10000 \(the limit\)/],
    ['widths [1e5, 1e5, 2]', (s: any) => (s.stages[1].block = { kind: 'mlp', inputSize: 2, widths: [1e5, 1e5, 2], activation: 'tanh' }), /stages\[1\]\.block\.widths\[0\]: a width of at most 10000 \(the limit\)/],
    ['an 1e8-step fixed grid', (s: any) => (s.stages[2].options = { stepSize: 1e-8 }), /stages\[2\]\.options\.stepSize: a stepSize needing at most 10000000 steps/],
    ['iterations: 1e12', (s: any) => s.stages.push({ id: 'l', kind: 'loss', prediction: 'm', target: 'd' }, { id: 't', kind: 'train', loss: 'l', iterations: 1e12 }), /stages\[7\]\.iterations: expected at most 1000000 \(the limit\)/],
  ])('%s is refused with the field and its limit before anything is allocated', async (_name, mutate, pattern) => {
    const spec = small();
    mutate(spec);
    const f = await specFile('big.json', spec);
    expectCleanFailure(odeflow('run', f, '--out', join(work(), 'big-out')), pattern);
    expect(existsSync(join(work(), 'big-out'))).toBe(false);
  });

  it('never prints a stack trace: bad flags, missing, unreadable and non-regular files, bad --out', async () => {
    const f = await specFile('ok.json', small());
    expect(odeflow('run', f, '-i', '1e12').code).toBe(2);
    expect(odeflow('run', f, '--seed', '-1').code).toBe(2);
    for (const args of [['run', f, '--nope'], ['validate'], ['bogus']]) {
      const r = odeflow(...args);
      expect(r.code).toBe(2);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expectCleanFailure(odeflow('validate', join(work(), 'missing.json')), /Could not read the spec file .*ENOENT/);
    expectCleanFailure(odeflow('validate', work()), /Could not read the spec file .*a folder, not a file/);
    expectCleanFailure(odeflow('validate', '/dev/zero'), /Could not read the spec file .*a device, FIFO or socket, not a file/);
    expectCleanFailure(odeflow('validate', await specFile('text.json', 'not json at all')), /INVALID_SPEC[\s\S]*malformed JSON/);
    expectCleanFailure(odeflow('run', f, '--out', f), /The output folder .* is a file/);
    const mine = join(work(), 'mine');
    await mkdir(mine, { recursive: true });
    await writeFile(join(mine, 'thesis.tex'), 'precious');
    expectCleanFailure(odeflow('run', f, '--out', mine), /holds files odeflow did not write/);
    expect(await readFile(join(mine, 'thesis.tex'), 'utf8')).toBe('precious');
  });
});

describe('no lost output', () => {
  it('refuses sinks named like the CLI files, and __proto__/constructor/prototype keys and ids', async () => {
    const spec = small();
    spec.stages[4].file = 'results.json';
    spec.stages[5].file = 'RESULTS.md';
    const r = odeflow('validate', await specFile('own.json', spec));
    expectCleanFailure(r, /stages\[4\]\.file: a file name other than results\.json, results\.md[\s\S]*stages\[5\]\.file: a file name other than/);
    const proto = small();
    proto.stages[3].id = '__proto__';
    proto.stages[4].inputs = ['__proto__'];
    expectCleanFailure(odeflow('validate', await specFile('proto-id.json', proto)), /stages\[3\]\.id: expected a stage id other than __proto__, constructor, prototype/);
    const text = JSON.stringify(small()).replace('"kind":"ode"', '"kind":"ode","options":{"__proto__":{"rtol":1}}').replace('"version":1', '"version":1,"constructor":{}');
    expectCleanFailure(odeflow('validate', await specFile('proto-key.json', text)), /constructor: no "constructor" key[\s\S]*stages\[2\]\.options\.__proto__: no "__proto__" key/);
  });

  it('run replaces the output folder whole; a failing run leaves the previous one untouched', async () => {
    const out = join(work(), 'whole');
    const f = await specFile('whole.json', small());
    expect(odeflow('run', f, '--seed', '1', '--out', out).code).toBe(0);
    const before = await readFile(join(out, 'results.json'), 'utf8');
    expect(JSON.parse(before).runs[0].files).toEqual(['out.json', 'w.json', 'trajectories.svg'].map((x) => join(out, x)));
    const failing = small();
    failing.stages[2].options = { maxSteps: 1 };
    const r = odeflow('run', await specFile('failing.json', failing), '--out', out);
    expect(r.code).toBe(1);
    expect(await readFile(join(out, 'results.json'), 'utf8')).toBe(before);
    expect((await readdir(out)).sort()).toEqual(['out.json', 'results.json', 'results.md', 'trajectories.svg', 'w.json']);
    expect((await readdir(work())).filter((n) => n.startsWith('.whole.'))).toEqual([]);
  });
});
