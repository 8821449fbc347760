import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The README's demo script, spawned with plain node as a user runs it: bad flags get one clear line and the
// usage (exit 2), never a stack trace. It imports the BUILT facade, so build incrementally first (CI builds
// before testing; an existing build is used when the rebuild fails).
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const main = join(root, 'examples/spiral/main.mjs');

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('examples/spiral/main.mjs command line', () => {
  beforeAll(() => {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'packages/odeflow/tsconfig.json')], { cwd: root, stdio: 'pipe' });
      // tsc re-emits only changed files: rebuild the entry bundles so that none is older than its sources
      execFileSync(process.execPath, [join(root, 'scripts/bundle-entries.mjs')], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      if (!existsSync(join(root, 'packages/odeflow/dist/index.js'))) throw e;
    }
  }, 120_000);

  it('prints its usage for --help', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: node examples\/spiral\/main\.mjs .*--backend js\|tfjs\|wasm/);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--iterations', '0'], /--iterations must be a whole number ≥ 1, got '0'/],
    [['--seed', '1.5'], /--seed must be a whole number ≥ 0, got '1.5'/],
    [['--backend', 'nope', '--iterations', '1'], /\[UNKNOWN_NAME\] Unknown backend "nope"\. Known backends: js, tfjs, wasm/],
    [['--sensitivity', 'magic', '--iterations', '1'], /\[UNKNOWN_NAME\] Unknown sensitivity "magic"/],
    [['--realisation', 'typed-array', '--backend', 'tfjs', '--iterations', '1'], /\[UNSUPPORTED\] realiseBlock: the typed-array realisation runs on the js backend only/],
  ])('%j: one clear line and the usage, exit 2', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/\nusage: /);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});
