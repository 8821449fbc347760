import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The architecture check (.dependency-cruiser.cjs, `pnpm run check:arch`) run as CI runs it: first on a small
// workspace written here with one deliberate violation of each rule beside the patterns the rules must allow,
// then on this repository, which must have none.

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const depcruise = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(repo, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: unknown[];
}

/** Runs dependency-cruiser over packages/<each>/src of the workspace at `cwd`; returns its violations. */
function cruise(cwd: string): Violation[] {
  const srcs = readdirSync(join(cwd, 'packages'))
    .map((d) => `packages/${d}/src`)
    .filter((d) => existsSync(join(cwd, d)));
  const r = spawnSync(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...srcs], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!r.stdout) throw new Error(`dependency-cruiser printed nothing (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).summary.violations as Violation[];
}

/** Rule name -> sorted files that break it. */
function byRule(violations: Violation[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of violations) (out[v.rule.name] ??= []).includes(v.from) || out[v.rule.name].push(v.from);
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

const manifest = (name: string, subpaths: string[] = []) =>
  JSON.stringify({
    name,
    type: 'module',
    exports: Object.fromEntries(
      ['.', ...subpaths].map((k) => [k, { types: `./dist/${k === '.' ? 'index' : `${k.slice(2)}/index`}.d.ts`, import: `./dist/${k === '.' ? 'index' : `${k.slice(2)}/index`}.js` }]),
    ),
  });

// A target-shaped workspace. Files named bad-* each break exactly one rule; the others show what stays allowed.
const fixture: Record<string, string> = {
  'node_modules/@tensorflow/tfjs-core/package.json': JSON.stringify({ name: '@tensorflow/tfjs-core', main: 'index.js' }),
  'node_modules/@tensorflow/tfjs-core/index.js': 'export const version = 1;\n',
  'packages/core/package.json': manifest('@odeflow/core'),
  'packages/core/src/index.ts': "export * from './cycle-a.js';\n",
  'packages/core/src/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
  'packages/core/src/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  'packages/core/src/bad-graph.ts': "export { s } from '@odeflow/solvers';\n",
  'packages/core/src/bad-missing.ts': "export { x } from './nowhere.js';\n",
  'packages/solvers/package.json': manifest('@odeflow/solvers'),
  'packages/solvers/src/index.ts': "import { a } from '@odeflow/core';\nexport const s = a;\n",
  'packages/solvers/src/bad-relative.ts': "export { a } from '../../core/src/cycle-a.js';\n",
  'packages/solvers/src/bad-node.ts': "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nexport const r = [readFileSync, join];\n",
  'packages/solvers/src/bad-tfjs.ts': "export { version } from '@tensorflow/tfjs-core';\n",
  'packages/equations/package.json': manifest('@odeflow/equations'),
  'packages/equations/dist/index.js': 'export const e = 1;\n',
  'packages/equations/src/index.ts': "export * from '@odeflow/core';\n",
  'packages/equations/src/bad-dist.ts': "export { e } from '../dist/index.js';\n",
  // a package missing from the graph table, whose bundled entry names its source through a `source` condition
  'packages/extra/package.json': JSON.stringify({ name: '@odeflow/extra', exports: { '.': { source: './src/main.ts', import: './dist/bundle.js' } } }),
  'packages/extra/src/main.ts': "export * from '@odeflow/core';\n",
  'packages/train/package.json': manifest('@odeflow/train', ['./node']),
  'packages/train/src/index.ts': "export * from '@odeflow/core';\n",
  'packages/train/src/node/index.ts': "export { writeFile } from 'node:fs/promises';\n",
  'packages/backend-tfjs/package.json': manifest('@odeflow/backend-tfjs'),
  'packages/backend-tfjs/src/index.ts': "export { version } from '@tensorflow/tfjs-core';\nexport * from '@odeflow/core';\n",
  'packages/pipeline/package.json': manifest('@odeflow/pipeline'),
  'packages/pipeline/src/index.ts':
    "export { readFile } from 'node:fs/promises';\nexport * from '@odeflow/backend-tfjs';\nexport * from '@odeflow/train/node';\n",
  'packages/odeflow/package.json': manifest('odeflow', ['./tfjs', './node']),
  'packages/odeflow/src/index.ts': [
    "import type { version } from '@tensorflow/tfjs-core';",
    "export * from '@odeflow/core';",
    "export * from '@odeflow/train';",
    "export * from '@odeflow/extra';",
    'export type V = typeof version;',
    "export const loadTfjs = () => import('@odeflow/backend-tfjs');",
    "export const loadTfjsSubpath = () => import('./tfjs/index.js');",
    '',
  ].join('\n'),
  'packages/odeflow/src/bad-static-tfjs.ts': "export * from '@odeflow/backend-tfjs';\n",
  'packages/odeflow/src/bad-subpath.ts': "export * from './tfjs/index.js';\n",
  'packages/odeflow/src/bad-node-only.ts': "export * from '@odeflow/train/node';\n",
  'packages/odeflow/src/tfjs/index.ts': "export * from '@odeflow/backend-tfjs';\nexport { version } from '@tensorflow/tfjs-core';\n",
  'packages/odeflow/src/node/index.ts': "export { join } from 'node:path';\nexport * from '@odeflow/pipeline';\n",
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function writeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'odeflow-arch-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('architecture check (dependency-cruiser)', () => {
  it('fires each rule on its deliberate violation and on nothing else', () => {
    const found = byRule(cruise(writeWorkspace(fixture)));
    // a cycle is reported once, from whichever of its files the tool meets first
    const cycle = ['packages/core/src/cycle-a.ts', 'packages/core/src/cycle-b.ts'];
    expect(found['no-file-cycle']?.length).toBe(1);
    expect(cycle).toContain(found['no-file-cycle'][0]);
    found['no-file-cycle'] = cycle;
    expect(found).toEqual({
      'package-graph': ['packages/core/src/bad-graph.ts', 'packages/extra/src/main.ts'],
      'relative-import-across-packages': ['packages/solvers/src/bad-relative.ts'],
      'import-of-built-output': ['packages/equations/src/bad-dist.ts'],
      'not-resolvable': ['packages/core/src/bad-missing.ts'],
      'no-file-cycle': cycle,
      'node-builtin-in-browser-safe': ['packages/solvers/src/bad-node.ts'],
      'browser-safe-imports-node-only': ['packages/odeflow/src/bad-node-only.ts'],
      'tfjs-outside-backends': ['packages/solvers/src/bad-tfjs.ts'],
      'facade-main-static-tfjs': ['packages/odeflow/src/bad-static-tfjs.ts'],
      'facade-main-imports-subpath': ['packages/odeflow/src/bad-subpath.ts'],
    });
  });

  it('finds no violation in this repository', () => {
    const violations = cruise(repo);
    const lines = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(lines).toEqual([]);
  });
});
