/** Numeric precision of a backend's tensors. */
export type DType = 'float64' | 'float32';

/** Bytes and tensors a backend holds now and the most it held since the last reset. */
export interface BackendMemory {
  /** Bytes held by live tensors now. */
  readonly bytes: number;
  /** Most bytes held at once since the backend was created or {@link TensorBackend.resetPeak} was called. */
  readonly peakBytes: number;
  /** Number of live tensors. */
  readonly tensors: number;
}

/** Result of a vector–Jacobian product: the function's value and the cotangent of each input. */
export interface VjpOutput<T> {
  /** f(xs) */
  readonly value: T;
  /** dyᵀ ∂f/∂xᵢ for every input, in input order, each with its input's shape. */
  readonly grads: T[];
}

/** Automatic differentiation, offered by backends that can record their own ops (tfjs). */
export interface Autodiff<T> {
  /**
   * Vector–Jacobian product of `fn` at `xs` against the output cotangent `dy`.
   * `fn` must be written in this backend's ops only.
   */
  vjp(fn: (...xs: T[]) => T, xs: readonly T[], dy: T): VjpOutput<T>;
}

/**
 * Dense linear algebra for implicit methods: LU factorisation with partial pivoting and the solve that
 * uses it, in place on float64 buffers the caller owns (Newton matrices such as I − h·γ·J are assembled
 * from `Dynamics.jacobian`, which is float64 on every backend), so a solver allocates nothing per step.
 * Matrices are n×n, row-major, in the first n·n entries of their buffer.
 */
export interface Linalg {
  /**
   * Factorise `a` in place into P·A = L·U (L unit lower-triangular below the diagonal, U on and above it),
   * recording in `pivots[k]` the row swapped with row k. Returns true when A is singular (an exactly zero
   * pivot; the factors are then unusable), false when the factorisation succeeded.
   * @throws OdeflowError INVALID_ARGUMENT for a bad n, short buffers or a non-finite entry
   */
  factor(a: Float64Array, n: number, pivots: Int32Array): boolean;
  /**
   * Overwrite `b` with the solution x of A·x = b, given the factors and pivots from {@link Linalg.factor}.
   * @throws OdeflowError INVALID_ARGUMENT for a bad n, short buffers or singular factors
   */
  solve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void;
}

/**
 * A linear combination with few non-zero terms, Σ_q coeffs[q]·xs[index[q]], over a list of tensors xs: a
 * row of a Butcher tableau with its zeros left out, precomputed once so that a step allocates nothing.
 */
export interface SparseTerms {
  /** Positions in xs of the terms, in summation order. */
  readonly index: readonly number[];
  /** The coefficient of each term (same length as index). */
  readonly coeffs: readonly number[];
}

/**
 * Mutating operations, offered by backends whose tensors are mutable buffers (`js`). The solver loop
 * uses them to run without allocating; backends with immutable tensors leave this undefined.
 */
export interface InPlaceOps<T> {
  /** out ← Σ cᵢ·xᵢ (out may alias one of xs only if it is xs[0]). */
  lincombInto(out: T, coeffs: readonly number[], xs: readonly T[]): void;
  /** out ← x */
  copyInto(out: T, x: T): void;
  /**
   * out ← base + h·Σ_q terms.coeffs[q]·xs[terms.index[q]] (base null: no base term), in one pass per term
   * over the raw data: a Runge–Kutta stage or solution update, or an error estimate. `out` may alias
   * `base` but none of the xs it reads.
   * @throws OdeflowError SHAPE_MISMATCH when a tensor read differs in size from `out`
   */
  combineInto(out: T, base: T | null, h: number, terms: SparseTerms, xs: readonly T[]): void;
  /** Optional: the tensor's own float64 data (row-major; writes change the tensor), for implicit methods' Newton work. */
  view?(x: T): Float64Array;
}

/**
 * The tensor backend contract. States and parameters are backend tensors; time and step sizes are JS
 * numbers. All ops return new tensors and leave their inputs unchanged (except {@link InPlaceOps}).
 */
