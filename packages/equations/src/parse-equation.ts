import type { MathNode } from 'mathjs';
import { OdeflowError } from '@odeflow/core';
import { EQUATION_LIMITS } from './equation-limits.js';
import type { ExpressionGraph, NodeId } from './expression-graph.js';
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, ALLOWED_OPERATORS, ALLOWED_SUMMARY } from './expression-whitelist.js';
import type { MathJs } from './load-mathjs.js';

/** Where an expression comes from and what its symbols mean. */
export interface EquationContext {
  /** The state whose right-hand side this is, for messages. */
  readonly equation: string;
  /** Declared symbol → its symbol number in the graph (never user text). */
  readonly symbols: ReadonlyMap<string, number>;
}

type Fail = (code: 'UNSAFE_EXPRESSION' | 'INVALID_SPEC', what: string, fragment: string, extra?: Record<string, unknown>) => never;

/** Binary operators whose left operand may chain without nesting (`a + b - c`, `a * b / c`). */
const CHAIN: Readonly<Record<string, string>> = { add: '+', subtract: '+', multiply: '*', divide: '*' };

/** Deepest bracket nesting of the text, found in one pass before mathjs parses it (its parser recurses per bracket). */
function bracketDepth(source: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 41 || c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Parse one right-hand side with mathjs and build it into `graph` from vetted nodes only: finite numbers,
 * declared symbols, the named constants, whitelisted operators and function calls. Anything else — assignment,
 * function definition, property or index access, strings, matrices, objects, conditionals, calls of other
 * functions (`import`, `evaluate`...) — is refused, so the graph is safe to compile. Work is linear in the
 * length: the walk is iterative, and chains of + − or * / do not count as nesting.
 * @throws OdeflowError `UNSAFE_EXPRESSION` for constructs outside the whitelist and for expressions over the
 *   length or nesting limits ({@link EQUATION_LIMITS}), `INVALID_SPEC` for syntax errors, unknown symbols and
 *   wrong numbers of arguments (with the expression, the fragment, the position when mathjs reports one, and
 *   what is allowed)
 */
export function parseEquation(math: MathJs, source: string, context: EquationContext, graph: ExpressionGraph): NodeId {
  const where = `equations.${context.equation}`;
  const fail: Fail = (code, what, fragment, extra = {}) => {
    const at = typeof extra.position === 'number' ? ` at character ${extra.position}` : '';
    throw new OdeflowError(code, `Equations: ${where} = ${JSON.stringify(source)}: ${what}${at}. Allowed: ${ALLOWED_SUMMARY}.`, {
      path: where,
      expression: source,
      fragment,
      ...extra,
    });
  };
  const { maxLength, maxDepth } = EQUATION_LIMITS;
  if (source.length > maxLength) {
    fail('UNSAFE_EXPRESSION', `the expression is longer than ${maxLength} characters; split it or shorten it`, source.slice(0, 40), { limit: maxLength });
  }
  const tooDeep = (): never =>
    fail('UNSAFE_EXPRESSION', `the expression is nested deeper than ${maxDepth} levels; write it flatter`, source.slice(0, 40), { limit: maxDepth });
  if (bracketDepth(source) > maxDepth) tooDeep();

  let root: MathNode;
  try {
    root = math.parse(source);
  } catch (e) {
    if (e instanceof RangeError) return tooDeep(); // a long run of unary signs or powers exhausts mathjs's recursion
    const err = e as Error & { char?: number };
    return fail('INVALID_SPEC', `mathjs cannot parse it (${err.message})`, source, typeof err.char === 'number' ? { position: err.char } : {});
  }
  return buildGraph(root, context, graph, fail, tooDeep);
}

interface Frame {
  readonly node: MathNode;
  readonly depth: number;
  readonly kids: readonly MathNode[];
  readonly ids: NodeId[];
}

/** Post-order walk with an explicit stack: deep chains cannot overflow the JS stack. */
function buildGraph(root: MathNode, context: EquationContext, graph: ExpressionGraph, fail: Fail, tooDeep: () => never): NodeId {
  const stack: Frame[] = [];
  let result: NodeId | undefined;
  const done = (id: NodeId): void => {
    if (stack.length === 0) result = id;
    else stack[stack.length - 1].ids.push(id);
  };
  const enter = (node: MathNode, depth: number): void => {
    if (depth > EQUATION_LIMITS.maxDepth) tooDeep();
    const leaf = leafOf(node, context, graph, fail);
    if (leaf !== undefined) done(leaf);
    else stack.push({ node, depth, kids: kidsOf(node, context, fail), ids: [] });
  };
  enter(root, 0);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.ids.length < top.kids.length) {
      const kid = top.kids[top.ids.length];
      const chained = top.ids.length === 0 && chainOf(top.node) !== undefined && chainOf(top.node) === chainOf(kid);
      enter(kid, chained ? top.depth : top.depth + 1);
      continue;
    }
    stack.pop();
    done(combine(top.node, top.ids, graph));
  }
  return result as NodeId;
}

