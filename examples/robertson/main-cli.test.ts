import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The demo script spawned with plain node as a user runs it: it writes into the folder --out names, and bad flags
// get one clear line and the usage (exit 2). It imports the BUILT facade, so build incrementally first (CI builds
// before testing; an existing build is used when the rebuild fails).
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const main = join(root, 'examples/robertson/main.mjs');

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('examples/robertson/main.mjs command line', () => {
  beforeAll(() => {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'packages/odeflow/tsconfig.json')], { cwd: root, stdio: 'pipe' });
      // tsc re-emits only changed files: rebuild the entry bundles so that none is older than its sources
      execFileSync(process.execPath, [join(root, 'scripts/bundle-entries.mjs')], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      if (!existsSync(join(root, 'packages/odeflow/dist/index.js'))) throw e;
    }
  }, 180_000);

  it('writes robertson.svg and robertson-fit.svg into the folder --out names, and prints the table', () => {
    const out = mkdtempSync(join(tmpdir(), 'robertson-cli-'));
    try {
      const r = run('--out', join(out, 'nested'), '--iterations', '20');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/IVP test set reference .*: [67]\.\d, [67]\.\d, \d+\.\d correct digits/);
      expect(r.out).toMatch(/iteration\s+loss\s+k1\s+k2\s+k3\s+err k1\s+err k2\s+err k3/);
      expect(r.out).toMatch(/\n\s+19\s+\d\.\d{3}e[-+]\d+ /);
      for (const name of ['robertson.svg', 'robertson-fit.svg']) {
        expect(readFileSync(join(out, 'nested', name), 'utf8')).toMatch(/^<svg /);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 150_000);

  it('prints its usage for --help', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: node examples\/robertson\/main\.mjs \[--out /);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--iterations', '0'], /--iterations must be a whole number ≥ 1, got '0'/],
    [['--seed', '1.5'], /--seed must be a whole number ≥ 0, got '1.5'/],
  ])('%j: one clear line and the usage, exit 2', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/\nusage: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
