import type { MathNode } from 'mathjs';
import { OdeflowError } from '@odeflow/core';

/** f for one state row: reads y[yo..yo+n), writes out[oo..oo+n). `out` may be `y`. */
export type RowFunction = (t: number, y: Float64Array, yo: number, p: Float64Array, out: Float64Array, oo: number) => void;

/**
 * The VJP for one state row: writes f into f[fo..], aᵀ∂f/∂y into gy[go..], ADDS aᵀ∂f/∂θ into gp (so that a batch
 * sums over its rows), and returns aᵀ∂f/∂t. The outputs must not share memory with y or a.
 */
export type RowVjp = (
  t: number,
  y: Float64Array,
  yo: number,
  a: Float64Array,
  ao: number,
  p: Float64Array,
  f: Float64Array,
  fo: number,
  gy: Float64Array,
  go: number,
  gp: Float64Array,
) => number;

/** The equations' symbolic pieces, in internal names (see {@link compileKernels}). */
export interface SymbolicSystem {
  /** Right-hand sides, one per state. */
  readonly equations: readonly MathNode[];
  /** jy[i][j] = ∂fᵢ/∂yⱼ, or null when it is identically zero. */
  readonly jy: readonly (readonly (MathNode | null)[])[];
  /** jp[i][k] = ∂fᵢ/∂θₖ, or null. */
  readonly jp: readonly (readonly (MathNode | null)[])[];
  /** jt[i] = ∂fᵢ/∂t, or null. */
  readonly jt: readonly (MathNode | null)[];
  /** Internal symbol name → JS local name (`s0`, `p0`, `t`). */
  readonly locals: ReadonlyMap<string, string>;
}

/** The compiled closures and their source (for inspection and tests). */
export interface EquationKernels {
  /** f for one row. */
  readonly f: RowFunction;
  /** VJP for one row. */
  readonly vjp: RowVjp;
  /** The generated JavaScript of both. */
  readonly source: {
    /** Body of {@link EquationKernels.f}. */
    readonly f: string;
    /** Body of {@link EquationKernels.vjp}. */
    readonly vjp: string;
  };
}

/** JS for functions of the whitelist and for those mathjs's derivatives introduce. */
const JS_FUNCTIONS: Readonly<Record<string, (args: string[]) => string>> = {
  sin: (a) => `Math.sin(${a[0]})`,
  cos: (a) => `Math.cos(${a[0]})`,
  tan: (a) => `Math.tan(${a[0]})`,
  exp: (a) => `Math.exp(${a[0]})`,
  log: (a) => `Math.log(${a[0]})`,
  sqrt: (a) => `Math.sqrt(${a[0]})`,
  abs: (a) => `Math.abs(${a[0]})`,
  tanh: (a) => `Math.tanh(${a[0]})`,
  sinh: (a) => `Math.sinh(${a[0]})`,
  cosh: (a) => `Math.cosh(${a[0]})`,
  asin: (a) => `Math.asin(${a[0]})`,
  acos: (a) => `Math.acos(${a[0]})`,
  atan: (a) => `Math.atan(${a[0]})`,
  pow: (a) => `Math.pow(${a[0]}, ${a[1]})`,
  min: (a) => `Math.min(${a.join(', ')})`,
  max: (a) => `Math.max(${a.join(', ')})`,
  sign: (a) => `Math.sign(${a[0]})`,
  sec: (a) => `(1 / Math.cos(${a[0]}))`,
  csc: (a) => `(1 / Math.sin(${a[0]}))`,
  cot: (a) => `(1 / Math.tan(${a[0]}))`,
  sech: (a) => `(1 / Math.cosh(${a[0]}))`,
  csch: (a) => `(1 / Math.sinh(${a[0]}))`,
  coth: (a) => `(1 / Math.tanh(${a[0]}))`,
};

const JS_OPERATORS: Readonly<Record<string, string>> = { add: ' + ', subtract: ' - ', multiply: ' * ', divide: ' / ' };

/** Numbers as JS literals; only finite numbers reach here. */
function literal(v: number): string {
  const s = String(v);
  return v < 0 || Object.is(v, -0) ? `(${s})` : s;
}

/**
 * JavaScript for a vetted mathjs tree. Every piece of output is either fixed text from the tables above, a
 * number printed by `String(number)`, or a local name from `locals`: no text of the user's expression is ever
 * copied into code.
 */