function chainOf(node: MathNode): string | undefined {
  if (node.type !== 'OperatorNode') return undefined;
  const fn = (node as unknown as { fn: string }).fn;
  return Object.hasOwn(CHAIN, fn) ? CHAIN[fn] : undefined;
}

/** A constant or symbol as a graph node; undefined for inner nodes. */
function leafOf(node: MathNode, context: EquationContext, graph: ExpressionGraph, fail: Fail): NodeId | undefined {
  if (node.type === 'ConstantNode') {
    const value = (node as unknown as { value: unknown }).value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail('UNSAFE_EXPRESSION', `the constant ${node.toString()} is not a finite number (strings, booleans and null are not allowed)`, node.toString());
    }
    return graph.constant(value as number);
  }
  if (node.type !== 'SymbolNode') return undefined;
  const name = (node as unknown as { name: string }).name;
  const k = context.symbols.get(name);
  if (k !== undefined) return graph.symbol(k);
  const constant = ALLOWED_CONSTANTS.get(name);
  if (constant !== undefined) return graph.constant(constant);
  return fail('INVALID_SPEC', `unknown symbol "${name}"; declare it as a state or parameter (declared: ${[...context.symbols.keys()].join(', ') || 'none'})`, name);
}

/** The operands of a vetted inner node; refuses everything outside the whitelist. */
function kidsOf(node: MathNode, context: EquationContext, fail: Fail): readonly MathNode[] {
  switch (node.type) {
    case 'ParenthesisNode':
      return [(node as unknown as { content: MathNode }).content];
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (!ALLOWED_OPERATORS.has(op.fn)) fail('UNSAFE_EXPRESSION', `the operator "${op.op}" is not allowed`, fragmentOf(node));
      return op.args;
    }
    case 'FunctionNode': {
      const call = node as unknown as { fn: MathNode; args: MathNode[] };
      const callee = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : undefined;
      const arity = callee === undefined ? undefined : ALLOWED_FUNCTIONS.get(callee);
      if (callee === undefined || arity === undefined) {
        const hint = callee !== undefined && context.symbols.has(callee) ? ` (to multiply, write ${callee}*(...))` : '';
        return fail('UNSAFE_EXPRESSION', `the call ${fragmentOf(call.fn)}(...) is not an allowed function${hint}`, fragmentOf(node));
      }
      if (arity === -1 ? call.args.length < 2 : call.args.length !== arity) {
        const takes = arity === -1 ? 'two or more arguments' : `${arity} argument${arity === 1 ? '' : 's'}`;
        fail('INVALID_SPEC', `${callee} takes ${takes}, got ${call.args.length}`, fragmentOf(node));
      }
      return call.args;
    }
    default:
      return fail('UNSAFE_EXPRESSION', `${describe(node)} is not allowed in an equation`, fragmentOf(node));
  }
}

/** The graph node of a vetted inner node from its operands' nodes. */
function combine(node: MathNode, ids: readonly NodeId[], graph: ExpressionGraph): NodeId {
  if (node.type === 'ParenthesisNode') return ids[0];
  if (node.type === 'OperatorNode') {
    switch ((node as unknown as { fn: string }).fn) {
      case 'add':
        return graph.add(ids[0], ids[1]);
      case 'subtract':
        return graph.sub(ids[0], ids[1]);
      case 'multiply':
        return graph.mul(ids[0], ids[1]);
      case 'divide':
        return graph.div(ids[0], ids[1]);
      case 'pow':
        return graph.pow(ids[0], ids[1]);
      case 'unaryMinus':
        return graph.neg(ids[0]);
      default:
        return ids[0]; // unaryPlus
    }
  }
  const name = (node as unknown as { fn: { name: string } }).fn.name;
  if (name === 'pow') return graph.pow(ids[0], ids[1]);
  if (name === 'min' || name === 'max') return ids.reduce((a, b) => graph.make(name, [a, b]));
  return graph.make(name as 'sin', ids);
}

/** Text of a refused fragment for messages, cut short: the fragment may be most of a long expression. */
function fragmentOf(node: MathNode): string {
  let text: string;
  try {
    text = node.toString();
  } catch {
    return '(a fragment too deeply nested to print)'; // mathjs prints recursively
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function describe(node: MathNode): string {
  switch (node.type) {
    case 'AssignmentNode':
      return 'assignment';
    case 'FunctionAssignmentNode':
      return 'a function definition';
    case 'AccessorNode':
    case 'IndexNode':
      return 'property or index access';
    case 'ArrayNode':
      return 'a matrix or array';
    case 'ObjectNode':
      return 'an object';
    case 'BlockNode':
      return 'several statements';
    case 'ConditionalNode':
      return 'a conditional (?:)';
    case 'RangeNode':
      return 'a range';
    case 'RelationalNode':
      return 'a comparison';
    default:
      return `a ${node.type}`;
  }
}
