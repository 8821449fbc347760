import type { Dynamics } from '../dynamics.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import type { MlpLayout } from './mlp-layout.js';

/**
 * A backend's own realisation of neural blocks as fused kernels: f is one kernel and its VJP another,
 * instead of a chain of small backend ops. Backends whose per-op dispatch dominates small blocks (tfjs's
 * WASM kernels: ≈ 3.5 µs per op, 7 ops per f and 21 per VJP of the spiral's MLP) offer it; `realiseBlock`
 * takes it under `auto` when it accepts the spec.
 */
export interface FusedBlockKernels<T> {
  /** What the kernels are, for messages and benchmarks (e.g. `wasm (odeflow mlp kernels, float64 inside)`). */
  readonly description: string;
  /**
   * Dynamics running the MLP block `spec` (parameters laid out as `layout`) as fused kernels, or
   * `undefined` when these kernels cannot run this spec (the caller then falls back to backend ops).
   * The dynamics must offer `vjp`.
   */
  mlp(spec: ResolvedMlpBlockSpec, layout: MlpLayout): Dynamics<T> | undefined;
}
