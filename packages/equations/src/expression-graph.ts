/** Index of a node in an {@link ExpressionGraph}; a node's arguments always have smaller indices. */
export type NodeId = number;

/** Operators and functions of the graph: the whitelist's, plus `sign` (the derivative of abs). */
export type NodeOp =
  | 'const'
  | 'sym'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'neg'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'tanh'
  | 'sinh'
  | 'cosh'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sign'
  | 'min'
  | 'max';

/** How each operation evaluates on numbers: the same JS the generated code runs, so that folding is exact. */
export const NODE_EVAL: Readonly<Partial<Record<NodeOp, (a: number, b: number) => number>>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  neg: (a) => -a,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sign: Math.sign,
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
};

/**
 * Expressions as a DAG with hash-consing: building a node that already exists returns the existing one, so
 * every common subexpression — in f, across equations, and between f and its derivatives — is one node.
 * Building applies only local, exact rewrites (constant folding, x·1, x·0, x+0, x−0, 0−x, x/1, −(−x), signs
 * pulled out of products and quotients, x^1, x^0): each costs O(1), so the graph grows by at most a constant
 * per construction and nothing can blow up the way a global `simplify` does.
 */
export class ExpressionGraph {
  /** Operation of each node. */
  readonly op: NodeOp[] = [];
  /** Arguments of each node (empty for constants and symbols). */
  readonly args: (readonly NodeId[])[] = [];
  /** Value of a constant node, the symbol's index for a symbol node, NaN otherwise. */
  readonly value: number[] = [];
  /** Whether the node depends on any symbol (constants folded into non-finite values do not). */
  readonly variable: boolean[] = [];
  private readonly index = new Map<string, NodeId>();

  /** Number of nodes. */
  get size(): number {
    return this.op.length;
  }

  /** The constant `v` (any number; only finite ones come from user text). */
  constant(v: number): NodeId {
    return this.intern(`c${Object.is(v, -0) ? '-0' : v}`, 'const', [], v, false);
  }

  /** Symbol number `k` (the caller keeps the table of what each number means). */
  symbol(k: number): NodeId {
    return this.intern(`s${k}`, 'sym', [], k, true);
  }

  /** True when `id` is the constant `v`. */
  isConstant(id: NodeId, v?: number): boolean {
    return this.op[id] === 'const' && (v === undefined || this.value[id] === v);
  }

  /** a + b */
  add(a: NodeId, b: NodeId): NodeId {
    if (this.isConstant(b, 0)) return a;
    if (this.isConstant(a, 0)) return b;
    if (this.op[b] === 'neg') return this.sub(a, this.args[b][0]);
    return this.make('add', [a, b]);
  }

  /** a − b */
  sub(a: NodeId, b: NodeId): NodeId {
    if (this.isConstant(b, 0)) return a;
    if (this.isConstant(a, 0)) return this.neg(b);
    if (this.op[b] === 'neg') return this.add(a, this.args[b][0]);
    return this.make('sub', [a, b]);
  }

  /** a · b */
  mul(a: NodeId, b: NodeId): NodeId {
    if (this.isConstant(a, 0) || this.isConstant(b, 0)) return this.constant(0);
    if (this.isConstant(a, 1)) return b;
    if (this.isConstant(b, 1)) return a;
    if (this.isConstant(a, -1)) return this.neg(b);
    if (this.isConstant(b, -1)) return this.neg(a);
    if (this.op[a] === 'neg') return this.neg(this.mul(this.args[a][0], b));
    if (this.op[b] === 'neg') return this.neg(this.mul(a, this.args[b][0]));
    return this.make('mul', [a, b]);
  }

  /** a / b */
  div(a: NodeId, b: NodeId): NodeId {
    if (this.isConstant(b, 1)) return a;
    if (this.isConstant(a, 0) && !this.isConstant(b, 0)) return this.constant(0);
    if (this.op[a] === 'neg') return this.neg(this.div(this.args[a][0], b));
    if (this.op[b] === 'neg') return this.neg(this.div(a, this.args[b][0]));
    return this.make('div', [a, b]);
  }

  /** a ^ b */
  pow(a: NodeId, b: NodeId): NodeId {
    if (this.isConstant(b, 1)) return a;
    if (this.isConstant(b, 0)) return this.constant(1);
    return this.make('pow', [a, b]);
  }

  /** −a */
  neg(a: NodeId): NodeId {
    if (this.op[a] === 'neg') return this.args[a][0];
    return this.make('neg', [a]);
  }

  /** A function (or any operation) of its arguments, with constant folding. */
  make(op: NodeOp, args: readonly NodeId[]): NodeId {
    const evaluate = NODE_EVAL[op];
    if (evaluate !== undefined && args.every((a) => this.op[a] === 'const')) {
      const v = evaluate(this.value[args[0]], args.length > 1 ? this.value[args[1]] : NaN);
      // A non-finite result stays an operation, so that evaluating it reports the equation and the state.
      if (Number.isFinite(v)) return this.constant(v);
    }
    return this.intern(`${op}:${args.join(',')}`, op, args, NaN, args.some((a) => this.variable[a]));
  }

  private intern(key: string, op: NodeOp, args: readonly NodeId[], value: number, variable: boolean): NodeId {
    const found = this.index.get(key);
    if (found !== undefined) return found;
    const id = this.op.length;
    this.op.push(op);
    this.args.push(args);
    this.value.push(value);
    this.variable.push(variable);
    this.index.set(key, id);
    return id;
  }
}
