import type { ExpressionGraph, NodeId } from './expression-graph.js';

/** Hands the contribution of one path to an operand's adjoint; builds it only when the operand is not constant. */
type Give = (operand: NodeId, contribution: () => NodeId) => void;

type Rule = (G: ExpressionGraph, g: NodeId, a: NodeId, id: NodeId) => NodeId;

/** g·f'(a) for the one-argument functions, f'(a) written with the node itself (id = f(a)) where that shares work. */
const UNARY: Readonly<Partial<Record<string, Rule>>> = {
  neg: (G, g) => G.neg(g),
  sin: (G, g, a) => G.mul(g, G.make('cos', [a])),
  cos: (G, g, a) => G.neg(G.mul(g, G.make('sin', [a]))),
  tan: (G, g, a) => {
    const c = G.make('cos', [a]);
    return G.div(g, G.mul(c, c));
  },
  exp: (G, g, _a, id) => G.mul(g, id),
  log: (G, g, a) => G.div(g, a),
  sqrt: (G, g, _a, id) => G.div(g, G.mul(G.constant(2), id)),
  // sign, not mathjs's abs(u)/u: the subgradient 0 at u = 0 instead of NaN.
  abs: (G, g, a) => G.mul(g, G.make('sign', [a])),
  tanh: (G, g, a) => {
    // sech² as 1/cosh², not 1 − tanh², which loses all its digits for large arguments.
    const c = G.make('cosh', [a]);
    return G.div(g, G.mul(c, c));
  },
  sinh: (G, g, a) => G.mul(g, G.make('cosh', [a])),
  cosh: (G, g, a) => G.mul(g, G.make('sinh', [a])),
  asin: (G, g, a) => G.div(g, G.make('sqrt', [G.sub(G.constant(1), G.mul(a, a))])),
  acos: (G, g, a) => G.neg(G.div(g, G.make('sqrt', [G.sub(G.constant(1), G.mul(a, a))]))),
  atan: (G, g, a) => G.div(g, G.add(G.constant(1), G.mul(a, a))),
};

/** Adds g·∂node/∂operand to each operand's adjoint: the local derivative rules. */
function propagate(graph: ExpressionGraph, id: NodeId, g: NodeId, give: Give): void {
  const G = graph;
  const [a, b] = G.args[id];
  const op = G.op[id];
  const unary = Object.hasOwn(UNARY, op) ? UNARY[op] : undefined;
  if (unary !== undefined) {
    give(a, () => unary(G, g, a, id));
    return;
  }
  switch (op) {
    case 'add':
      give(a, () => g);
      give(b, () => g);
      return;
    case 'sub':
      give(a, () => g);
      give(b, () => G.neg(g));
      return;
    case 'mul':
      give(a, () => G.mul(g, b));
      give(b, () => G.mul(g, a));
      return;
    case 'div':
      give(a, () => G.div(g, b));
      give(b, () => G.neg(G.mul(g, G.div(id, b))));
      return;
    case 'pow':
      give(a, () => G.mul(g, G.mul(b, G.pow(a, G.sub(b, G.constant(1))))));
      give(b, () => G.mul(g, G.mul(id, G.make('log', [a]))));
      return;
    case 'min':
    case 'max': {
      // min(a, b) = (a + b − |a − b|)/2: the derivative of the selected operand, the average at a tie.
      const s = (): NodeId => G.make('sign', [G.sub(a, b)]);
      const half = (flip: boolean): NodeId => G.div(flip ? G.sub(G.constant(1), s()) : G.add(G.constant(1), s()), G.constant(2));
      give(a, () => G.mul(g, half(op === 'min')));
      give(b, () => G.mul(g, half(op !== 'min')));
      return;
    }
    default:
      return; // constants, symbols and sign (derivative 0 almost everywhere)
  }
}

/**
 * The nodes root depends on, root included, in decreasing order (every user before its operands): the
 * non-constant ones only, or with `all` every one.
 */
export function subgraph(graph: ExpressionGraph, root: NodeId, all = false): NodeId[] {
  const seen = new Set<NodeId>([root]);
  const todo = [root];
  while (todo.length > 0) {
    for (const a of graph.args[todo.pop() as NodeId]) {
      if ((all || graph.variable[a]) && !seen.has(a)) {
        seen.add(a);
        todo.push(a);
      }
    }
  }
  return [...seen].sort((x, y) => y - x);
}

/**
 * Reverse-mode symbolic differentiation: ∂root/∂(every symbol it depends on) as graph nodes, from one sweep
 * over root's subgraph in decreasing node order (a node's operands come before it). Each node adds O(1) new
 * nodes, so the derivatives of an expression of size s cost O(s) time and nodes, with every shared
 * subexpression built once.
 * @returns symbol number → node of the partial derivative, for the symbols root depends on (a partial may still
 *   fold to the constant 0)
 */
export function symbolicGradient(graph: ExpressionGraph, root: NodeId): Map<number, NodeId> {
  const adjoint = new Map<NodeId, NodeId>([[root, graph.constant(1)]]);
  const partials = new Map<number, NodeId>();
  const give: Give = (operand, contribution) => {
    if (!graph.variable[operand]) return;
    const c = contribution();
    const before = adjoint.get(operand);
    adjoint.set(operand, before === undefined ? c : graph.add(before, c));
  };
  for (const id of subgraph(graph, root)) {
    const g = adjoint.get(id);
    if (g === undefined) continue;
    if (graph.op[id] === 'sym') partials.set(graph.value[id], g);
    else if (!graph.isConstant(g, 0)) propagate(graph, id, g, give);
  }
  return partials;
}
