// Ships one ES module file per browser-safe package entry, so that `import 'odeflow'` costs a handful of file
// loads instead of ~500 (inversify alone is ~250 ES modules, which tripled Node's start-up time).
// - Each entry's dist/index.js (tsc's output) is replaced by an esbuild bundle of the package's own sources;
//   other packages stay external, so every package is still one module instance shared by its importers.
// - inversify and reflect-metadata are bundled once, into @odeflow/core/inversify (dist/inversify.js), and every
//   bundle's `inversify`/`reflect-metadata` import points there.
// Run after `tsc -b tsconfig.build.json` (the root `build` script does); tsc alone leaves working unbundled files.
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Packages whose main entry is bundled: everything the facade's main entry reaches, and the facade. */
const BUNDLED = ['core', 'solvers', 'adjoint', 'blocks', 'equations', 'train', 'runtime', 'odeflow'];
const SHARED_DI = '@odeflow/core/inversify';

const common = {
  bundle: true,
  format: 'esm',
  // neutral: a Node built-in import in a browser-safe package fails the build instead of being shipped
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  // smaller files parse faster: start-up is dominated by compiling the bundles (local names are kept)
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/**
 * Build, then write each output only when it changed, by rename: tests rebuild while other tests run the
 * built files, and an unchanged bundle must not be rewritten under them.
 */
async function bundle(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const f of outputFiles) {
    if (existsSync(f.path) && readFileSync(f.path, 'utf8') === f.text) continue;
    writeFileSync(`${f.path}.tmp`, f.contents);
    renameSync(`${f.path}.tmp`, f.path);
  }
}

const core = join(root, 'packages/core');
// Third-party code whose local names nobody reads: mangled too, which halves its size again.
await bundle({ ...common, minify: true, absWorkingDir: core, entryPoints: ['src/inversify.ts'], outfile: 'dist/inversify.js' });
let n = 1;
for (const name of BUNDLED) {
  const dir = join(root, 'packages', name);
  if (!existsSync(join(dir, 'src/index.ts'))) continue;
  if (!existsSync(join(dir, 'dist'))) {
    console.error(`bundle-entries: packages/${name}/dist is missing; run \`npx tsc -b tsconfig.build.json\` first.`);
    process.exit(1);
  }
  await bundle({
    ...common,
    absWorkingDir: dir,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    packages: 'external',
    alias: { inversify: SHARED_DI, 'reflect-metadata': SHARED_DI },
  });
  n++;
}
console.log(`bundle-entries: ${n} bundles up to date (inversify shared from ${SHARED_DI})`);