function toJs(node: MathNode, locals: ReadonlyMap<string, string>): string {
  const unsupported = (what: string): never => {
    throw new OdeflowError('UNSUPPORTED', `Equations: cannot compile ${what} (in ${node.toString()}); please report this expression.`);
  };
  switch (node.type) {
    case 'ParenthesisNode':
      return toJs((node as unknown as { content: MathNode }).content, locals);
    case 'ConstantNode': {
      const v = (node as unknown as { value: unknown }).value;
      if (typeof v !== 'number' || !Number.isFinite(v)) return unsupported(`the constant ${String(v)}`);
      return literal(v);
    }
    case 'SymbolNode': {
      const local = locals.get((node as unknown as { name: string }).name);
      return local ?? unsupported(`the symbol ${node.toString()}`);
    }
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; args: MathNode[] };
      const args = op.args.map((a) => toJs(a, locals));
      if (op.fn === 'unaryMinus' && args.length === 1) return `(-${args[0]})`;
      if (op.fn === 'unaryPlus' && args.length === 1) return args[0];
      if (op.fn === 'pow' && args.length === 2) {
        const e = op.args[1];
        const k = e.type === 'ConstantNode' ? (e as unknown as { value: number }).value : NaN;
        // Small integer powers of a plain variable as products: faster than Math.pow and as exact.
        if ((k === 2 || k === 3) && /^[a-z]\d*$/.test(args[0])) return `(${Array(k).fill(args[0]).join(' * ')})`;
        return `Math.pow(${args[0]}, ${args[1]})`;
      }
      const sep = Object.hasOwn(JS_OPERATORS, op.fn) ? JS_OPERATORS[op.fn] : undefined;
      if (sep === undefined || args.length < 2) return unsupported(`the operator ${op.fn}`);
      return `(${args.join(sep)})`;
    }
    case 'FunctionNode': {
      const call = node as unknown as { fn: MathNode; args: MathNode[] };
      const name = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : '';
      const emit = Object.hasOwn(JS_FUNCTIONS, name) ? JS_FUNCTIONS[name] : undefined;
      if (emit === undefined) return unsupported(`the function ${name}`);
      return emit(call.args.map((a) => toJs(a, locals)));
    }
    default:
      return unsupported(`a ${node.type}`);
  }
}

function isConstant(node: MathNode, value: number): boolean {
  return node.type === 'ConstantNode' && (node as unknown as { value: unknown }).value === value;
}

/** a·J as code, dropping factors of ±1. */
function product(a: string, j: MathNode, locals: ReadonlyMap<string, string>): string {
  if (isConstant(j, 1)) return a;
  if (isConstant(j, -1)) return `-${a}`;
  return `${a} * ${toJs(j, locals)}`;
}

function sum(terms: string[]): string {
  if (terms.length === 0) return '0';
  return terms.join(' + ').replace(/\+ -/g, '- ');
}

/**
 * Generate and compile, once, the row kernels of f and of its VJP aᵀJ from the symbolic partials. State,
 * parameters and time are loaded into locals first, so f may write over its own input.
 */
export function compileKernels(system: SymbolicSystem, nState: number, nParams: number): EquationKernels {
  const { locals } = system;
  const load: string[] = [];
  for (let j = 0; j < nState; j++) load.push(`const s${j} = y[yo + ${j}];`);
  for (let k = 0; k < nParams; k++) load.push(`const p${k} = p[${k}];`);
  const values = system.equations.map((e, i) => `const r${i} = ${toJs(e, locals)};`);

  const fBody = [...load, ...values, ...system.equations.map((_, i) => `out[oo + ${i}] = r${i};`)].join('\n');

  const vjpLines = [...load];
  for (let i = 0; i < nState; i++) vjpLines.push(`const a${i} = a[ao + ${i}];`);
  vjpLines.push(...values);
  system.equations.forEach((_, i) => vjpLines.push(`f[fo + ${i}] = r${i};`));
  for (let j = 0; j < nState; j++) {
    const terms: string[] = [];
    for (let i = 0; i < nState; i++) {
      const d = system.jy[i][j];
      if (d !== null) terms.push(product(`a${i}`, d, locals));
    }
    vjpLines.push(`gy[go + ${j}] = ${sum(terms)};`);
  }
  for (let k = 0; k < nParams; k++) {
    const terms: string[] = [];
    for (let i = 0; i < nState; i++) {
      const d = system.jp[i][k];
      if (d !== null) terms.push(product(`a${i}`, d, locals));
    }
    if (terms.length > 0) vjpLines.push(`gp[${k}] += ${sum(terms)};`);
  }
  const tTerms: string[] = [];
  for (let i = 0; i < nState; i++) {
    const d = system.jt[i];
    if (d !== null) tTerms.push(product(`a${i}`, d, locals));
  }
  vjpLines.push(`return ${sum(tTerms)};`);
  const vjpBody = vjpLines.join('\n');

  // The bodies are built only from vetted trees (see toJs); `new Function` runs them in the global scope,
  // with no access to this module's variables.
  const f = new Function('t', 'y', 'yo', 'p', 'out', 'oo', `'use strict';\n${fBody}`) as RowFunction;
  const vjp = new Function('t', 'y', 'yo', 'a', 'ao', 'p', 'f', 'fo', 'gy', 'go', 'gp', `'use strict';\n${vjpBody}`) as RowVjp;
  return { f, vjp, source: { f: fBody, vjp: vjpBody } };
}
