import { JsBackend, type Dynamics, type TensorBackend } from '@odeflow/core';
import { BackendEquationDynamics, checkBackend } from './backend-equation-dynamics.js';
import { compileEquations, type CompiledEquations } from './compile-equations.js';
import { resolveEquationSpec, type EquationSpec, type ResolvedEquationSpec } from './equation-spec.js';
import { JsEquationDynamics } from './js-equation-dynamics.js';

/** Compiled specs by their text (parameter values aside), so that rebuilding the same equations is free. */
const compiledCache = new Map<string, CompiledEquations>();
const CACHE_SIZE = 64;

function compileCached(spec: ResolvedEquationSpec): CompiledEquations {
  const key = JSON.stringify([spec.name, spec.state, spec.params, spec.time ?? null, spec.equations]);
  let compiled = compiledCache.get(key);
  if (compiled === undefined) {
    compiled = compileEquations(spec);
    if (compiledCache.size >= CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

/** What {@link equationDynamics} returns. */
export interface EquationDynamicsResult<T> {
  /** f and its VJP; on the `js` backend a {@link JsEquationDynamics} (with fInto and vjpInto). */
  readonly dynamics: Dynamics<T>;
  /** One single-number tensor (shape [1]) per parameter, holding its initial value, in declared order. */
  readonly params: T[];
  /** Parameter names, in the order of `params`. */
  readonly paramNames: string[];
  /** State names, in the order of the state vector. */
  readonly stateNames: string[];
  /**
   * The symbolic Jacobian as text in the user's names: row i holds ∂fᵢ/∂ of each state, each parameter, then
   * the time (when there is a time symbol). For inspection and documentation: printed on first access, each
   * entry at most 20 000 characters (a longer one is replaced by a note giving its number of operations).
   */
  readonly jacobian: string[][];
}

/**
 * Dynamics with a vector–Jacobian product from equations given as data. Every right-hand side is parsed with
 * mathjs and checked against a whitelist (numbers, declared symbols, + - * / ^, and sin cos tan exp log sqrt
 * abs tanh sinh cosh asin acos atan pow min max); its partial derivatives with respect to the state, the
 * parameters and the time are taken symbolically (reverse mode over an expression DAG that shares every common
 * subexpression, with only local exact rewrites — no global simplification), and compiled once into JavaScript
 * closures that compute each shared subexpression once, so building costs time linear in the size of the
 * equations and evaluating f or aᵀJ costs no parsing or tree walking. Sizes are bounded by `EQUATION_LIMITS`. Compilations are cached by
 * the equations' text, so building the same spec again (with other initial values) is cheap. min, max and abs are
 * differentiated through sign (subgradient 0 at a kink). States are [n] or a batch [B, n].
 *
 * On the `js` backend the closures run on the tensors' Float64Arrays; on other backends each call reads the
 * state back with `toFloat64Array` and uploads the result with `fromArray` (see {@link BackendEquationDynamics}).
 *
 * @example
 * ```ts
 * const { dynamics, params } = equationDynamics(new JsBackend(), {
 *   state: ['theta', 'omega'],
 *   params: { b: 0.25, c: 5 },
 *   equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' },
 * });
 * ```
 * @throws OdeflowError `INVALID_SPEC` (bad spec, unknown symbol, missing or extra equation, syntax error, names
 *   such as `__proto__` or `constructor`), `UNSAFE_EXPRESSION` (anything outside the whitelist: assignment,
 *   definitions, property access, strings, matrices, other function calls; an expression over 10 000 characters
 *   or nested deeper than 200 levels), `EQUATION_TOO_LARGE` (more than 1 000 states or parameters, more than
 *   100 000 characters in all), `INVALID_ARGUMENT` (a backend that is not a TensorBackend)
 */
export function equationDynamics<T>(backend: TensorBackend<T>, spec: EquationSpec): EquationDynamicsResult<T> {
  checkBackend(backend, 'equationDynamics');
  const resolved = resolveEquationSpec(spec);
  const compiled = compileCached(resolved);
  const { paramValues } = resolved;
  const dynamics: Dynamics<T> =
    backend instanceof JsBackend
      ? (new JsEquationDynamics(compiled, backend) as unknown as Dynamics<T>)
      : new BackendEquationDynamics(compiled, backend);
  return {
    dynamics,
    params: paramValues.map((v) => backend.fromArray([v], [1])),
    paramNames: [...compiled.spec.params],
    stateNames: [...compiled.spec.state],
    // Printed on first access only: the text is for people, and a large model's can be long.
    get jacobian() {
      return compiled.jacobian.map((row) => [...row]);
    },
  };
}
