import { JsTensor } from './js-tensor.js';

/**
 * Tell odeflow that the values of these tensors were changed by writing into their `data` directly (a manual
 * update `p.data[i] -= lr * g[i]`, weights loaded with `p.data.set(...)`): bumps each js tensor's
 * {@link JsTensor.version}, so that blocks realised on the `js` backend drop whatever they computed from the
 * old values. Writes through odeflow's API (the optimizers, the backend's in-place ops) do this themselves;
 * tensors of other backends are immutable and ignored here.
 *
 * @example
 * ```ts
 * block.params[0].data.set(loadedWeights);
 * markParamsChanged(block.params);
 * ```
 */
export function markParamsChanged(tensors: readonly unknown[]): void {
  for (const t of tensors) if (t instanceof JsTensor) t.version++;
}
