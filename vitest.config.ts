import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

// Tests import packages by their public names; these resolve to the sources, so tests need no build
// (scripts/smoke.mjs checks the built output under plain node). Exact-match patterns keep `odeflow` from
// swallowing its subpath `odeflow/tfjs`.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@odeflow\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@odeflow\/blocks$/, replacement: src('blocks/src/index.ts') },
      { find: /^@odeflow\/solvers$/, replacement: src('solvers/src/index.ts') },
      { find: /^@odeflow\/adjoint$/, replacement: src('adjoint/src/index.ts') },
      { find: /^@odeflow\/backend-tfjs$/, replacement: src('backend-tfjs/src/index.ts') },
      { find: /^@odeflow\/backend-wasm$/, replacement: src('backend-wasm/src/index.ts') },
      { find: /^@odeflow\/equations$/, replacement: src('equations/src/index.ts') },
      { find: /^@odeflow\/train\/node$/, replacement: src('train/src/node/index.ts') },
      { find: /^@odeflow\/train$/, replacement: src('train/src/index.ts') },
      { find: /^@odeflow\/runtime$/, replacement: src('runtime/src/index.ts') },
      { find: /^@odeflow\/pipeline\/cli$/, replacement: src('pipeline/src/cli/index.ts') },
      { find: /^@odeflow\/pipeline$/, replacement: src('pipeline/src/index.ts') },
      { find: /^odeflow\/node$/, replacement: src('odeflow/src/node.ts') },
      { find: /^odeflow\/tfjs$/, replacement: src('odeflow/src/tfjs/index.ts') },
      { find: /^odeflow$/, replacement: src('odeflow/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.mjs'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // global gc() for the tests that check memory is given back once blocks are collected
    execArgv: ['--expose-gc'],
  },
});
