import type { ExpressionGraph, NodeId } from './expression-graph.js';
import { subgraph } from './symbolic-gradient.js';

/** Longest text printed for one expression: unfolded, a DAG's tree can be quadratic in its size. */
export const MAX_TEXT_LENGTH = 20_000;

const INFIX: Readonly<Record<string, [string, number]>> = { add: [' + ', 1], sub: [' - ', 1], mul: [' * ', 2], div: [' / ', 2], pow: [' ^ ', 4] };

/** Binding strength of a node's printed form (higher binds tighter). */
function precedence(graph: ExpressionGraph, id: NodeId): number {
  const op = graph.op[id];
  if (Object.hasOwn(INFIX, op)) return INFIX[op][1];
  if (op === 'neg' || (op === 'const' && graph.value[id] < 0)) return 3;
  return 5;
}

/**
 * An expression as mathjs-style text (`-(c * cos(theta))`), symbols printed by `name`. Parentheses only where
 * precedence needs them. Texts longer than {@link MAX_TEXT_LENGTH} characters are replaced by a note giving
 * the number of distinct operations, so printing stays bounded.
 */
export function expressionText(graph: ExpressionGraph, root: NodeId, name: (symbol: number) => string): string {
  const text = new Map<NodeId, string>();
  const nodes = subgraph(graph, root, true).reverse();
  const wrap = (child: NodeId, min: number): string => {
    const t = text.get(child) as string;
    return precedence(graph, child) < min ? `(${t})` : t;
  };
  for (const id of nodes) {
    const op = graph.op[id];
    const [a, b] = graph.args[id];
    let t: string;
    if (op === 'sym') t = name(graph.value[id]);
    else if (op === 'const') t = String(graph.value[id]);
    else if (op === 'neg') t = `-${wrap(a, 4)}`;
    else if (Object.hasOwn(INFIX, op)) {
      const [sep, p] = INFIX[op];
      // Left-associative + − * /: the right operand of − and / needs brackets at equal precedence; ^ is right-associative.
      const leftMin = op === 'pow' ? p + 1 : p;
      const rightMin = op === 'sub' || op === 'div' ? p + 1 : p;
      t = `${wrap(a, leftMin)}${sep}${wrap(b, rightMin)}`;
    } else {
      t = `${op}(${graph.args[id].map((x) => wrap(x, 0)).join(', ')})`;
    }
    if (t.length > MAX_TEXT_LENGTH) return `(an expression of ${nodes.length} distinct operations, too long to print)`;
    text.set(id, t);
  }
  return text.get(root) as string;
}
