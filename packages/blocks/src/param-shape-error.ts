import { OdeflowError } from '@odeflow/core';

/**
 * The SHAPE_MISMATCH every realisation of a block throws for a parameter of the wrong shape (a transposed weight, a
 * bias as a [1, n] row): it names the block, the parameter, and the expected and received shapes (also in `details`).
 * @param block - the block's name
 * @param parameter - the parameter's name (`layers.0.weight`)
 * @param expected - the layout's shape of it
 * @param received - the shape passed
 */
export function paramShapeError(block: string, parameter: string, expected: readonly number[], received: readonly number[]): OdeflowError {
  return new OdeflowError(
    'SHAPE_MISMATCH',
    `${block}: parameter ${parameter} must have shape [${expected.join(', ')}], got [${received.join(', ')}] ` +
      '(a weight is [inputs, outputs], a bias or time weight a vector [outputs]; RealisedBlock.paramShapes lists them all).',
    { parameter, expected: [...expected], received: [...received] },
  );
}
