import type { SparsityPattern } from './sparsity-pattern.js';

/**
 * Curtis–Powell–Reid grouping: columns that share no row of possible nonzeros can be perturbed together
 * in one finite-difference evaluation. Greedy, in column order: each column joins the first group none of
 * whose columns touches its rows. Returns the groups (column indices, ascending); a dense pattern gives n
 * groups of one, a diagonal one a single group.
 */
export function columnGroups(pattern: SparsityPattern): Int32Array[] {
  const { n, rows } = pattern;
  // used[g][i] = 1 when a column of group g may be nonzero in row i
  const used: Uint8Array[] = [];
  const groups: number[][] = [];
  for (let j = 0; j < n; j++) {
    const r = rows[j];
    let g = 0;
    for (; g < groups.length; g++) {
      const u = used[g];
      let clash = false;
      for (let k = 0; k < r.length && !clash; k++) clash = u[r[k]] === 1;
      if (!clash) break;
    }
    if (g === groups.length) {
      groups.push([]);
      used.push(new Uint8Array(n));
    }
    groups[g].push(j);
    for (let k = 0; k < r.length; k++) used[g][r[k]] = 1;
  }
  return groups.map((c) => Int32Array.from(c));
}
