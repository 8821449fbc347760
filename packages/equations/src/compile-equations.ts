import type { MathNode } from 'mathjs';
import { compileKernels, type EquationKernels } from './compile-kernels.js';
import type { ResolvedEquationSpec } from './equation-spec.js';
import { loadMathJs } from './load-mathjs.js';
import { parseEquation } from './parse-equation.js';
import { partialDerivative, symbolsOf } from './partial-derivative.js';

/** A validated spec with its compiled kernels. */
export interface CompiledEquations {
  /** The spec the kernels were compiled from. */
  readonly spec: ResolvedEquationSpec;
  /** f and its VJP for one state row. */
  readonly kernels: EquationKernels;
  /** ∂fᵢ/∂(state, params, time) as simplified mathjs text in the user's names (`0` when independent), for inspection. */
  readonly jacobian: readonly (readonly string[])[];
}

/**
 * Parse every right-hand side, differentiate it symbolically with respect to every state, parameter and the
 * time, simplify, and compile f and aᵀJ into JS closures — all once, here.
 * @throws OdeflowError `UNSAFE_EXPRESSION` / `INVALID_SPEC` from `parseEquation`
 */
export function compileEquations(spec: ResolvedEquationSpec): CompiledEquations {
  const math = loadMathJs();
  const symbols = new Map<string, string>();
  const locals = new Map<string, string>();
  const userNames = new Map<string, string>();
  const declare = (user: string, internal: string, local: string): void => {
    symbols.set(user, internal);
    locals.set(internal, local);
    userNames.set(internal, user);
  };
  // Internal names keep mathjs from reading user symbols as its own constants (i, e, pi...) while it simplifies.
  spec.state.forEach((s, j) => declare(s, `x_s_${j}`, `s${j}`));
  spec.params.forEach((p, k) => declare(p, `x_p_${k}`, `p${k}`));
  if (spec.time !== undefined) declare(spec.time, 'x_t', 't');

  const equations = spec.equations.map((source, i) => parseEquation(math, source, { equation: spec.state[i], symbols }));
  const partial = (i: number, internal: string, present: Set<string>): MathNode | null => {
    if (!present.has(internal)) return null;
    const d = partialDerivative(math, equations[i], internal, `d(${spec.state[i]})/d(${userNames.get(internal)})`);
    return d.type === 'ConstantNode' && (d as unknown as { value: unknown }).value === 0 ? null : d;
  };
  const jy: (MathNode | null)[][] = [];
  const jp: (MathNode | null)[][] = [];
  const jt: (MathNode | null)[] = [];
  equations.forEach((e, i) => {
    const present = symbolsOf(e);
    jy.push(spec.state.map((_, j) => partial(i, `x_s_${j}`, present)));
    jp.push(spec.params.map((_, k) => partial(i, `x_p_${k}`, present)));
    jt.push(spec.time === undefined ? null : partial(i, 'x_t', present));
  });
  const kernels = compileKernels({ equations, jy, jp, jt, locals }, spec.state.length, spec.params.length);

  const userText = (d: MathNode | null): string =>
    d === null
      ? '0'
      : d
          .transform((n) => (n.type === 'SymbolNode' && userNames.has((n as unknown as { name: string }).name)
            ? new math.SymbolNode(userNames.get((n as unknown as { name: string }).name) as string)
            : n))
          .toString();
  const jacobian = equations.map((_, i) => [...jy[i], ...jp[i], ...(spec.time === undefined ? [] : [jt[i]])].map(userText));
  return { spec, kernels, jacobian };
}
