import { compileJacobian, type JacobianKernel } from './compile-jacobian.js';
import { compileKernels, type EquationKernels } from './compile-kernels.js';
import { checkResolvedEquationSpec, type ResolvedEquationSpec } from './equation-spec.js';
import { ExpressionGraph, type NodeId } from './expression-graph.js';
import { expressionText } from './expression-text.js';
import { loadMathJs } from './load-mathjs.js';
import { parseEquation } from './parse-equation.js';
import { symbolicGradient } from './symbolic-gradient.js';

/** A validated spec with its compiled kernels. */
export interface CompiledEquations {
  /** The spec the kernels were compiled from. */
  readonly spec: ResolvedEquationSpec;
  /** f and its VJP for one state row. */
  readonly kernels: EquationKernels;
  /**
   * ∂fᵢ/∂(state, params, time) as mathjs-style text in the user's names (`0` when independent), for inspection;
   * printed on first access, each entry at most `MAX_TEXT_LENGTH` (20 000) characters.
   */
  readonly jacobian: readonly (readonly string[])[];
  /**
   * The exact dense ∂f/∂y as compiled JS (see `compileJacobian`), for implicit methods; compiled on first
   * access, so that dynamics never solved implicitly do not pay for it.
   */
  readonly jacobianKernel: JacobianKernel;
}

const compiledSet = new WeakSet<object>();

/** True when `x` was returned by {@link compileEquations} (the dynamics classes accept nothing else). */
export function isCompiledEquations(x: unknown): x is CompiledEquations {
  return typeof x === 'object' && x !== null && compiledSet.has(x);
}

/**
 * Parse every right-hand side into one expression graph (common subexpressions shared), differentiate it in
 * reverse mode with respect to every state, parameter and the time, and compile f and aᵀJ into JS closures —
 * all once, here, in time linear in the total size of the equations (see `EQUATION_LIMITS`).
 * @throws OdeflowError `INVALID_SPEC` when `spec` is not a resolved spec (use `resolveEquationSpec`), and the
 *   `UNSAFE_EXPRESSION` / `INVALID_SPEC` of the expressions
 */
export function compileEquations(spec: ResolvedEquationSpec): CompiledEquations {
  checkResolvedEquationSpec(spec);
  const math = loadMathJs();
  const n = spec.state.length;
  const m = spec.params.length;
  const names = [...spec.state, ...spec.params, spec.time ?? 't'];
  const symbols = new Map<string, number>(names.slice(0, n + m).map((s, k) => [s, k]));
  if (spec.time !== undefined) symbols.set(spec.time, n + m);

  const graph = new ExpressionGraph();
  const f = spec.equations.map((source, i) => parseEquation(math, source, { equation: spec.state[i], symbols }, graph));
  const partials = f.map((root) => symbolicGradient(graph, root));
  const cotangent = (i: number): NodeId => graph.symbol(n + m + 1 + i);
  const contracted = (k: number): NodeId | undefined => {
    let sum: NodeId | undefined;
    partials.forEach((d, i) => {
      const dk = d.get(k);
      if (dk === undefined || graph.isConstant(dk, 0)) return;
      const term = graph.mul(cotangent(i), dk);
      sum = sum === undefined ? term : graph.add(sum, term);
    });
    return sum;
  };
  const kernels = compileKernels({
    graph,
    f,
    gy: spec.state.map((_, j) => contracted(j)),
    gp: spec.params.map((_, k) => contracted(n + k)),
    gt: spec.time === undefined ? undefined : contracted(n + m),
  });

  const columns = spec.time === undefined ? n + m : n + m + 1;
  let jacobian: string[][] | undefined;
  let jacobianKernel: JacobianKernel | undefined;
  const compiled: CompiledEquations = {
    spec,
    kernels,
    get jacobianKernel() {
      jacobianKernel ??= compileJacobian(graph, partials, m);
      return jacobianKernel;
    },
    get jacobian() {
      jacobian ??= partials.map((d) =>
        Array.from({ length: columns }, (_, k) => {
          const dk = d.get(k);
          return dk === undefined ? '0' : expressionText(graph, dk, (s) => names[s]);
        }),
      );
      return jacobian;
    },
  };
  compiledSet.add(compiled);
  return compiled;
}
