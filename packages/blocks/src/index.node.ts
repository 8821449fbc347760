// The entry Node resolves (the `node` condition of package.json `exports`): the same exports as index.ts. The
// build (scripts/bundle-entries.mjs) replaces its output with a bundle that shares one copy of each package per
// process through a registry, so that `odeflow` can inline the packages and still load as one file.
export * from './index.js';
