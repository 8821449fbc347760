// SIGKILL during parameter saves: the file always holds one complete version, and the next save removes the
// temporary files the killed writers left. The writers run the BUILT package with plain node, in parallel.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsBackend } from 'odeflow';
import { saveParams } from 'odeflow/node';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'odeflow-params-kill-'));
const KILLS = 104;
const LANES = 4;
const SIZE = 20000;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'packages/train/tsconfig.json')], { cwd: root, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Start a saver on `file`, kill it a random 0–40 ms after its first save, resolve once it is gone. */
function killedSaver(file: string, rand: () => number): Promise<{ killed: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(here, 'fixtures/save-loop.mjs'), file, String(SIZE)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), rand() * 40));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done({ killed: true }) : fail(new Error(`saver exited with ${code}: ${err}`))));
  });
}

/** The version a parameters file holds, after checking it is complete: parses, right size, every number equal. */
function completeVersion(file: string): number {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { meta: { version: number }; params: { data: number[] }[] };
  const v = doc.meta.version;
  expect(doc.params[0]!.data).toHaveLength(SIZE);
  expect(doc.params[0]!.data.every((x) => x === v)).toBe(true);
  return v;
}

describe('saveParams under SIGKILL', () => {
  it(`${KILLS} kills at random moments: always a complete version; the next save leaves no .tmp`, async () => {
    let seed = Number(process.env.ODEFLOW_KILL_SEED ?? 7);
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const backend = new JsBackend();
    let kills = 0;
    let orphansSeen = 0;
    const lane = async (k: number) => {
      const file = join(dir, `lane${k}`, 'params.json');
      execFileSync('mkdir', ['-p', join(dir, `lane${k}`)]);
      for (let i = 0; i < KILLS / LANES; i++) {
        const { killed } = await killedSaver(file, rand);
        if (killed) kills++;
        completeVersion(file);
        orphansSeen += readdirSync(join(dir, `lane${k}`)).filter((n) => n.endsWith('.tmp')).length;
      }
      // the next save (here, in this process) removes what the killed savers left
      const p = backend.fromArray(new Float64Array(SIZE).fill(0.5), [SIZE]);
      await saveParams(file, [p], backend, { meta: { version: 0.5 } });
      backend.dispose([p]);
      expect(readdirSync(join(dir, `lane${k}`))).toEqual(['params.json']);
      expect(completeVersion(file)).toBe(0.5);
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: LANES }, (_, k) => lane(k)));
    expect(kills).toBe(KILLS);
    // some kills landed mid-write (the orphans prove it) and were cleaned by the next saver or save
    console.log(`saveParams: ${kills} SIGKILLs, ${orphansSeen} orphaned .tmp seen between kills, ${Math.round(performance.now() - t0)} ms`);
  }, 300_000);
});
