import type { TensorBackend } from '@odeflow/core';
import { checkFiniteParams } from './check-finite-params.js';

/** A tensor's identity for "unchanged": tfjs tensors carry a `dataId`, which a `tf.Variable`'s assign replaces. */
function identity(x: unknown): unknown {
  const id = (x as { dataId?: unknown }).dataId;
  return id === undefined ? x : id;
}

/**
 * The NON_FINITE_PARAMETER check of a block realised in backend ops, run once per parameter change rather than per
 * f call: on backends with immutable tensors (no `inPlace`, e.g. tfjs) parameters are re-checked only when a tensor
 * (or a variable's data) was replaced; on mutable ones (js) every call, as one pass over θ like the js realisations'
 * change check.
 * @internal
 */
export class ParamFinitenessGuard<T> {
  private readonly checked: unknown[] = [];

  /**
   * @param backend - the backend of the parameters
   * @param block - the block's name, for messages
   * @param names - the parameters' names
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly block: string,
    private readonly names: readonly string[],
  ) {}

  /** Throw NON_FINITE_PARAMETER (naming parameter, index and value) unless every entry of θ is finite. */
  check(params: readonly T[]): void {
    const immutable = this.backend.inPlace === undefined;
    const seen = this.checked;
    if (immutable && seen.length === params.length) {
      let same = true;
      for (let k = 0; k < params.length && same; k++) same = seen[k] === identity(params[k]);
      if (same) return;
    }
    seen.length = 0;
    for (let k = 0; k < params.length; k++) {
      if (!this.backend.allFinite(params[k])) checkFiniteParams(this.block, [this.names[k]], [this.backend.toFloat64Array(params[k])]);
    }
    if (immutable) for (let k = 0; k < params.length; k++) seen.push(identity(params[k]));
  }
}