export interface TensorBackend<T = unknown> {
  /** Registered name, e.g. `js`, `tfjs`, `wasm`. */
  readonly name: string;
  /** Precision of this backend's tensors. */
  readonly dtype: DType;
  /** Smallest relative tolerance this backend can honour (≈ 100·machine epsilon). */
  readonly minTolerance: number;
  /** Present when the backend can differentiate its own ops. */
  readonly autodiff?: Autodiff<T>;
  /** Present when tensors are mutable buffers. */
  readonly inPlace?: InPlaceOps<T>;
  /** Present when the backend offers dense LU factorisation and solves (implicit methods need it). */
  readonly linalg?: Linalg;

  // creation and read-back
  /** A tensor holding `data` (row-major) with `shape` (default: 1-D of data's length). */
  fromArray(data: ArrayLike<number>, shape?: readonly number[]): T;
  /** A tensor of zeros. */
  zeros(shape: readonly number[]): T;
  /** A tensor filled with `value`. */
  fill(shape: readonly number[], value: number): T;
  /** A copy of the tensor's data as float64, row-major. */
  toFloat64Array(x: T): Float64Array;
  /** The tensor's shape. */
  shape(x: T): readonly number[];
  /** Number of elements. */
  size(x: T): number;
  /**
   * Throw OdeflowError INVALID_ARGUMENT unless `x` is a live tensor of this backend (not null, a plain array,
   * another backend's tensor or a disposed one); `what` names it in the message (`y0`, `cotangent 2`). Entry
   * points call it once per argument, never per op; they skip the check on backends without it.
   */
  checkTensor?(x: unknown, what: string): void;
  /** A copy of `x` (a new tensor the caller owns). */
  clone(x: T): T;

  // fused vector operations for solvers
  /** Σ cᵢ·xᵢ in one call; all xs share one shape. Zero coefficients are skipped. */
  lincomb(coeffs: readonly number[], xs: readonly T[]): T;
  /**
   * RMS over components of err / (atol + rtol·max(|y0|, |y1|)); rtol and atol are scalars or tensors
   * of y's shape (per-component tolerances).
   */
  errorNorm(err: T, y0: T, y1: T, rtol: number | T, atol: number | T): number;
  /** Root mean square of the elements. */
  rms(x: T): number;
  /** Σ xᵢ·yᵢ */
  dot(x: T, y: T): number;
  /** Largest |xᵢ|. */
  maxAbs(x: T): number;
  /** True when every element is finite. */
  allFinite(x: T): boolean;

  // structure
  /** Same data, new shape (sizes must agree). */
  reshape(x: T, shape: readonly number[]): T;
  /** Flatten every tensor and concatenate them into one 1-D tensor. */
  concat(xs: readonly T[]): T;
  /** Split a 1-D tensor into consecutive 1-D pieces of the given sizes. */
  split(x: T, sizes: readonly number[]): T[];

  // elementwise (b may be a scalar or broadcast along the leading axes: [.., n] op [n])
  /** a + b */
  add(a: T, b: T | number): T;
  /** a − b */
  sub(a: T, b: T | number): T;
  /** a ⊙ b */
  mul(a: T, b: T | number): T;
  /** a ⊘ b */
  div(a: T, b: T | number): T;
  /** −x */
  neg(x: T): T;
  /** tanh */
  tanh(x: T): T;
  /** max(x, 0) */
  relu(x: T): T;
  /** 1 / (1 + e^−x) */
  sigmoid(x: T): T;
  /** log(1 + eˣ) */
  softplus(x: T): T;
  /** eˣ */
  exp(x: T): T;
  /** sin */
  sin(x: T): T;
  /** cos */
  cos(x: T): T;
  /** xᵖ */
  pow(x: T, p: number): T;
  /** Sum of all elements as a scalar tensor of shape []. */
  sum(x: T): T;
  /** Matrix product of 2-D tensors, with optional transposes. */
  matMul(a: T, b: T, transposeA?: boolean, transposeB?: boolean): T;
  /** Transpose of a 2-D tensor. */
  transpose(x: T): T;

  // memory
  /** Run `fn`, disposing every tensor it created except those it returns (arrays/objects searched). */
  tidy<R>(fn: () => R): R;
  /** Exempt `x` from disposal by the enclosing tidy. */
  keep<X extends T>(x: X): X;
  /** Release tensors (no-op for tensors already released). */
  dispose(x: T | readonly T[]): void;
  /** Bytes and tensors held now and at peak. */
  memory(): BackendMemory;
  /** Start a new peak measurement from the bytes held now. */
  resetPeak(): void;
}
