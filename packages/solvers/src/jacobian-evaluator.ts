import { OdeflowError, type Dynamics, type TensorBackend } from '@odeflow/core';
import { FiniteDifferenceJacobian } from './finite-difference-jacobian.js';
import { sparsityPattern } from './sparsity-pattern.js';

/** ∂f/∂y of one solve's dynamics, evaluated into a caller's buffer; implicit steppers hold one per solve. */
export interface JacobianEvaluator<T> {
  /** Number of state components n (the buffer holds n·n entries). */
  readonly n: number;
  /** Where ∂f/∂y comes from: the dynamics' `jacobian`, its `jvp` columns, or finite differences of f. */
  readonly source: 'jacobian' | 'jvp' | 'vjp' | 'finite-differences';
  /**
   * f evaluations this evaluator has spent so far (finite differences only; 0 for the other sources). A
   * stepper whose `nfe` should include them passes `counter` in the options instead of reading this.
   */
  readonly nfe: number;
  /**
   * Fill `out` (n·n, row-major: out[i·n + j] = ∂fᵢ/∂yⱼ) with the Jacobian at (t, y). `fy`, when the caller
   * holds f(t, y) already, saves finite differences one evaluation; the other sources ignore it.
   */
  evaluate(t: number, y: T, out: Float64Array, fy?: T): void;
}

/** Something that counts f evaluations (a stepper, say). */
export interface EvaluationCounter {
  /** f evaluations so far. */
  nfe: number;
}

/** Options of {@link jacobianEvaluator}. */
export interface JacobianEvaluatorOptions<T> {
  /**
   * Finite differences only: the scale below which a component counts as zero, so the step for yⱼ is
   * √ε·max(|yⱼ|, typicalⱼ). A number, a tensor of y's shape or an array (per component). Pass the solve's
   * absolute tolerance (SciPy's choice); default 1e-5 (Hairer's floor).
   */
  typical?: number | T | ArrayLike<number>;
  /** An object whose `nfe` the finite differences increment at every f evaluation (typically the stepper). */
  counter?: EvaluationCounter;
}

/** Default floor of the finite-difference step scale (RADAU5's 1e-5). */
const DEFAULT_TYPICAL = 1e-5;

function typicalScale<T>(backend: TensorBackend<T>, typical: JacobianEvaluatorOptions<T>['typical'], n: number): Float64Array {
  if (typical === undefined) return new Float64Array(n).fill(DEFAULT_TYPICAL);
  const v =
    typeof typical === 'number'
      ? new Float64Array(n).fill(typical)
      : Array.isArray(typical) || typical instanceof Float64Array
        ? Float64Array.from(typical as ArrayLike<number>)
        : backend.toFloat64Array(typical as T);
  if (v.length !== n || !v.every((x) => x >= 0 && Number.isFinite(x))) {
    throw new OdeflowError('INVALID_ARGUMENT', `jacobianEvaluator: typical must be ${n} finite numbers ≥ 0 (one per state component) or one such number.`, {
      option: 'typical',
    });
  }
  return v;
}

function fromJvp<T>(backend: TensorBackend<T>, dynamics: Dynamics<T>, params: readonly T[], n: number): JacobianEvaluator<T> {
  const jvp = dynamics.jvp!.bind(dynamics);
  const unit = new Float64Array(n);
  return {
    n,
    source: 'jvp',
    nfe: 0,
    evaluate(t, y, out) {
      const shape = backend.shape(y);
      for (let j = 0; j < n; j++) {
        unit.fill(0);
        unit[j] = 1;
        const e = backend.fromArray(unit, shape);
        const col = jvp(t, y, e, params);
        const c = backend.toFloat64Array(col);
        backend.dispose([e, col]);
        for (let i = 0; i < n; i++) out[i * n + j] = c[i];
      }
    },
  };
}

// rows eᵢᵀ·∂f/∂y from the VJP against each unit cotangent: exact, for dynamics with a VJP only
function fromVjp<T>(backend: TensorBackend<T>, dynamics: Dynamics<T>, params: readonly T[], n: number): JacobianEvaluator<T> {
  const vjp = dynamics.vjp!.bind(dynamics);
  const unit = new Float64Array(n);
  return {
    n,
    source: 'vjp',
    nfe: 0,
    evaluate(t, y, out) {
      const shape = backend.shape(y);
      for (let i = 0; i < n; i++) {
        unit.fill(0);
        unit[i] = 1;
        const a = backend.fromArray(unit, shape);
        const r = vjp(t, y, a, params);
        out.set(backend.toFloat64Array(r.y), i * n);
        backend.dispose([a, r.f, r.y, ...r.params]);
      }
    },
  };
}

/**
 * The Jacobian source of a solve, chosen once: the dynamics' own dense `jacobian` when it has one (exact:
 * symbolic, analytic or by autodiff), else its `jvp` against each unit vector, else its `vjp` against each
 * unit cotangent (rows), else forward differences of
 * f (grouped by `dynamics.jacobianSparsity` when given; see {@link FiniteDifferenceJacobian}). Implicit
 * methods call this instead of reading `Dynamics.jacobian` themselves, so that every method gets every
 * source. Callers count Jacobian evaluations (njev) themselves; finite differences count their f
 * evaluations into `options.counter.nfe`.
 * @throws OdeflowError SHAPE_MISMATCH / INVALID_ARGUMENT for a malformed `dynamics.jacobianSparsity`
 */
export function jacobianEvaluator<T>(
  backend: TensorBackend<T>,
  dynamics: Dynamics<T>,
  params: readonly T[],
  n: number,
  options: JacobianEvaluatorOptions<T> = {},
): JacobianEvaluator<T> {
  if (dynamics.jacobian) {
    const jac = dynamics.jacobian.bind(dynamics);
    return { n, source: 'jacobian', nfe: 0, evaluate: (t, y, out) => jac(t, y, params, out) };
  }
  if (dynamics.jvp) return fromJvp(backend, dynamics, params, n);
  if (dynamics.vjp) return fromVjp(backend, dynamics, params, n);
  const pattern = dynamics.jacobianSparsity === undefined ? undefined : sparsityPattern(dynamics.jacobianSparsity, n);
  const fd = new FiniteDifferenceJacobian(backend, dynamics, params, n, typicalScale(backend, options.typical, n), pattern);
  const counter = options.counter;
  return {
    n,
    source: 'finite-differences',
    get nfe() {
      return fd.nfe;
    },
    evaluate(t, y, out, fy) {
      const before = fd.nfe;
      fd.evaluate(t, y, out, fy);
      if (counter) counter.nfe += fd.nfe - before;
    },
  };
}
