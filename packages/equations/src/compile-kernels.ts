import { emitJs } from './emit-js.js';
import type { ExpressionGraph, NodeId } from './expression-graph.js';

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

/**
 * The equations and their VJP as graph nodes. Symbols are numbered: states 0..n−1, parameters n..n+m−1, the
 * time n+m, cotangents n+m+1..2n+m.
 */
export interface SymbolicSystem {
  /** The graph holding every node below. */
  readonly graph: ExpressionGraph;
  /** Right-hand sides, one per state. */
  readonly f: readonly NodeId[];
  /** Σᵢ aᵢ ∂fᵢ/∂yⱼ per state j, or undefined when identically zero. */
  readonly gy: readonly (NodeId | undefined)[];
  /** Σᵢ aᵢ ∂fᵢ/∂θₖ per parameter k, or undefined. */
  readonly gp: readonly (NodeId | undefined)[];
  /** Σᵢ aᵢ ∂fᵢ/∂t, or undefined. */
  readonly gt: NodeId | undefined;
}

/**
 * Generate and compile, once, the row kernels of f and of its VJP aᵀJ. State, parameters and time are loaded into
 * locals first, so f may write over its own input. Shared subexpressions become temporaries, so each kernel's
 * code is linear in the size of the graph it computes.
 */
export function compileKernels(system: SymbolicSystem): EquationKernels {
  const { graph, f: fNodes, gy, gp, gt } = system;
  const n = fNodes.length;
  const m = gp.length;
  const local = (k: number): string => (k < n ? `s${k}` : k < n + m ? `p${k - n}` : k === n + m ? 't' : `a${k - n - m - 1}`);
  const load: string[] = [];
  for (let j = 0; j < n; j++) load.push(`const s${j} = y[yo + ${j}];`);
  for (let k = 0; k < m; k++) load.push(`const p${k} = p[${k}];`);

  const fJs = emitJs(graph, fNodes, local);
  const fBody = [...load, ...fJs.statements, ...fJs.outputs.map((e, i) => `const r${i} = ${e};`), ...fNodes.map((_, i) => `out[oo + ${i}] = r${i};`)].join(
    '\n',
  );

  const present = (ids: readonly (NodeId | undefined)[]): NodeId[] => ids.filter((id): id is NodeId => id !== undefined);
  const vJs = emitJs(graph, [...fNodes, ...present(gy), ...present(gp), ...present([gt])], local);
  let next = n;
  const take = (id: NodeId | undefined): string => (id === undefined ? '0' : vJs.outputs[next++]);
  const vjpLines = [...load];
  for (let i = 0; i < n; i++) vjpLines.push(`const a${i} = a[ao + ${i}];`);
  vjpLines.push(...vJs.statements);
  fNodes.forEach((_, i) => vjpLines.push(`f[fo + ${i}] = ${vJs.outputs[i]};`));
  gy.forEach((id, j) => vjpLines.push(`gy[go + ${j}] = ${take(id)};`));
  gp.forEach((id, k) => {
    if (id !== undefined) vjpLines.push(`gp[${k}] += ${take(id)};`);
  });
  vjpLines.push(`return ${take(gt)};`);
  const vjpBody = vjpLines.join('\n');

  // The bodies are built only from vetted graphs (see emitJs); `new Function` runs them in the global scope,
  // with no access to this module's variables.
  const f = new Function('t', 'y', 'yo', 'p', 'out', 'oo', `'use strict';\n${fBody}`) as RowFunction;
  const vjp = new Function('t', 'y', 'yo', 'a', 'ao', 'p', 'f', 'fo', 'gy', 'go', 'gp', `'use strict';\n${vjpBody}`) as RowVjp;
  return { f, vjp, source: { f: fBody, vjp: vjpBody } };
}
