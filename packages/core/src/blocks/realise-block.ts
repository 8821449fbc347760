import type { Dynamics } from '../dynamics.js';
import { JsBackend } from '../js-backend.js';
import { OdeflowError } from '../odeflow-error.js';
import type { TensorBackend } from '../tensor-backend.js';
import { BackendMlpDynamics, type BackendVjpMode } from './backend-mlp-dynamics.js';
import type { BlockSpec, ResolvedMlpBlockSpec } from './block-spec.js';
import { initialiseBlockParams } from './initialise-block-params.js';
import { mlpLayout } from './mlp-layout.js';
import { JsMlpDynamics } from './js-mlp-dynamics.js';
import { validateBlockSpec } from './validate-block-spec.js';

/**
 * How a block is turned into dynamics: `fused-kernel` is the backend's own fused kernels (backends with
 * {@link TensorBackend.blockKernels}: on `js` odeflow's WebAssembly MLP kernels in float64, on `wasm` the
 * same kernels inside one tfjs kernel per f and one per VJP); `typed-array` is the hand-written
 * Float64Array forward and VJP (js backend only); `backend-ops` is written in TensorBackend ops (any
 * backend); `auto` picks `fused-kernel` when the backend's kernels accept the spec (and can be loaded),
 * else `typed-array` on the js backend, else `backend-ops`.
 */
export type BlockRealisation = 'auto' | 'typed-array' | 'fused-kernel' | 'backend-ops';

/** The realisation a block ended up with (see {@link BlockRealisation}). */
export type ChosenBlockRealisation = 'typed-array' | 'fused-kernel' | 'backend-ops';

/** Options of {@link realiseBlock}. */
export interface RealiseBlockOptions {
  /** Which realisation to use (default `auto`). */
  readonly realisation?: BlockRealisation;
  /**
   * How the `backend-ops` realisation differentiates (default `auto`; ignored by `typed-array`). Asking for
   * `explicit` or `autodiff` makes `auto` skip the fused kernels, whose VJP is their own (on js it then
   * picks `typed-array`).
   */
  readonly vjp?: BackendVjpMode;
}

/** A block turned into dynamics on one backend, with its freshly initialised parameters. */
export interface RealisedBlock<T> {
  /** The validated spec, defaults filled in. */
  readonly spec: ResolvedMlpBlockSpec;
  /** f(t, y, θ) and, when available, its VJP; pass {@link RealisedBlock.params} (or trained ones) as θ. */
  readonly dynamics: Dynamics<T>;
  /** Initial parameters from the spec's seeded initialisers; the caller owns and disposes them. */
  readonly params: T[];
  /** Shape of every parameter, in order. */
  readonly paramShapes: readonly (readonly number[])[];
  /** Name of every parameter, in order (`layers.0.weight`, ...). */
  readonly paramNames: readonly string[];
  /** Total number of scalar parameters. */
  readonly parameterCount: number;
  /** The realisation chosen. */
  readonly realisation: ChosenBlockRealisation;
}

/**
 * Realise a block spec as dynamics f(t, y) on `backend`. States may be a vector [n] or a batch
 * [B, n]. The initial parameters are drawn in core (float64) from the spec's seed and copied into the
 * backend, so the same spec gives the same weights on every backend.
 *
 * @example
 * ```ts
 * const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh',
 *   inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.1 }, seed: 1 } }, new JsBackend());
 * const dy = block.dynamics.f(0, y, block.params);
 * ```
 * @throws OdeflowError `INVALID_SPEC` for a bad spec or one whose output width differs from its input
 *   size; `UNSUPPORTED` when `typed-array` is asked for on a backend other than js, or `fused-kernel` on a
 *   backend whose kernels cannot run the spec
 */
export function realiseBlock<T>(spec: BlockSpec, backend: TensorBackend<T>, options: RealiseBlockOptions = {}): RealisedBlock<T> {
  const resolved = validateBlockSpec(spec);
  const last = resolved.widths.length - 1;
  if (resolved.widths[last] !== resolved.inputSize) {
    throw new OdeflowError(
      'INVALID_SPEC',
      `block.widths[${last}]: expected ${resolved.inputSize} (dynamics must map a state of size inputSize to its derivative), got ${resolved.widths[last]}.`,
      { path: `block.widths[${last}]`, expected: resolved.inputSize, received: resolved.widths[last] },
    );
  }
  const requested = options.realisation ?? 'auto';
  if (!['auto', 'typed-array', 'fused-kernel', 'backend-ops'].includes(requested)) {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `realiseBlock: realisation must be 'auto', 'typed-array', 'fused-kernel' or 'backend-ops', got '${String(requested)}'.`,
    );
  }
  const isJs = backend instanceof JsBackend;
  if (requested === 'typed-array' && !isJs) {
    throw new OdeflowError('UNSUPPORTED', `realiseBlock: the typed-array realisation runs on the js backend only, not on '${backend.name}'; use 'auto' or 'backend-ops'.`);
  }
  let dynamics: Dynamics<T> | undefined;
  let realisation: ChosenBlockRealisation;
  const wantsBackendVjp = options.vjp !== undefined && options.vjp !== 'auto';
  const fused =
    (requested === 'auto' && !wantsBackendVjp) || requested === 'fused-kernel' ? backend.blockKernels?.mlp(resolved, mlpLayout(resolved)) : undefined;
  if (requested === 'fused-kernel' && fused === undefined) {
    throw new OdeflowError(
      'UNSUPPORTED',
      backend.blockKernels === undefined
        ? `realiseBlock: backend '${backend.name}' has no fused block kernels; use 'auto' or 'backend-ops'.`
        : `realiseBlock: the fused kernels of backend '${backend.name}' (${backend.blockKernels.description}) cannot run this spec; use 'auto' or 'backend-ops'.`,
    );
  }
  if (fused !== undefined) {
    realisation = 'fused-kernel';
    dynamics = fused;
  } else if (requested === 'typed-array' || (requested === 'auto' && isJs)) {
    realisation = 'typed-array';
    dynamics = new JsMlpDynamics(resolved, backend as unknown as JsBackend) as unknown as Dynamics<T>;
  } else {
    realisation = 'backend-ops';
    dynamics = new BackendMlpDynamics(resolved, backend, options.vjp ?? 'auto');
  }
  const init = initialiseBlockParams(spec);
  const params = init.values.map((v, k) => backend.fromArray(v, init.shapes[k]));
  let parameterCount = 0;
  for (const v of init.values) parameterCount += v.length;
  return { spec: resolved, dynamics, params, paramShapes: init.shapes, paramNames: init.names, parameterCount, realisation };
}

