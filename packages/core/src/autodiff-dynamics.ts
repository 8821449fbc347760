import type { Dynamics, DynamicsVjp } from './dynamics.js';
import { autodiffJacobian, autodiffJvp } from './autodiff-state-derivatives.js';
import { OdeflowError } from './odeflow-error.js';
import type { Autodiff, TensorBackend } from './tensor-backend.js';

/**
 * How a function given to {@link autodiffDynamics} sees time, which decides how aᵀ∂f/∂t is obtained:
 * - `'number'` (default): f receives t as a JS number. Autodiff cannot see through a number, so aᵀ∂f/∂t is
 *   a central difference aᵀ(f(t+h) − f(t−h))/2h with h = ∛ε·max(1, |t|) (ε the backend's machine epsilon):
 *   two extra evaluations of f per VJP, relative error ≈ ε^⅔ (≈ 2e-5 on float32, 4e-11 on float64).
 * - `'tensor'`: f receives t as a scalar tensor (shape []) of the backend and must use it through backend
 *   ops; aᵀ∂f/∂t is then exact, from the same backward pass as the other cotangents.
 * - `'autonomous'`: f does not depend on t (it receives t as a number and must ignore it); aᵀ∂f/∂t = 0 at no
 *   cost. Most neural ODEs are autonomous.
 */
export type AutodiffTime = 'number' | 'tensor' | 'autonomous';

/** Options of {@link autodiffDynamics}. */
export interface AutodiffDynamicsOptions {
  /** Human-readable name for messages. */
  readonly name?: string;
  /** How f sees time (default `'number'`); see {@link AutodiffTime}. */
  readonly time?: AutodiffTime;
}

/** A right-hand side written in a backend's ops, with t as a JS number. */
export type AutodiffFunction<T> = (t: number, y: T, params: readonly T[]) => T;

/** A right-hand side written in a backend's ops, with t as a scalar tensor of that backend. */
export type AutodiffTensorTimeFunction<T> = (t: T, y: T, params: readonly T[]) => T;

