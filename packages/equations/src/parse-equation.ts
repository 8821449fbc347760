import type { MathNode } from 'mathjs';
import { OdeflowError } from '@odeflow/core';
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, ALLOWED_OPERATORS, ALLOWED_SUMMARY } from './expression-whitelist.js';
import type { MathJs } from './load-mathjs.js';

/** Longest accepted right-hand side, in characters: equations are data, and data can be hostile. */
const MAX_LENGTH = 10_000;
/** Deepest accepted expression tree (the walkers below recurse). */
const MAX_DEPTH = 200;

/** Where an expression comes from and what its symbols mean. */
export interface EquationContext {
  /** The state whose right-hand side this is, for messages. */
  readonly equation: string;
  /** Declared symbol → the internal name it is renamed to (internal names are never user text). */
  readonly symbols: ReadonlyMap<string, string>;
}


/**
 * Parse one right-hand side with mathjs and rebuild it from vetted nodes only: finite numbers, declared
 * symbols (renamed to internal names), the named constants, whitelisted operators and function calls. Anything
 * else — assignment, function definition, property or index access, strings, matrices, objects, conditionals,
 * calls of other functions (`import`, `evaluate`...) — is refused, so the returned tree is safe to compile.
 * @throws OdeflowError `UNSAFE_EXPRESSION` for constructs outside the whitelist, `INVALID_SPEC` for syntax
 *   errors and unknown symbols (with the expression, the fragment, the position when mathjs reports one, and
 *   what is allowed)
 */
export function parseEquation(math: MathJs, source: string, context: EquationContext): MathNode {
  const where = `equations.${context.equation}`;
  const fail = (code: 'UNSAFE_EXPRESSION' | 'INVALID_SPEC', what: string, fragment: string, position?: number): never => {
    const at = position !== undefined ? ` at character ${position}` : '';
    throw new OdeflowError(code, `Equations: ${where} = ${JSON.stringify(source)}: ${what}${at}. Allowed: ${ALLOWED_SUMMARY}.`, {
      path: where,
      expression: source,
      fragment,
      ...(position !== undefined ? { position } : {}),
    });
  };
  if (source.length > MAX_LENGTH) fail('UNSAFE_EXPRESSION', `the expression is longer than ${MAX_LENGTH} characters`, source.slice(0, 40));

  let root: MathNode;
  try {
    root = math.parse(source);
  } catch (e) {
    const err = e as Error & { char?: number };
    return fail('INVALID_SPEC', `mathjs cannot parse it (${err.message})`, source, typeof err.char === 'number' ? err.char : undefined);
  }

  const visit = (node: MathNode, depth: number): MathNode => {
    if (depth > MAX_DEPTH) fail('UNSAFE_EXPRESSION', `the expression is nested deeper than ${MAX_DEPTH} levels`, source.slice(0, 40));
    switch (node.type) {
      case 'ParenthesisNode':
        return visit((node as unknown as { content: MathNode }).content, depth + 1);
      case 'ConstantNode': {
        const value = (node as unknown as { value: unknown }).value;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          return fail('UNSAFE_EXPRESSION', `the constant ${node.toString()} is not a finite number (strings, booleans and null are not allowed)`, node.toString());
        }
        return new math.ConstantNode(value);
      }
      case 'SymbolNode': {
        const name = (node as unknown as { name: string }).name;
        const internal = context.symbols.get(name);
        if (internal !== undefined) return new math.SymbolNode(internal);
        const constant = ALLOWED_CONSTANTS.get(name);
        if (constant !== undefined) return new math.ConstantNode(constant);
        return fail(
          'INVALID_SPEC',
          `unknown symbol "${name}"; declare it as a state or parameter (declared: ${[...context.symbols.keys()].join(', ') || 'none'})`,
          name,
        );
      }
      case 'OperatorNode': {
        const op = node as unknown as { fn: string; op: string; args: MathNode[] };
        if (!ALLOWED_OPERATORS.has(op.fn)) return fail('UNSAFE_EXPRESSION', `the operator "${op.op}" is not allowed`, node.toString());
        const args = op.args.map((a) => visit(a, depth + 1));
        if (op.fn === 'unaryPlus') return args[0];
        return new math.OperatorNode(op.op as never, op.fn as never, args);
      }
      case 'FunctionNode': {
        const call = node as unknown as { fn: MathNode; args: MathNode[] };
        const callee = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : undefined;
        const arity = callee === undefined ? undefined : ALLOWED_FUNCTIONS.get(callee);
        if (callee === undefined || arity === undefined) {
          const hint = callee !== undefined && context.symbols.has(callee) ? ` (to multiply, write ${callee}*(...))` : '';
          return fail('UNSAFE_EXPRESSION', `the call ${call.fn.toString()}(...) is not an allowed function${hint}`, node.toString());
        }
        if (arity === -1 ? call.args.length < 2 : call.args.length !== arity) {
          return fail(
            'INVALID_SPEC',
            `${callee} takes ${arity === -1 ? 'two or more arguments' : `${arity} argument${arity === 1 ? '' : 's'}`}, got ${call.args.length}`,
            node.toString(),
          );
        }
        return new math.FunctionNode(new math.SymbolNode(callee), call.args.map((a) => visit(a, depth + 1)));
      }
      default:
        return fail('UNSAFE_EXPRESSION', `${describe(node)} is not allowed in an equation`, node.toString());
    }
  };
  return visit(root, 0);
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

