// The architecture check (`pnpm run check:arch`): dependency-cruiser over every package's sources.
//
// Everything is derived from the folders under packages/ and their package.json files, read from the working
// directory the check runs in, so a new package or subpath is covered without editing this file (the tests run
// it on small fixture trees the same way). The one hand-written fact is ALLOWED: which packages each package may
// import. `@odeflow/*` and `odeflow/*` resolve to the SOURCES named by each package.json's exports (dist/x.js ->
// src/x.ts), never to the built output.
const path = require('node:path');

/**
 * The package graph, keyed by folder under packages/: the other packages each one may import ('*' = any).
 * core <- solvers <- adjoint; blocks, equations -> core; train -> core (+ blocks); backends -> core, blocks
 * (backend-wasm -> backend-tfjs); runtime -> core, solvers, adjoint, blocks, train (tfjs only by dynamic
 * import); pipeline and the facade -> everything. A package missing here may import
 * no other package until it is added.
 */
const ALLOWED = {
  core: [],
  solvers: ['core'],
  adjoint: ['core', 'solvers'],
  blocks: ['core'],
  equations: ['core'],
  train: ['core', 'blocks'],
  runtime: ['core', 'solvers', 'adjoint', 'blocks', 'train'],
  'backend-tfjs': ['core', 'blocks'],
  'backend-wasm': ['backend-tfjs', 'core', 'blocks'],
  pipeline: '*',
  odeflow: '*',
};
/** Packages that run only under Node (may import Node built-ins; browser-safe code may not import them). */
const NODE_ONLY_PACKAGES = ['pipeline'];
/** The facade: its main entry may reach tfjs only through a dynamic import. */
const FACADE = 'odeflow';

const { root, packages, entries, entriesOf, esc } = require('./scripts/arch/workspace-sources.cjs');
const dirs = packages.map((p) => p.dir);
const backendDirs = packages.filter((p) => /^@odeflow\/backend-/.test(p.manifest.name)).map((p) => p.dir);
const facade = packages.find((p) => p.dir === FACADE);
const facadeEntries = facade ? entriesOf(facade) : {};
const facadeMain = facade ? facadeEntries[facade.manifest.name] : undefined;
// The facade's other subpath entries (odeflow/tfjs, odeflow/node): a folder entry (src/x/index.ts) owns its folder.
const facadeSubpathAreas = Object.entries(facadeEntries)
  .filter(([spec]) => spec !== facade.manifest.name)
  .map(([, file]) => (path.basename(file) === 'index.ts' ? `^${esc(path.dirname(file))}/` : `^${esc(file)}$`));

const NODE_ONLY_SOURCES = [
  ...NODE_ONLY_PACKAGES.map((d) => `^packages/${esc(d)}/`),
  // Node-only subpaths (`@odeflow/train/node`, `odeflow/node`) live in src/node/ or src/node.ts of any package
  '^packages/[^/]+/src/node(/|\\.ts$)',
].join('|');
const SOURCES = '^packages/[^/]+/src/';
const TFJS = ['(^|/)@tensorflow/', ...backendDirs.map((d) => `^packages/${esc(d)}/`)].join('|');
const RUNTIME_ONLY = ['type-only', 'dynamic-import'];

/** One rule per package: imports of packages outside its ALLOWED row. */
function packageGraphRules() {
  return dirs
    .filter((d) => ALLOWED[d] !== '*')
    .map((d) => {
      const ok = [d, ...(ALLOWED[d] ?? [])];
      return {
        name: 'package-graph',
        severity: 'error',
        comment:
          d in ALLOWED
            ? `packages/${d} may import only ${ok.slice(1).join(', ') || 'no other package'} (ALLOWED in .dependency-cruiser.cjs)`
            : `packages/${d} is not in the package graph: add it to ALLOWED in .dependency-cruiser.cjs`,
        from: { path: `^packages/${esc(d)}/` },
        to: { path: '^packages/[^/]+/', pathNot: `^packages/(${ok.map(esc).join('|')})/` },
      };
    });
}

module.exports = {
  forbidden: [
    ...packageGraphRules(),
    {
      name: 'relative-import-across-packages',
      severity: 'error',
      comment: 'import another package by its name (@odeflow/x), never by a relative path into its files',
      from: { path: '^packages/([^/]+)/' },
      to: { dependencyTypes: ['local'], pathNot: '^packages/$1/' },
    },
    {
      name: 'import-of-built-output',
      severity: 'error',
      comment: 'sources import sources: a package entry that resolves to dist/ is missing from its package.json exports',
      from: { path: SOURCES },
      to: { path: '^packages/[^/]+/dist/' },
    },
    {
      name: 'not-resolvable',
      severity: 'error',
      comment: 'an import that resolves to no file',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-file-cycle',
      severity: 'error',
      comment: 'files import one another in a cycle: move the shared part into a file of its own',
      from: {},
      to: { circular: true },
    },
    {
      name: 'node-builtin-in-browser-safe',
      severity: 'error',
      comment: 'only pipeline and Node-only subpaths (src/node/) may import Node built-ins: the rest must bundle for a browser',
      from: { path: SOURCES, pathNot: NODE_ONLY_SOURCES },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-safe-imports-node-only',
      severity: 'error',
      comment: 'browser-safe code may not import pipeline or a Node-only subpath (src/node/)',
      from: { path: SOURCES, pathNot: NODE_ONLY_SOURCES },
      to: { path: NODE_ONLY_SOURCES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tfjs-outside-backends',
      severity: 'error',
      comment: 'only the backend packages (and the facade, pipeline) may import tfjs; the rest speak to TensorBackend',
      from: { path: SOURCES, pathNot: `^packages/(${[...backendDirs, FACADE, ...NODE_ONLY_PACKAGES].map(esc).join('|')})/` },
      to: { path: '(^|/)@tensorflow/' },
    },
    ...(facadeMain
      ? [
          {
            name: 'facade-main-static-tfjs',
            severity: 'error',
            comment: `the facade's main entry graph loads tfjs (@tensorflow/*, backend packages) only by dynamic import()`,
            from: { path: `^packages/${esc(FACADE)}/src/`, pathNot: facadeSubpathAreas.join('|') || '^$' },
            to: { path: TFJS, dependencyTypesNot: RUNTIME_ONLY },
          },
          {
            name: 'facade-main-imports-subpath',
            severity: 'error',
            comment: `the facade's main entry graph reaches its subpath entries (${Object.keys(facadeEntries).slice(1).join(', ')}) only by dynamic import()`,
            from: { path: `^packages/${esc(FACADE)}/src/`, pathNot: facadeSubpathAreas.join('|') || '^$' },
            to: { path: facadeSubpathAreas.join('|') || '^$', dependencyTypesNot: RUNTIME_ONLY },
          },
        ]
      : []),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    // resolve.alias maps every package entry (`@odeflow/x`, `odeflow/tfjs`) to its source file
    webpackConfig: { fileName: path.join(__dirname, 'scripts/arch/workspace-sources.cjs') },
    reporterOptions: {
      text: { highlightFocused: false },
    },
  },
};
