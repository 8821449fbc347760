import type { JsTensor } from '@odeflow/core';

/**
 * The parameter tensors a block last synchronised with and their {@link JsTensor.version}s: "same tensors, same
 * versions" proves that nothing wrote into them through odeflow's API since (optimizers, the backend's in-place
 * ops and `markParamsChanged` bump the version) in a few comparisons instead of one per parameter value.
 * @internal
 */
export class ParamVersions {
  private readonly tensors: JsTensor[] = [];
  private readonly versions: number[] = [];

  /** True when `params` are the recorded tensors at the recorded versions. */
  unchanged(params: readonly JsTensor[]): boolean {
    const n = params.length;
    if (n !== this.tensors.length) return false;
    for (let k = 0; k < n; k++) {
      const p = params[k];
      if (p !== this.tensors[k] || p.version !== this.versions[k]) return false;
    }
    return true;
  }

  /** Record `params` and their versions (after the block has synchronised with their values). */
  record(params: readonly JsTensor[]): void {
    const n = params.length;
    this.tensors.length = n;
    this.versions.length = n;
    for (let k = 0; k < n; k++) {
      this.tensors[k] = params[k];
      this.versions[k] = params[k].version;
    }
  }

  /** Forget the record: the next {@link ParamVersions.unchanged} is false. */
  clear(): void {
    this.tensors.length = 0;
    this.versions.length = 0;
  }
}
