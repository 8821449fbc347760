import { createRequire } from 'node:module';

/** The parts of mathjs the equations route uses (the number-only build: no units, matrices or BigNumbers). */
export type MathJs = typeof import('mathjs');

let cached: MathJs | undefined;

/**
 * mathjs, loaded on first use. Importing it costs about a second of start-up on a busy machine, so the facade
 * must not pay it for users who never write equations; a synchronous `require` keeps `equationDynamics` sync.
 * The number-only build is enough: expressions are real scalars.
 */
export function loadMathJs(): MathJs {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = require('mathjs/number') as MathJs;
  }
  return cached;
}
