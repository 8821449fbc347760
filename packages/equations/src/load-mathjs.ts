import { OdeflowError } from '@odeflow/core';

/** The parts of mathjs the equations route uses (the number-only build: no units, matrices or BigNumbers). */
export type MathJs = typeof import('mathjs');

let cached: MathJs | undefined;

/**
 * Load mathjs asynchronously, in any environment (Node, a browser, a bundler). Under Node equations load it
 * by themselves on first use; elsewhere await this once before building equation dynamics.
 * @returns the mathjs number-only build, cached for every later call
 */
export async function preloadMathJs(): Promise<MathJs> {
  cached ??= (await import('mathjs/number')) as unknown as MathJs;
  return cached;
}

/**
 * mathjs, loaded on first use. Importing it costs about a second of start-up on a busy machine, so the facade
 * must not pay it for users who never write equations; a synchronous `require` (Node's, reached through
 * `process.getBuiltinModule`, so that bundles see no Node import) keeps `equationDynamics` synchronous.
 * The number-only build is enough: expressions are real scalars.
 * @throws OdeflowError UNSUPPORTED where there is no synchronous `require` and {@link preloadMathJs} was not awaited
 */
export function loadMathJs(): MathJs {
  if (cached === undefined) {
    const require = nodeRequire();
    if (require === undefined) {
      throw new OdeflowError(
        'UNSUPPORTED',
        'Equations need mathjs, which can be loaded synchronously only under Node. ' +
          'Call `await preloadMathJs()` once before building equation dynamics (e.g. in a browser).',
      );
    }
    cached = require('mathjs/number') as MathJs;
  }
  return cached;
}

interface NodeModuleApi {
  createRequire(url: string): (id: string) => unknown;
}

function nodeRequire(): ((id: string) => unknown) | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('module') as NodeModuleApi | undefined;
  return mod?.createRequire(import.meta.url);
}
