import { OdeflowError } from './odeflow-error.js';
import type { Autodiff, TensorBackend } from './tensor-backend.js';

/** A function of the state alone (time and parameters fixed), written in a backend's ops. */
export type StateFunction<T> = (y: T) => T;

/**
 * Dense ∂g/∂y at `y` from the backend's VJPs, written row-major into `out` (n·n entries, n = size of y):
 * row i is e_iᵀ·∂g/∂y, one VJP against the i-th unit cotangent. n forward and backward passes: exact, and
 * cheap for the small states implicit methods factorise. Every intermediate tensor is released.
 * @throws OdeflowError SHAPE_MISMATCH when `out` holds fewer than n·n entries
 */
export function autodiffJacobian<T>(backend: TensorBackend<T>, autodiff: Autodiff<T>, g: StateFunction<T>, y: T, out: Float64Array): void {
  const n = backend.size(y);
  if (out.length < n * n) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `jacobian: the output buffer holds ${out.length} entries, but a state of ${n} components needs ${n * n} (n·n, row-major).`,
      { needed: n * n, length: out.length },
    );
  }
  const shape = backend.shape(y);
  const unit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    unit[i] = 1;
    const row = backend.tidy(() => backend.toFloat64Array(autodiff.vjp(g, [y], backend.fromArray(unit, shape)).grads[0]));
    unit[i] = 0;
    out.set(row, i * n);
  }
}

/**
 * ∂g/∂y·v at `y` by two reverse passes (no forward mode needed): the map a ↦ (∂g/∂y)ᵀ·a is linear with
 * Jacobian (∂g/∂y)ᵀ, so its VJP against v is ∂g/∂y·v, exactly. Costs one forward and two backward passes; the
 * backend's autodiff must differentiate its own backward pass (tfjs does). Returns a new tensor of y's shape.
 * @throws OdeflowError SHAPE_MISMATCH when v's shape is not y's
 */
export function autodiffJvp<T>(backend: TensorBackend<T>, autodiff: Autodiff<T>, g: StateFunction<T>, y: T, v: T): T {
  const shape = backend.shape(y);
  const vShape = backend.shape(v);
  if (shape.length !== vShape.length || shape.some((d, i) => d !== vShape[i])) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `jvp: the direction v has shape [${vShape.join(', ')}] but the state y has shape [${shape.join(', ')}]; pass a v of y's shape.`,
      { expected: [...shape], got: [...vShape] },
    );
  }
  return backend.tidy(() => {
    const a0 = backend.zeros(shape);
    return autodiff.vjp((a) => autodiff.vjp(g, [y], a).grads[0], [a0], v).grads[0];
  });
}
