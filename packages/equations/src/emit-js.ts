import { OdeflowError } from '@odeflow/core';
import type { ExpressionGraph, NodeId } from './expression-graph.js';

/** Numbers as JS literals; only finite numbers reach here. */
function literal(v: number): string {
  const s = String(v);
  return v < 0 || Object.is(v, -0) ? `(${s})` : s;
}

/** Deepest nesting of operations written inline before a temporary is introduced. */
const MAX_INLINE_DEPTH = 32;

const INFIX: Readonly<Record<string, string>> = { add: ' + ', sub: ' - ', mul: ' * ', div: ' / ' };

/** JS of one node from the JS of its operands: fixed text, printed numbers and local names only. */
function nodeJs(graph: ExpressionGraph, id: NodeId, x: readonly string[], local: (symbol: number) => string): string {
  const op = graph.op[id];
  switch (op) {
    case 'const':
      return literal(graph.value[id]);
    case 'sym':
      return local(graph.value[id]);
    case 'neg':
      return `(-${x[0]})`;
    case 'pow': {
      const [base, exponent] = graph.args[id];
      const k = graph.isConstant(exponent) ? graph.value[exponent] : NaN;
      // Small integer powers of a plain variable as products: faster than Math.pow and as exact.
      if ((k === 2 || k === 3) && graph.op[base] === 'sym') return `(${Array(k).fill(x[0]).join(' * ')})`;
      return `Math.pow(${x[0]}, ${x[1]})`;
    }
    case 'min':
    case 'max':
      return `Math.${op}(${x[0]}, ${x[1]})`;
    default:
      if (Object.hasOwn(INFIX, op)) return `(${x[0]}${INFIX[op]}${x[1]})`;
      if (x.length !== 1) throw new OdeflowError('UNSUPPORTED', `Equations: cannot compile the operation ${op}; please report this expression.`);
      return `Math.${op}(${x[0]})`;
  }
}

/** JavaScript computing several graph nodes: the statements of shared temporaries, then one expression per output. */
export interface EmittedJs {
  /** `const vN = …;` for every operation used more than once, operands first. */
  readonly statements: string[];
  /** JS expression of each output, in the order asked. */
  readonly outputs: string[];
}

/**
 * Generate JS for `outputs`: every operation that more than one user (or output) needs is computed once into a
 * temporary, the rest is inlined into its single user. The code is linear in the size of the outputs' DAG —
 * never the size of the tree it would unfold to. No text of the user's expression is copied into code.
 * @param local - the JS name of symbol number k (a parameter or local of the generated function)
 */
export function emitJs(graph: ExpressionGraph, outputs: readonly NodeId[], local: (symbol: number) => string): EmittedJs {
  const uses = new Map<NodeId, number>();
  const todo: NodeId[] = [];
  const use = (id: NodeId): void => {
    const n = uses.get(id);
    uses.set(id, (n ?? 0) + 1);
    if (n === undefined) todo.push(id);
  };
  outputs.forEach(use);
  while (todo.length > 0) graph.args[todo.pop() as NodeId].forEach(use);

  const text = new Map<NodeId, string>();
  /** Nesting of each inlined text: kept low, since JS parsers recurse on nested parentheses too. */
  const depth = new Map<NodeId, number>();
  const statements: string[] = [];
  const ref = (id: NodeId): string => text.get(id) as string;
  for (const id of [...uses.keys()].sort((a, b) => a - b)) {
    const args = graph.args[id];
    const js = nodeJs(graph, id, args.map(ref), local);
    const d = args.reduce((m, a) => Math.max(m, (depth.get(a) as number) + 1), 0);
    const leaf = args.length === 0;
    if (!leaf && ((uses.get(id) as number) > 1 || d >= MAX_INLINE_DEPTH)) {
      statements.push(`const v${id} = ${js};`);
      text.set(id, `v${id}`);
      depth.set(id, 0);
    } else {
      text.set(id, js);
      depth.set(id, d);
    }
  }
  return { statements, outputs: outputs.map(ref) };
}
