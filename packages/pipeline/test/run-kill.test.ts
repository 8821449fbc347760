// SIGKILL during `odeflow run` output writes (the BUILT bin, spawned in parallel lanes): the output folder is
// always one run's complete output — the previous run's or the killed one's — never a mix or a part, and the
// next run removes what the killed ones left beside it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, useBuiltCli } from './cli-harness.js';

const { odeflow, work } = useBuiltCli('odeflow-run-kill-');
const bin = join(root, 'packages/odeflow/bin/odeflow.js');
const KILLS = 100;
const LANES = 4;
const FILES = ['out.json', 'results.json', 'results.md', 'trajectories.svg', 'w.json'];

const spec = {
  version: 1,
  name: 'killed',
  stages: [
    { id: 'd', kind: 'array', ts: [0, 0.5, 1], ys: [[1], [0.6], [0.37]] },
    { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 1, widths: [4, 1], activation: 'tanh' } },
    { id: 'm', kind: 'ode', dynamics: 'f', data: 'd' },
    { id: 'mae', kind: 'metric', metric: 'mae', prediction: 'm', target: 'd' },
    { id: 'out', kind: 'json', file: 'out.json' },
    { id: 'w', kind: 'checkpoint', file: 'w.json', block: 'f' },
  ],
};

/** The seed of the run whose complete output `out` holds (every file present, parsing, and of that one run). */
function completeSeed(out: string): number {
  expect(readdirSync(out).sort()).toEqual(FILES);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const seed = results.runs[0].seed as number;
  expect(JSON.parse(readFileSync(join(out, 'out.json'), 'utf8')).seed).toBe(seed);
  expect(JSON.parse(readFileSync(join(out, 'w.json'), 'utf8')).meta.seed).toBe(seed);
  expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(`| js | dopri5 | adjoint | ${seed} |`);
  expect(readFileSync(join(out, 'trajectories.svg'), 'utf8')).toMatch(/<\/svg>\n$/);
  return seed;
}

/**
 * Run `odeflow run` with `seed` into `out`, and SIGKILL it a random 0–60 ms after its temporary output folder
 * appears (while the sinks and results are written), or, for one run in four, at a random moment of its run.
 */
function killedRun(specFile: string, out: string, seed: number, rand: () => number): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'run', specFile, '-q', '--seed', String(seed), '--out', out], { stdio: 'ignore' });
    const parent = join(out, '..');
    const prefix = `.${out.slice(parent.length + 1)}.${child.pid}-`;
    const kill = () => child.kill('SIGKILL');
    const watcher = watch(parent, (_e, name) => {
      if (name?.startsWith(prefix)) {
        watcher.close();
        setTimeout(kill, rand() * 60);
      }
    });
    if (rand() < 0.25) setTimeout(kill, 200 + rand() * 1500);
    child.on('exit', (_code, signal) => {
      watcher.close();
      done(signal === 'SIGKILL');
    });
  });
}

describe('odeflow run under SIGKILL', () => {
  it(`${KILLS} kills during output writes: the folder is always one complete run; the next run cleans up`, async () => {
    let state = Number(process.env.ODEFLOW_KILL_SEED ?? 11);
    const rand = () => ((state = (state * 16807) % 2147483647) / 2147483647);
    const specFile = join(work(), 'killed.json');
    writeFileSync(specFile, JSON.stringify(spec));
    let kills = 0;
    let midSwap = 0;
    let seedCounter = 1000;
    const lane = async (k: number) => {
      const out = join(work(), `lane${k}`, 'out');
      expect(odeflow('run', specFile, '-q', '--seed', '0', '--out', out).code).toBe(0);
      let seed = completeSeed(out);
      while (kills < KILLS) {
        const next = seedCounter++;
        if (await killedRun(specFile, out, next, rand)) kills++;
        if (!existsSync(out)) {
          // killed between the two renames of the swap: the previous output is set aside whole, and put back below
          midSwap++;
          expect(readdirSync(join(out, '..')).some((n) => n.endsWith('.old'))).toBe(true);
          continue;
        }
        const now = completeSeed(out);
        expect([seed, next]).toContain(now);
        seed = now;
      }
      expect(odeflow('run', specFile, '-q', '--seed', '1', '--out', out).code).toBe(0);
      expect(completeSeed(out)).toBe(1);
      expect(readdirSync(join(out, '..'))).toEqual(['out']);
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: LANES }, (_, k) => lane(k)));
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    console.log(`odeflow run: ${kills} SIGKILLs (${midSwap} between the swap's renames), ${Math.round(performance.now() - t0)} ms`);
  }, 600_000);
});