function noVjp(backend: TensorBackend<unknown>, name: string): OdeflowError {
  return new OdeflowError(
    'NO_VJP',
    `Cannot differentiate "${name}": backend "${backend.name}" has no automatic differentiation. ` +
      `Get a VJP in one of these ways: describe the dynamics as a block (e.g. an MLP spec, realised with a ` +
      `hand-written VJP on every backend); write it as equations (symbolic derivatives); run it on an autodiff ` +
      `backend ("tfjs" or "wasm"); or supply your own vjp(t, y, a, params) in a Dynamics object.`,
    { backend: backend.name, dynamics: name },
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Dynamics from a function written in `backend`'s ops, whose VJP comes from the backend's automatic
 * differentiation (`backend.autodiff`): aᵀ∂f/∂y and aᵀ∂f/∂θ from one recorded forward and one backward pass;
 * aᵀ∂f/∂t as `options.time` says (see {@link AutodiffTime}). It also offers what implicit methods need: the
 * dense `jacobian` ∂f/∂y (n VJPs against unit cotangents, see {@link autodiffJacobian}) and `jvp` ∂f/∂y·v
 * (two reverse passes, see {@link autodiffJvp}), both exact.
 *
 * Throws `NO_VJP` at once when the backend cannot differentiate (the `js` backend): for a forward-only solve
 * there, pass a plain `{ f }` Dynamics instead.
 */
export function autodiffDynamics<T>(
  backend: TensorBackend<T>,
  f: AutodiffFunction<T>,
  options?: AutodiffDynamicsOptions & { readonly time?: 'number' | 'autonomous' },
): Dynamics<T>;
/** As above, with t passed to f as a scalar tensor so that aᵀ∂f/∂t is exact. */
export function autodiffDynamics<T>(
  backend: TensorBackend<T>,
  f: AutodiffTensorTimeFunction<T>,
  options: AutodiffDynamicsOptions & { readonly time: 'tensor' },
): Dynamics<T>;
export function autodiffDynamics<T>(
  backend: TensorBackend<T>,
  f: AutodiffFunction<T> | AutodiffTensorTimeFunction<T>,
  options: AutodiffDynamicsOptions = {},
): Dynamics<T> {
  const name = options.name ?? 'f';
  const time = options.time ?? 'number';
  if (time !== 'number' && time !== 'tensor' && time !== 'autonomous') {
    throw new OdeflowError('INVALID_ARGUMENT', `autodiffDynamics: time must be 'number', 'tensor' or 'autonomous'; got ${String(time)}.`);
  }
  if (typeof f !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `autodiffDynamics: f must be a function (t, y, params) => tensor; got ${typeof f}.`);
  }
  const autodiff = backend.autodiff;
  if (!autodiff) throw noVjp(backend as TensorBackend<unknown>, name);
  const checked = shapeChecker(backend, name);
  return time === 'tensor'
    ? tensorTimeDynamics(backend, autodiff, f as AutodiffTensorTimeFunction<T>, name, checked)
    : numberTimeDynamics(backend, autodiff, f as AutodiffFunction<T>, name, time === 'number', checked);
}

/** f's value after checking it has y's shape. */
type ShapeChecked<T> = (out: T, y: T, t: number) => T;

function shapeChecker<T>(backend: TensorBackend<T>, name: string): ShapeChecked<T> {
  // A wrong shape would otherwise surface as an obscure cotangent mismatch deep inside the VJP.
  return (out, y, t) => {
    const got = backend.shape(out);
    const want = backend.shape(y);
    if (!sameShape(got, want)) {
      throw new OdeflowError(
        'SHAPE_MISMATCH',
        `${name} returned shape [${got.join(', ')}] at t = ${t}, but the state y has shape [${want.join(', ')}]. ` +
          `Return one derivative per component of y, in y's shape.`,
        { t, expected: [...want], got: [...got] },
      );
    }
    return out;
  };
}

function tensorTimeDynamics<T>(
  backend: TensorBackend<T>,
  autodiff: Autodiff<T>,
  ft: AutodiffTensorTimeFunction<T>,
  name: string,
  checked: ShapeChecked<T>,
): Dynamics<T> {
  // t as a scalar tensor for the derivatives in y, released afterwards
  const atTime = <R>(t: number, use: (tt: T) => R): R => {
    const tt = backend.fromArray([t], []);
    try {
      return use(tt);
    } finally {
      backend.dispose(tt);
    }
  };
  return {
    name,
    f(t, y, params) {
      return backend.tidy(() => checked(ft(backend.fromArray([t], []), y, params), y, t));
    },
    vjp(t, y, a, params): DynamicsVjp<T> {
      return atTime(t, (tt) => {
        const { value, grads } = autodiff.vjp(
          (yy, ...rest) => checked(ft(rest[rest.length - 1], yy, rest.slice(0, -1)), y, t),
          [y, ...params, tt],
          a,
        );
        const gt = grads[grads.length - 1];
        const dt = backend.toFloat64Array(gt)[0];
        backend.dispose(gt);
        return { f: value, y: grads[0], params: grads.slice(1, -1), t: dt };
      });
    },
    jvp: (t, y, v, params) => atTime(t, (tt) => autodiffJvp(backend, autodiff, (yy) => checked(ft(tt, yy, params), y, t), y, v)),
    jacobian(t, y, params, out) {
      atTime(t, (tt) => autodiffJacobian(backend, autodiff, (yy) => checked(ft(tt, yy, params), y, t), y, out));
    },
  };
}

function numberTimeDynamics<T>(
  backend: TensorBackend<T>,
  autodiff: Autodiff<T>,
  fn: AutodiffFunction<T>,
  name: string,
  timeByDifference: boolean,
  checked: ShapeChecked<T>,
): Dynamics<T> {
  const eps = backend.dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  return {
    name,
    // tidy: the user's intermediates are released, only f's value is returned to the solver
    f: (t, y, params) => backend.tidy(() => checked(fn(t, y, params), y, t)),
    vjp(t, y, a, params): DynamicsVjp<T> {
      const { value, grads } = autodiff.vjp((yy, ...ps) => checked(fn(t, yy, ps), y, t), [y, ...params], a);
      let dt = 0;
      if (timeByDifference) {
        const h = Math.cbrt(eps) * Math.max(1, Math.abs(t));
        const tp = t + h;
        const tm = t - h;
        dt = backend.tidy(() => backend.dot(a, backend.sub(fn(tp, y, params), fn(tm, y, params))) / (tp - tm));
      }
      return { f: value, y: grads[0], params: grads.slice(1), t: dt };
    },
    jvp: (t, y, v, params) => autodiffJvp(backend, autodiff, (yy) => checked(fn(t, yy, params), y, t), y, v),
    jacobian(t, y, params, out) {
      autodiffJacobian(backend, autodiff, (yy) => checked(fn(t, yy, params), y, t), y, out);
    },
  };
}
