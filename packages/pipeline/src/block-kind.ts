import type { Dynamics, TensorBackend } from '@odeflow/core';
import type { SpecIssue } from './spec-issue.js';

/** A block turned into dynamics on a backend, with its initial parameters. */
export interface RealisedBlockKind<T> {
  /** f(t, y, θ), with a VJP when the block can be trained. */
  readonly dynamics: Dynamics<T>;
  /** Initial parameters θ (the caller owns them). */
  readonly params: T[];
  /** Name of every parameter, for checkpoints (default `p0`, `p1`, ...). */
  readonly paramNames?: readonly string[];
}

/**
 * A kind of neural block, bound by name under `TOKENS.BlockKind` (`bindNamed(options, TOKENS.BlockKind,
 * 'my-block', myKind)`); a pipeline's block stage `{ "block": { "kind": "my-block", ... } }` then uses it.
 */
export interface BlockKind {
  /** The kind's name, as written in `block.kind`. */
  readonly kind: string;
  /** One-line description for listings. */
  readonly description: string;
  /**
   * Optional check of `spec` without a backend, run by validation (`validatePipeline` with a container,
   * `odeflow validate`) so that a bad block is reported before anything runs. Returns the problems with
   * paths under `path` (the block's own path, e.g. `stages[1].block`); empty when the block is valid.
   */
  check?(spec: Readonly<Record<string, unknown>>, path: string): SpecIssue[];
  /**
   * Check `spec` (the block object of a stage, including `kind`) and realise it on `backend` with weights
   * drawn from `seed`. Throw INVALID_SPEC naming the offending field (under `path`) for a bad spec.
   */
  realise<T>(spec: Readonly<Record<string, unknown>>, backend: TensorBackend<T>, seed: number, path: string): RealisedBlockKind<T>;
}
