import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@odeflow/core': src('core'),
      '@odeflow/solvers': src('solvers'),
      '@odeflow/adjoint': src('adjoint'),
      '@odeflow/backend-tfjs': src('backend-tfjs'),
      '@odeflow/backend-wasm': src('backend-wasm'),
      odeflow: src('odeflow'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
