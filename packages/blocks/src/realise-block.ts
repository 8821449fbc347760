import { OdeflowError, type Dynamics, type TensorBackend } from '@odeflow/core';
import type { BackendVjpMode } from './backend-mlp-dynamics.js';
import type { ChosenBlockRealisation } from './block-realisation-registry.js';
import type { BlockSpec, ResolvedMlpBlockSpec } from './block-spec.js';
import { chooseBlockRealisation as choose } from './choose-block-realisation.js';
import { initialiseBlockParams } from './initialise-block-params.js';
import { requireDynamicsWidths } from './resolved-block-spec.js';
import { validateBlockSpec } from './validate-block-spec.js';

/**
 * Which realisation {@link realiseBlock} uses (see {@link ChosenBlockRealisation}); `auto` picks, among those
 * registered for the backend, `fused-kernel` when its kernels accept the spec (and can be loaded), else
 * `typed-array` (js), else `backend-ops` — except that a realisation whose entry asks for it (the tfjs
 * backends' fused kernels) is timed against `backend-ops` once per architecture and the cheaper kept (see
 * `blockCalibrations`).
 */
export type BlockRealisation = 'auto' | ChosenBlockRealisation;

const REALISATIONS: readonly unknown[] = ['auto', 'typed-array', 'fused-kernel', 'backend-ops'];
const VJP_MODES: readonly unknown[] = ['auto', 'explicit', 'autodiff'];

/** INVALID_ARGUMENT for a backend that is not one, or options that are not a plain object of known keys and values. */
function checkRealiseArguments(backend: unknown, options: unknown): void {
  const b = backend as Partial<TensorBackend<unknown>> | null;
  if (b === null || typeof b !== 'object' || typeof b.name !== 'string' || typeof b.fromArray !== 'function' || typeof b.shape !== 'function') {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `realiseBlock: the second argument must be a TensorBackend (new JsBackend(), or flow.backend of createOdeflow), got ${b === null ? 'null' : typeof b}.`,
    );
  }
  const proto: unknown = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new OdeflowError('INVALID_ARGUMENT', `realiseBlock: options must be a plain object { realisation?, vjp? }, got ${options === null ? 'null' : typeof options}.`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'realisation' && key !== 'vjp') {
      throw new OdeflowError('INVALID_ARGUMENT', `realiseBlock: unknown option "${key}"; the options are realisation and vjp.`, { key });
    }
  }
  if (o.realisation !== undefined && !REALISATIONS.includes(o.realisation)) {
    throw new OdeflowError('INVALID_ARGUMENT', `realiseBlock: realisation must be 'auto', 'typed-array', 'fused-kernel' or 'backend-ops', got '${String(o.realisation)}'.`);
  }
  if (o.vjp !== undefined && !VJP_MODES.includes(o.vjp)) {
    throw new OdeflowError('INVALID_ARGUMENT', `realiseBlock: vjp must be 'auto', 'explicit' or 'autodiff', got '${String(o.vjp)}'.`);
  }
}

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
 * [B, n]. The initial parameters are drawn in float64 from the spec's seed and copied into the
 * backend, so the same spec gives the same weights on every backend. The realisations are looked up by
 * (block kind, backend name) in the default registry (see `registerBlockRealisation`).
 *
 * @example
 * ```ts
 * const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh',
 *   inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.1 }, seed: 1 } }, new JsBackend());
 * const dy = block.dynamics.f(0, y, block.params);
 * ```
 *
 * @throws OdeflowError `INVALID_SPEC` for a bad spec, one beyond `BLOCK_LIMITS`, or one whose output width
 *   differs from its input size; `INVALID_ARGUMENT` for a backend that is not one or unknown options; `UNSUPPORTED` when `typed-array` is asked for on a backend other than js, or `fused-kernel` on a
 *   backend whose kernels cannot run the spec
 */
export function realiseBlock<T>(spec: BlockSpec, backend: TensorBackend<T>, options: RealiseBlockOptions = {}): RealisedBlock<T> {
  checkRealiseArguments(backend, options);
  const resolved = validateBlockSpec(spec);
  requireDynamicsWidths(resolved);
  const requested = options.realisation ?? 'auto';
  const { realisation, dynamics } = choose(resolved, backend, requested, options.vjp);
  const init = initialiseBlockParams(spec);
  const params = init.values.map((v, k) => backend.fromArray(v, init.shapes[k]));
  let parameterCount = 0;
  for (const v of init.values) parameterCount += v.length;
  return { spec: resolved, dynamics, params, paramShapes: init.shapes, paramNames: init.names, parameterCount, realisation };
}

