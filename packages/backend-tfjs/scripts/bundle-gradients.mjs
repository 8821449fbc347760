// Replaces the tsc output dist/register-gradients.js with a self-contained esbuild bundle, so that the
// gradient registration works under plain Node (see src/register-gradients.ts for why).
// Only the bare package roots `@tensorflow/tfjs-*` stay external: esbuild's `external` option would also
// externalise their deep `dist/` subpaths, which is exactly what must be inlined, hence the plugin.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const entry = `${pkg}src/register-gradients.ts`;
const out = `${pkg}dist/register-gradients.js`;
if (!existsSync(`${pkg}dist`)) {
  console.error('bundle-gradients: dist/ is missing; run `npx --yes pnpm@12.21.0 run build` first.');
  process.exit(1);
}

const bareTfjsRootsExternal = {
  name: 'bare-tfjs-roots-external',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-[a-z0-9-]+$/ }, (args) => ({ path: args.path, external: true }));
  },
};

await build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  treeShaking: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  plugins: [bareTfjsRootsExternal],
});
// tsc's source map describes the unbundled file; a stale map would mislead debuggers.
rmSync(`${out}.map`, { force: true });
console.log(`bundle-gradients: wrote ${out}`);
