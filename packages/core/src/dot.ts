import type { JsTensor } from './js-tensor.js';
import { OdeflowError } from './odeflow-error.js';

/**
 * Σ xᵢ·yᵢ over the flattened elements; shapes may differ as long as the sizes agree.
 * @throws OdeflowError SHAPE_MISMATCH when the sizes differ
 */
export function dot(x: JsTensor, y: JsTensor): number {
  const a = x.data;
  const b = y.data;
  if (a.length !== b.length) throw new OdeflowError('SHAPE_MISMATCH', `dot: sizes ${a.length} and ${b.length} differ.`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
