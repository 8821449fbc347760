// Shared by the CLI tests: build the facade (incremental), make a scratch folder, and run the BUILT bin with plain
// node there, as a user runs it. stdout is a pipe, so the progress bar must stay quiet.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** The repository root. */
export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const bin = join(root, 'packages/odeflow/bin/odeflow.js');

/** What one run of the bin printed and how it exited. */
export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Register the build and scratch-folder hooks for this test file; returns `odeflow(...args)` (runs the bin in the
 * scratch folder) and `work()` (the folder's path, once the hooks ran).
 */
export function useBuiltCli(prefix: string): { odeflow: (...args: string[]) => CliResult; work: () => string } {
  let dir = '';
  beforeAll(async () => {
    // Incremental build (a no-op when dist is current). A failing build elsewhere in the tree must not hide the
    // CLI's own results, so an existing build is used when the rebuild fails (CI builds before testing).
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'packages/odeflow/tsconfig.json')], { cwd: root, stdio: 'pipe' });
      // tsc re-emits only changed files: rebuild the entry bundles so that none is older than its sources
      execFileSync(process.execPath, [join(root, 'scripts/bundle-entries.mjs')], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      if (!existsSync(join(root, 'packages/pipeline/dist/cli/index.js'))) throw e;
    }
    dir = await mkdtemp(join(tmpdir(), prefix));
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    odeflow: (...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
    work: () => dir,
  };
}
