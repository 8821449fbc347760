import { JsTensor, OdeflowError, sameShape, type TensorBackend } from '@odeflow/core';

/**
 * Per-parameter state slots of an optimizer (moments, accumulators), created as zeros on first use and
 * owned by the optimizer; also checks that parameters and gradients match.
 * @internal
 */
export class OptimizerState<T> {
  private readonly slots: T[][] = [];
  private count = -1;

  /**
   * @param backend - backend of the parameters
   * @param names - one name per kind of slot (e.g. `m`, `v`)
   * @param owner - optimizer name for messages
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly names: readonly string[],
    private readonly owner: string,
  ) {}

  /**
   * Check the step's inputs — two arrays of live tensors of the backend, gradient i of parameter i's shape, as many
   * as at the first step — and create the slots on the first step (only once the inputs passed).
   */
  prepare(params: readonly T[], grads: readonly T[]): void {
    const b = this.backend;
    if (!Array.isArray(params) || !Array.isArray(grads)) {
      throw new OdeflowError('INVALID_ARGUMENT', `${this.owner}: step(params, grads) takes two arrays of tensors (the parameters, updated in place in the array, and their gradients).`);
    }
    if (params.length !== grads.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.owner}: ${params.length} parameters but ${grads.length} gradients.`);
    }
    if (this.count !== -1 && params.length !== this.count) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.owner}: it was stepped with ${this.count} parameters before, now ${params.length}; use one optimizer per parameter list.`);
    }
    for (let i = 0; i < params.length; i++) {
      b.checkTensor?.(params[i], `${this.owner}: params[${i}]`);
      b.checkTensor?.(grads[i], `${this.owner}: grads[${i}]`);
      const ps = b.shape(params[i]);
      const gs = b.shape(grads[i]);
      if (!sameShape(ps, gs)) {
        throw new OdeflowError('SHAPE_MISMATCH', `${this.owner}: gradient ${i} has shape [${gs.join(', ')}], its parameter [${ps.join(', ')}].`, {
          index: i,
          expected: [...ps],
          received: [...gs],
        });
      }
    }
    if (this.count === -1) {
      this.count = params.length;
      for (let k = 0; k < this.names.length; k++) this.slots.push(params.map((p) => b.keep(b.zeros(b.shape(p)))));
    }
  }

  /** The slot tensor of kind `k` for parameter `i`. */
  get(k: number, i: number): T {
    return this.slots[k][i];
  }

  /** Replace slot `k` of parameter `i` (disposing the old tensor). */
  set(k: number, i: number, value: T): void {
    const old = this.slots[k][i];
    this.slots[k][i] = this.backend.keep(value);
    if (old !== value) this.backend.dispose(old);
  }

  /** Dispose every slot. */
  dispose(): void {
    for (const row of this.slots) this.backend.dispose(row);
    this.slots.length = 0;
    this.count = -1;
  }
}

/** True when every tensor is a mutable js tensor, so the update can run in place on Float64Arrays. @internal */
export function allJs(params: readonly unknown[], grads: readonly unknown[]): boolean {
  for (const p of params) if (!(p instanceof JsTensor)) return false;
  for (const g of grads) if (!(g instanceof JsTensor)) return false;
  return true;
}

/**
 * Put `next` into slot `i` of `params`, disposing the tensor it replaces.
 * @internal
 */
export function replaceParam<T>(backend: TensorBackend<T>, params: T[], i: number, next: T): void {
  const old = params[i];
  params[i] = backend.keep(next);
  if (old !== next) backend.dispose(old);
}

/** Throw INVALID_ARGUMENT unless `value` is a finite number in the allowed range. @internal */
export function checkHyper(owner: string, name: string, value: number, min: number, max: number, minOpen = false, maxOpen = false): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minOpen ? value > min : value >= min) &&
    (maxOpen ? value < max : value <= max);
  if (!ok) {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `${owner}: ${name} must be a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}, got ${String(value)}.`,
      { [name]: value },
    );
  }
  return value;
}
