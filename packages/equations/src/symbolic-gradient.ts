import type { ExpressionGraph, NodeId } from './expression-graph.js';

/** Hands the contribution of one path to an operand's adjoint; builds it only when the operand is not constant. */
type Give = (operand: NodeId, contribution: () => NodeId) => void;

/** Adds g·∂node/∂operand to each operand's adjoint: the local derivative rules. */
function propagate(graph: ExpressionGraph, id: NodeId, g: NodeId, give: Give): void {
  const G = graph;
  const [a, b] = G.args[id];
  const unit = (s: NodeId, flip: boolean): NodeId => G.div(flip ? G.sub(G.constant(1), s) : G.add(G.constant(1), s), G.constant(2));
  switch (G.op[id]) {
    case 'add':
      give(a, () => g);
      give(b, () => g);
      return;
    case 'sub':
      give(a, () => g);
      give(b, () => G.neg(g));
      return;
    case 'neg':
      give(a, () => G.neg(g));
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
    case 'sin':
      give(a, () => G.mul(g, G.make('cos', [a])));
      return;
    case 'cos':
      give(a, () => G.neg(G.mul(g, G.make('sin', [a]))));
      return;
    case 'tan': {
      give(a, () => {
        const c = G.make('cos', [a]);
        return G.div(g, G.mul(c, c));
      });
      return;
    }
    case 'exp':
      give(a, () => G.mul(g, id));
      return;
    case 'log':
      give(a, () => G.div(g, a));
      return;
    case 'sqrt':
      give(a, () => G.div(g, G.mul(G.constant(2), id)));
      return;
    case 'abs':
      // sign, not mathjs's abs(u)/u: the subgradient 0 at u = 0 instead of NaN.
      give(a, () => G.mul(g, G.make('sign', [a])));
      return;
    case 'tanh':
      give(a, () => {
        // sech² as 1/cosh², not 1 − tanh², which loses all its digits for large arguments.
        const c = G.make('cosh', [a]);
        return G.div(g, G.mul(c, c));
      });
      return;
    case 'sinh':
      give(a, () => G.mul(g, G.make('cosh', [a])));
      return;
    case 'cosh':
      give(a, () => G.mul(g, G.make('sinh', [a])));
      return;
    case 'asin':
      give(a, () => G.div(g, G.make('sqrt', [G.sub(G.constant(1), G.mul(a, a))])));
      return;
    case 'acos':
      give(a, () => G.neg(G.div(g, G.make('sqrt', [G.sub(G.constant(1), G.mul(a, a))]))));
      return;
    case 'atan':
      give(a, () => G.div(g, G.add(G.constant(1), G.mul(a, a))));
      return;
    case 'min':
    case 'max': {
      // min(a, b) = (a + b − |a − b|)/2: the derivative of the selected operand, the average at a tie.
      const isMin = G.op[id] === 'min';
      const s = (): NodeId => G.make('sign', [G.sub(a, b)]);
      give(a, () => G.mul(g, unit(s(), isMin)));
      give(b, () => G.mul(g, unit(s(), !isMin)));
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
