import type { JsTensor } from './js-tensor.js';
import { sparseCombineInto } from './sparse-combine-into.js';
import type { InPlaceOps } from './tensor-backend.js';

/**
 * The js backend's in-place ops around its `lincombInto`. Every write bumps the target's
 * {@link JsTensor.version} (blocks learn from it that parameters changed); a view counts as a write, since the
 * caller may write through it.
 * @internal
 */
export function jsInPlaceOps(lincombInto: (out: JsTensor, coeffs: readonly number[], xs: readonly JsTensor[]) => void): InPlaceOps<JsTensor> {
  return {
    lincombInto: (out, coeffs, xs) => void (out.version++, lincombInto(out, coeffs, xs)),
    copyInto: (out, x) => void (out.version++, out.data.set(x.data)),
    combineInto: (out, base, h, terms, xs) => void (out.version++, sparseCombineInto(out, base, h, terms, xs)),
    view: (x) => (x.version++, x.data),
  };
}
