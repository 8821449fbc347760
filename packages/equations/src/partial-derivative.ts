import type { MathNode } from 'mathjs';
import { OdeflowError } from '@odeflow/core';
import type { MathJs } from './load-mathjs.js';

/** The internal symbol names an expression mentions. */
export function symbolsOf(node: MathNode): Set<string> {
  const names = new Set<string>();
  node.traverse((n, _path, parent) => {
    // A function's name is a SymbolNode too; only operands count.
    if (n.type === 'SymbolNode' && !(parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n)) {
      names.add((n as unknown as { name: string }).name);
    }
  });
  return names;
}

/**
 * min and max as abs: min(a, b) = (a + b − |a − b|)/2 and max(a, b) = (a + b + |a − b|)/2, nested for more
 * arguments. mathjs cannot differentiate min and max; through abs (whose derivative becomes sign, below) the
 * derivative is exactly the derivative of the selected argument, and the average of both at a tie.
 */
function minMaxAsAbs(math: MathJs, node: MathNode): MathNode {
  return node.transform((n) => {
    if (n.type !== 'FunctionNode') return n;
    const call = n as unknown as { fn: { name: string }; args: MathNode[] };
    const name = call.fn.name;
    if (name !== 'min' && name !== 'max') return n;
    const args = call.args.map((a) => minMaxAsAbs(math, a));
    return args.reduce((a, b) => {
      const sum = new math.OperatorNode('+', 'add', [a, b]);
      const gap = new math.FunctionNode(new math.SymbolNode('abs'), [new math.OperatorNode('-', 'subtract', [a, b])]);
      const both = name === 'min' ? new math.OperatorNode('-', 'subtract', [sum, gap]) : new math.OperatorNode('+', 'add', [sum, gap]);
      return new math.OperatorNode('/', 'divide', [both, new math.ConstantNode(2)]);
    });
  });
}

function isAbsOf(node: MathNode, argument: string): boolean {
  if (node.type !== 'FunctionNode') return false;
  const call = node as unknown as { fn: { name: string }; args: MathNode[] };
  return call.fn.name === 'abs' && call.args.length === 1 && call.args[0].toString() === argument;
}

/**
 * mathjs differentiates abs(u) as u'·abs(u)/u, which is NaN at u = 0 (and so at every tie of min or max);
 * write it as u'·sign(u) instead, the subgradient 0 at u = 0.
 */
function absQuotientAsSign(math: MathJs, node: MathNode): MathNode {
  return node.transform((n) => {
    if (n.type !== 'OperatorNode') return n;
    const op = n as unknown as { fn: string; args: MathNode[] };
    if (op.fn !== 'divide' || op.args.length !== 2) return n;
    const [top, bottom] = op.args;
    const u = bottom.type === 'ParenthesisNode' ? (bottom as unknown as { content: MathNode }).content : bottom;
    const text = u.toString();
    const sign = (): MathNode => new math.FunctionNode(new math.SymbolNode('sign'), [absQuotientAsSign(math, u)]);
    if (isAbsOf(top, text)) return sign();
    if (top.type === 'OperatorNode') {
      const product = top as unknown as { fn: string; args: MathNode[] };
      const k = product.fn === 'multiply' ? product.args.findIndex((a) => isAbsOf(a, text)) : -1;
      if (k >= 0) {
        const rest = product.args.filter((_, i) => i !== k).map((a) => absQuotientAsSign(math, a));
        return new math.OperatorNode('*', 'multiply', [...rest, sign()]);
      }
    }
    return n;
  });
}

/**
 * ∂expression/∂variable with mathjs's symbolic `derivative`, min/max and abs made safe (see above), then
 * `simplify`. `variable` is an internal symbol name.
 * @throws OdeflowError `UNSUPPORTED` if mathjs cannot differentiate the expression
 */
export function partialDerivative(math: MathJs, expression: MathNode, variable: string, label: string): MathNode {
  let raw: MathNode;
  try {
    raw = math.derivative(minMaxAsAbs(math, expression), variable, { simplify: false });
  } catch (e) {
    throw new OdeflowError('UNSUPPORTED', `Equations: mathjs cannot differentiate ${label}: ${(e as Error).message}`, { label });
  }
  return math.simplify(absQuotientAsSign(math, raw));
}
