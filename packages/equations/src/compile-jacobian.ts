import { emitJs } from './emit-js.js';
import type { ExpressionGraph, NodeId } from './expression-graph.js';

/**
 * ∂f/∂y for one state row: reads y[yo..yo+n), writes ∂fᵢ/∂yⱼ to out[oo + i·stride + j] for every i, j < n
 * (0 where fᵢ does not depend on yⱼ), so that a batch fills the diagonal blocks of its block-diagonal Jacobian.
 */
export type RowJacobian = (t: number, y: Float64Array, yo: number, p: Float64Array, out: Float64Array, oo: number, stride: number) => void;

/** ∂f/∂y·v for one state row: reads y[yo..yo+n) and v[vo..vo+n), writes out[oo..oo+n). */
export type RowJvp = (t: number, y: Float64Array, yo: number, v: Float64Array, vo: number, p: Float64Array, out: Float64Array, oo: number) => void;

/** The compiled Jacobian kernels and their sources (for inspection and tests). */
export interface JacobianKernel {
  /** ∂f/∂y for one row. */
  readonly jacobian: RowJacobian;
  /** Body of {@link JacobianKernel.jacobian}. */
  readonly source: string;
  /** ∂f/∂y·v for one row, Σⱼ ∂fᵢ/∂yⱼ·vⱼ from the same partials (no n×n matrix formed). */
  readonly jvp: RowJvp;
}

/**
 * Generate and compile the dense Jacobian ∂f/∂y of n equations from their symbolic partials (reverse mode, one
 * map per equation from symbol number to node; states are symbols 0..n−1, parameters n..n+m−1, the time n+m).
 * All n² entries go through one {@link emitJs} call, so a subexpression shared by several entries (or with f)
 * is computed once into a temporary: the code is linear in the size of the partials' DAG.
 */
export function compileJacobian(graph: ExpressionGraph, partials: readonly ReadonlyMap<number, NodeId>[], m: number): JacobianKernel {
  const n = partials.length;
  const local = (k: number): string => (k < n ? `s${k}` : k < n + m ? `p${k - n}` : 't');
  const entries: [number, number, NodeId][] = [];
  partials.forEach((d, i) => {
    for (let j = 0; j < n; j++) {
      const dj = d.get(j);
      if (dj !== undefined && !graph.isConstant(dj, 0)) entries.push([i, j, dj]);
    }
  });
  const js = emitJs(
    graph,
    entries.map((e) => e[2]),
    local,
  );
  const lines: string[] = [];
  for (let j = 0; j < n; j++) lines.push(`const s${j} = y[yo + ${j}];`);
  for (let k = 0; k < m; k++) lines.push(`const p${k} = p[${k}];`);
  lines.push(...js.statements);
  // zeros first, then the nonzero entries: every entry of the row's block is written
  lines.push(`for (let i = 0; i < ${n}; i++) { const r = oo + i * stride; for (let j = 0; j < ${n}; j++) out[r + j] = 0; }`);
  entries.forEach(([i, j], k) => lines.push(`out[oo + ${i} * stride + ${j}] = ${js.outputs[k]};`));
  const source = lines.join('\n');
  // Built only from vetted graphs (see emitJs); `new Function` runs it in the global scope.
  const jacobian = new Function('t', 'y', 'yo', 'p', 'out', 'oo', 'stride', `'use strict';\n${source}`) as RowJacobian;
  return { jacobian, source, jvp: compileJvp(graph, entries, n, m) };
}

// Σⱼ ∂fᵢ/∂yⱼ·vⱼ as graph nodes, the direction v as symbols after the VJP's cotangents (2n+m+1+j)
function compileJvp(graph: ExpressionGraph, entries: readonly [number, number, NodeId][], n: number, m: number): RowJvp {
  const first = 2 * n + m + 1;
  const local = (k: number): string => (k < n ? `s${k}` : k < n + m ? `p${k - n}` : k === n + m ? 't' : `w${k - first}`);
  const rows: (NodeId | undefined)[] = new Array<NodeId | undefined>(n).fill(undefined);
  for (const [i, j, d] of entries) {
    const term = graph.mul(d, graph.symbol(first + j));
    const before = rows[i];
    rows[i] = before === undefined ? term : graph.add(before, term);
  }
  const present = rows.filter((r): r is NodeId => r !== undefined);
  const js = emitJs(graph, present, local);
  const lines: string[] = [];
  for (let j = 0; j < n; j++) lines.push(`const s${j} = y[yo + ${j}];`, `const w${j} = v[vo + ${j}];`);
  for (let k = 0; k < m; k++) lines.push(`const p${k} = p[${k}];`);
  lines.push(...js.statements);
  let next = 0;
  rows.forEach((r, i) => lines.push(`out[oo + ${i}] = ${r === undefined ? '0' : js.outputs[next++]};`));
  return new Function('t', 'y', 'yo', 'v', 'vo', 'p', 'out', 'oo', `'use strict';\n${lines.join('\n')}`) as RowJvp;
}
