import { OdeflowError } from '@odeflow/core';

/**
 * Number of state rows in a tensor of shape [n] (one state) or [B, n] (a batch of B states).
 * @throws OdeflowError `SHAPE_MISMATCH` for any other shape
 */
export function stateRows(shape: readonly number[], n: number, name: string, what = 'state'): number {
  if (shape.length === 1 && shape[0] === n) return 1;
  if (shape.length === 2 && shape[1] === n) return shape[0];
  throw new OdeflowError(
    'SHAPE_MISMATCH',
    `${name}: the ${what} has shape [${shape.join(', ')}], but the equations have ${n} state component${n === 1 ? '' : 's'}; ` +
      `give a state of shape [${n}] or a batch of shape [B, ${n}].`,
    { shape: [...shape], n },
  );
}

/**
 * Check that there is one single-number tensor per declared parameter.
 * @param sizes - the number of elements of each parameter tensor
 * @throws OdeflowError `SHAPE_MISMATCH`
 */
export function checkParamSizes(sizes: readonly number[], names: readonly string[], name: string): void {
  if (sizes.length !== names.length) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${name}: got ${sizes.length} parameter tensors, but the equations declare ${names.length} (${names.join(', ') || 'none'}); ` +
        'pass the params returned by equationDynamics, in that order.',
      { expected: names.length, got: sizes.length },
    );
  }
  sizes.forEach((s, k) => {
    if (s !== 1) {
      throw new OdeflowError('SHAPE_MISMATCH', `${name}: parameter "${names[k]}" must be a single number (shape [] or [1]); it has ${s} elements.`, {
        param: names[k],
        size: s,
      });
    }
  });
}
