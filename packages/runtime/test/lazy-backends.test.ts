// The tfjs packages are optional peer dependencies: asking for a tfjs backend without them installed must say
// exactly what to install. The importer is injected so that the packages can be "missing" here.
import { describe, expect, it } from 'vitest';
import { isOdeflowError, listNamed, TOKENS } from '@odeflow/core';
import { createContainer, createOdeflow, LAZY_BACKEND_PACKAGES, type ModuleImporter } from '@odeflow/runtime';
import { TRAIN_TOKENS } from '@odeflow/train';

// Resolves a module that is not installed, as a project without tfjs would.
const missing: ModuleImporter = (specifier) => import(/* @vite-ignore */ `${specifier}-not-installed`);

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('tfjs backends loaded on demand', () => {
  it.each(['tfjs', 'wasm'] as const)('%s without its packages: BACKEND_UNAVAILABLE naming the npm packages to install', async (backend) => {
    const e = await failure(createOdeflow({ backend, container: createContainer([], { importModule: missing }) }));
    expect(isOdeflowError(e, 'BACKEND_UNAVAILABLE')).toBe(true);
    const message = (e as Error).message;
    expect(message).toContain(`npm install ${LAZY_BACKEND_PACKAGES[backend].join(' ')}`);
    expect(message).toContain(`@odeflow/backend-${backend}`);
    expect(message).toContain('"js"');
    expect((e as { details?: { packages?: string[] } }).details?.packages).toEqual([...LAZY_BACKEND_PACKAGES[backend]]);
  });

  it('imports nothing until a tfjs backend is asked for, then only that package', async () => {
    const asked: string[] = [];
    const importModule: ModuleImporter = (s) => {
      asked.push(s);
      return import(/* @vite-ignore */ s);
    };
    const container = createContainer([], { importModule });
    const js = await createOdeflow({ container });
    expect(js.backend.name).toBe('js');
    expect(asked).toEqual([]);
    const tf = await createOdeflow({ backend: 'tfjs', container });
    expect(tf.backend.name).toBe('tfjs');
    expect(asked).toEqual(['@odeflow/backend-tfjs']);
  });

  it('the default container binds the backends, strategies and optimizers by name', () => {
    const c = createContainer();
    expect(listNamed(c, TOKENS.Backend)).toEqual(['js', 'tfjs', 'wasm']);
    expect(listNamed(c, TRAIN_TOKENS.Optimizer)).toEqual(['adam', 'rmsprop', 'sgd']);
  });
});
