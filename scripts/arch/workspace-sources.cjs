// The workspace's packages and the source file behind each public entry, read from the folders under
// packages/ and their package.json files in the working directory. Shared by the architecture check
// (.dependency-cruiser.cjs, which also loads this file as its webpack-style `resolve` config) and the tests.
const fs = require('node:fs');
const path = require('node:path');

const root = process.cwd();
/** Escapes a string for use inside a regular expression. */
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every folder under packages/ with a package.json, with its parsed manifest. */
function readPackages() {
  const dir = path.join(root, 'packages');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'package.json')))
    .sort()
    .map((d) => ({ dir: d, manifest: JSON.parse(fs.readFileSync(path.join(dir, d, 'package.json'), 'utf8')) }));
}

/** The import target of one exports entry (a string, or its `import`/`default` condition). */
function exportTarget(entry) {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') return exportTarget(entry.import ?? entry.default);
  return undefined;
}

/** The source a built file comes from: ./dist/a/b.js -> packages/<dir>/src/a/b.ts, if that file exists (a bundled
 *  entry with another name needs a `source` condition in its exports entry). */
function sourceOf(dir, built) {
  const m = /^\.\/dist\/(.+)\.js$/.exec(built ?? '');
  if (!m) return undefined;
  const rel = `packages/${dir}/src/${m[1]}.ts`;
  return fs.existsSync(path.join(root, rel)) ? rel : undefined;
}

/** A `source` condition naming the .ts file itself (./src/x.ts), if the entry has one and it exists. */
function sourceCondition(dir, entry) {
  const src = entry && typeof entry === 'object' ? entry.source : undefined;
  if (typeof src !== 'string' || !src.startsWith('./')) return undefined;
  const rel = `packages/${dir}/${src.slice(2)}`;
  return fs.existsSync(path.join(root, rel)) ? rel : undefined;
}

/** Public specifier -> source entry of one package, e.g. { odeflow: 'packages/odeflow/src/index.ts', 'odeflow/tfjs': ... }. */
function entriesOf({ dir, manifest }) {
  const exp = manifest.exports;
  const pairs =
    exp && typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp).every((k) => k.startsWith('.'))
      ? Object.entries(exp)
      : [['.', exp ?? manifest.main]];
  const out = {};
  for (const [key, entry] of pairs) {
    const src = sourceCondition(dir, entry) ?? sourceOf(dir, exportTarget(entry));
    if (src) out[key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`] = src;
  }
  return out;
}

const packages = readPackages();
const entries = Object.assign({}, ...packages.map(entriesOf));

module.exports = {
  root,
  esc,
  packages,
  entries,
  entriesOf,
  // webpack-style resolve options (dependency-cruiser's `webpackConfig`): exact-match aliases to the sources,
  // and TypeScript's `./x.js` imports of `./x.ts`
  resolve: {
    alias: Object.fromEntries(Object.entries(entries).map(([spec, file]) => [`${spec}$`, path.join(root, file)])),
    extensionAlias: { '.js': ['.ts', '.js'] },
    extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    // third-party packages resolve as Node's ESM loader does (inversify and mathjs/number need `exports`)
    exportsFields: ['exports'],
    conditionNames: ['import', 'node', 'default'],
    mainFields: ['module', 'main'],
  },
};
