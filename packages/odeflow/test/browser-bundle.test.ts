// `import 'odeflow'` must bundle for a browser: no Node built-in anywhere in what the main entry reaches, and no
// TensorFlow.js unless a tfjs entry is imported. Bundles the sources (each @odeflow package resolved to its src).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../..', import.meta.url));

const workspaceSources: Plugin = {
  name: 'workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^(@odeflow\/[a-z-]+|odeflow)(\/[a-z]+)?$/ }, (args) => {
      const [, pkg, sub] = /^(?:@odeflow\/)?([a-z-]+)(?:\/([a-z]+))?$/.exec(args.path)!;
      const src = join(packages, pkg!, 'src');
      const candidates = sub ? [join(src, sub, 'index.ts'), join(src, `${sub}.ts`)] : [join(src, 'index.ts')];
      const path = candidates.find((p) => existsSync(p));
      return path ? { path } : undefined;
    });
  },
};

async function bundle(entry: string): Promise<{ metafile: Metafile; text: string }> {
  const r = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: packages, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
    plugins: [workspaceSources],
  });
  return { metafile: r.metafile, text: r.outputFiles[0]!.text };
}

describe('the facade in a browser bundle', () => {
  it("'odeflow' bundles with no Node built-in and no TensorFlow.js", async () => {
    const { metafile, text } = await bundle('odeflow');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((p) => p.includes('packages/runtime/src/odeint.ts'))).toBe(true);
    expect(inputs.filter((p) => /@tensorflow|backend-tfjs|backend-wasm/.test(p))).toEqual([]);
    expect(inputs.filter((p) => /zod|commander|cli-progress|packages\/pipeline/.test(p))).toEqual([]);
    const imports = Object.values(metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(text).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
  }, 120_000);

  it("'odeflow/tfjs' is the entry that brings TensorFlow.js", async () => {
    const { metafile } = await bundle('odeflow/tfjs');
    expect(Object.keys(metafile.inputs).some((p) => p.includes('@tensorflow/tfjs-core'))).toBe(true);
  }, 120_000);
});
