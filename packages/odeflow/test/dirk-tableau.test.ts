import { describe, expect, it } from 'vitest';
import { ButcherTableau, KVAERNO5_PREDICTOR, KVAERNO5_TABLEAU, implicitEuler, kvaerno5, trapezoid } from 'odeflow';

// Rooted trees as sorted lists of children; the order conditions are b·Φ(t) = 1/γ(t) (Butcher).
type Tree = Tree[];
const key = (t: Tree): string => `[${t.map(key).sort().join('')}]`;
const order = (t: Tree): number => 1 + t.reduce((s, c) => s + order(c), 0);
const density = (t: Tree): number => order(t) * t.reduce((p, c) => p * density(c), 1);

/** Every rooted tree with at most `max` nodes, each once. */
function trees(max: number): Tree[] {
  const seen = new Map<string, Tree>([[key([]), []]]);
  let frontier: Tree[] = [[]];
  for (let size = 2; size <= max; size++) {
    const next: Tree[] = [];
    // grow every tree by one leaf attached at any node
    const grow = (t: Tree): Tree[] => [[...t, []], ...t.flatMap((c, i) => grow(c).map((g) => t.map((x, j) => (j === i ? g : x))))];
    for (const t of frontier) {
      for (const g of grow(t)) {
        const k = key(g);
        if (!seen.has(k)) {
          seen.set(k, g);
          next.push(g);
        }
      }
    }
    frontier = next;
  }
  return [...seen.values()];
}

/** Φ(t) per stage: the product over children of A·Φ(child). */
function phi(t: Tree, a: readonly (readonly number[])[]): number[] {
  const s = a.length;
  const out = new Array<number>(s).fill(1);
  for (const child of t) {
    const v = phi(child, a);
    for (let i = 0; i < s; i++) out[i] *= a[i].reduce((acc, aij, j) => acc + aij * v[j], 0);
  }
  return out;
}

/** Largest residual |b·Φ(t) − 1/γ(t)| over the trees of each order 1..max. */
function residuals(b: readonly number[], a: readonly (readonly number[])[], max: number): number[] {
  const worst = new Array<number>(max + 1).fill(0);
  for (const t of trees(max)) {
    const p = phi(t, a);
    const r = Math.abs(b.reduce((acc, bi, i) => acc + bi * p[i], 0) - 1 / density(t));
    worst[order(t)] = Math.max(worst[order(t)], r);
  }
  return worst;
}

describe('diagonally implicit tableaus check their own conditions', () => {
  it('counts the rooted trees right (1, 1, 2, 4, 9, 20)', () => {
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (const t of trees(6)) counts[order(t)]++;
    expect(counts.slice(1)).toEqual([1, 1, 2, 4, 9, 20]);
  });

  it("kvaerno5's b meets every order condition up to 5 (and not all of 6), b̂ up to 4", () => {
    const tab = new ButcherTableau(KVAERNO5_TABLEAU);
    const b = residuals(tab.b, tab.a, 6);
    for (let q = 1; q <= 5; q++) expect(b[q], `order ${q}`).toBeLessThan(1e-12);
    expect(b[6]).toBeGreaterThan(1e-6);
    const bHat = tab.b.map((x, i) => x - (tab.bErr as readonly number[])[i]);
    const e = residuals(bHat, tab.a, 5);
    for (let q = 1; q <= 4; q++) expect(e[q], `embedded order ${q}`).toBeLessThan(1e-12);
    expect(e[5]).toBeGreaterThan(1e-6);
  });

  it('kvaerno5 is an ESDIRK (explicit first stage, one γ = 0.26), stiffly accurate, with its embedded solution the stage before last', () => {
    const tab = kvaerno5.tableau;
    expect(tab.diagonal).toEqual([0, 0.26, 0.26, 0.26, 0.26, 0.26, 0.26]);
    expect(tab.b).toEqual(tab.a[6]);
    const bHat = tab.b.map((x, i) => x - (tab.bErr as readonly number[])[i]);
    for (let j = 0; j < 6; j++) expect(bHat[j]).toBeCloseTo(tab.a[5][j], 15);
    expect(bHat[6]).toBeCloseTo(0, 15);
    // the predictors extrapolate stage derivatives: each row sums to 1
    for (let i = 1; i < 7; i++) expect(KVAERNO5_PREDICTOR[i].reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  it('implicit_euler and trapezoid are the one- and two-stage stiffly accurate DIRKs of orders 1 and 2', () => {
    expect(residuals(implicitEuler.tableau.b, implicitEuler.tableau.a, 2)[1]).toBe(0);
    expect(residuals(implicitEuler.tableau.b, implicitEuler.tableau.a, 2)[2]).toBeGreaterThan(0.1);
    const tr = residuals(trapezoid.tableau.b, trapezoid.tableau.a, 3);
    expect(Math.max(tr[1], tr[2])).toBe(0);
    expect(tr[3]).toBeGreaterThan(0.01);
    for (const m of [implicitEuler, trapezoid, kvaerno5]) {
      expect(m.implicit && m.needsJacobian && m.needsLinalg).toBe(true);
    }
    expect([implicitEuler.adaptive, trapezoid.adaptive, kvaerno5.adaptive]).toEqual([false, false, true]);
  });
});
