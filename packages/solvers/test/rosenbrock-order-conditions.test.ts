import { ROSENBROCK23, RODAS5P_TABLEAU, type RodasTableau } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';

// Order conditions of Rosenbrock methods in the standard form (Hairer–Wanner IV.7):
// (I − γhJ)Kᵢ = h·f(y₀ + Σⱼ αᵢⱼKⱼ) + hJ·Σⱼ γᵢⱼKⱼ, y₁ = y₀ + Σ bᵢKᵢ. With B = α + Γ (Γ with γ on the diagonal),
// the elementary weight of a tree is Φᵢ(•) = 1, Φᵢ([t]) = Σⱼ Bᵢⱼ Φⱼ(t) (one child: J and f' together),
// Φᵢ([t₁…tₘ]) = Πₗ Σⱼ αᵢⱼ Φⱼ(tₗ) (m ≥ 2); order p holds when Σ bᵢ Φᵢ(t) = 1/γ(t) for every tree of ≤ p nodes.

type Tree = Tree[];
type Matrix = number[][];

function order(t: Tree): number {
  return 1 + t.reduce((s, c) => s + order(c), 0);
}

function density(t: Tree): number {
  return order(t) * t.reduce((p, c) => p * density(c), 1);
}

/** Every rooted tree with n nodes (canonical: children sorted by their text). */
function trees(n: number): Tree[] {
  if (n === 1) return [[]];
  const out = new Map<string, Tree>();
  // a tree of n nodes: a tree of n − k nodes given one more child of k nodes
  for (let k = 1; k < n; k++) {
    for (const base of trees(n - k)) {
      for (const child of trees(k)) {
        const t = [...base, child].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
        out.set(JSON.stringify(t), t);
      }
    }
  }
  return [...out.values()];
}

function phi(t: Tree, alpha: Matrix, beta: Matrix): number[] {
  const s = alpha.length;
  const mul = (m: Matrix, v: number[]) => m.map((row) => row.reduce((acc, x, j) => acc + x * v[j], 0));
  if (t.length === 0) return new Array<number>(s).fill(1);
  if (t.length === 1) return mul(beta, phi(t[0], alpha, beta));
  return t.reduce((acc, c) => mul(alpha, phi(c, alpha, beta)).map((x, i) => acc[i] * x), new Array<number>(s).fill(1));
}

/** Largest |Σ bᵢΦᵢ(t) − 1/γ(t)| over the trees of ≤ p nodes. */
function defect(b: number[], alpha: Matrix, gamma: Matrix, p: number): number {
  const beta = alpha.map((row, i) => row.map((x, j) => x + gamma[i][j]));
  let worst = 0;
  for (let n = 1; n <= p; n++) {
    for (const t of trees(n)) {
      const v = phi(t, alpha, beta).reduce((acc, x, i) => acc + b[i] * x, 0);
      worst = Math.max(worst, Math.abs(v - 1 / density(t)));
    }
  }
  return worst;
}

function inverseLower(m: Matrix): Matrix {
  const s = m.length;
  const inv: Matrix = m.map(() => new Array<number>(s).fill(0));
  for (let c = 0; c < s; c++) {
    for (let i = 0; i < s; i++) {
      let v = i === c ? 1 : 0;
      for (let j = 0; j < i; j++) v -= m[i][j] * inv[j][c];
      inv[i][c] = v / m[i][i];
    }
  }
  return inv;
}

const matMul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((acc, x, k) => acc + x * b[k][j], 0)));
const square = (rows: readonly (readonly number[])[], s: number): Matrix => rows.map((r) => [...r, ...new Array<number>(s - r.length).fill(0)]);

/** The standard form (α, Γ, b, b̂) of a Rodas tableau: Γ⁻¹ = I/γ − C, α = a·Γ, b = m·Γ (HW IV.7 (7.25)). */
function standardForm(tab: RodasTableau) {
  const s = tab.c.length;
  const a = square(tab.a, s);
  const cMat = square(tab.C, s);
  const gInv = cMat.map((row, i) => row.map((x, j) => (i === j ? 1 / tab.gamma : -x)));
  const gamma = inverseLower(gInv);
  const alpha = matMul(a, gamma);
  const m = [...tab.a[s - 1], 1];
  const mHat = [...tab.a[s - 1], 0];
  const b = matMul([m], gamma)[0];
  const bHat = matMul([mHat], gamma)[0];
  return { alpha, gamma, b, bHat };
}

/** R(z) = 1 + z·bᵀ(I − zB)⁻¹𝟙 of the method (complex z = x + iy), as |R|. */
function stabilityAbs(b: number[], alpha: Matrix, gamma: Matrix, x: number, y: number): number {
  const s = b.length;
  const beta = alpha.map((row, i) => row.map((v, j) => v + gamma[i][j]));
  // (I − zB) is lower triangular: forward substitution in complex arithmetic
  const re = new Array<number>(s).fill(0);
  const im = new Array<number>(s).fill(0);
  for (let i = 0; i < s; i++) {
    let rr = 1;
    let ri = 0;
    for (let j = 0; j < i; j++) {
      // + z·B_ij·u_j
      rr += beta[i][j] * (x * re[j] - y * im[j]);
      ri += beta[i][j] * (x * im[j] + y * re[j]);
    }
    const dr = 1 - x * beta[i][i];
    const di = -y * beta[i][i];
    const den = dr * dr + di * di;
    re[i] = (rr * dr + ri * di) / den;
    im[i] = (ri * dr - rr * di) / den;
  }
  let sr = 0;
  let si = 0;
  for (let i = 0; i < s; i++) {
    sr += b[i] * (x * re[i] - y * im[i]);
    si += b[i] * (x * im[i] + y * re[i]);
  }
  return Math.hypot(1 + sr, si);
}

describe('rodas5p: its coefficients satisfy the Rosenbrock order conditions', () => {
  const { alpha, gamma, b, bHat } = standardForm(RODAS5P_TABLEAU);
  it('the propagated solution has order 5 (all 17 trees of ≤ 5 nodes) and not 6', () => {
    expect(defect(b, alpha, gamma, 5)).toBeLessThan(1e-11);
    expect(defect(b, alpha, gamma, 6)).toBeGreaterThan(1e-6);
  });
  it('the embedded solution has order 4 (all 8 trees of ≤ 4 nodes) and not 5', () => {
    expect(defect(bHat, alpha, gamma, 4)).toBeLessThan(1e-11);
    expect(defect(bHat, alpha, gamma, 5)).toBeGreaterThan(1e-6);
  });
  it('c and d are the row sums of α and Γ', () => {
    alpha.forEach((row, i) => expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(RODAS5P_TABLEAU.c[i], 12));
    gamma.forEach((row, i) => expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(RODAS5P_TABLEAU.d[i], 12));
  });
  it('both solutions are stiffly accurate (the last rows of α + Γ are b and b̂) and L-stable', () => {
    const s = b.length;
    for (let j = 0; j < s; j++) {
      expect(alpha[s - 1][j] + gamma[s - 1][j]).toBeCloseTo(b[j], 12);
      expect(alpha[s - 2][j] + gamma[s - 2][j]).toBeCloseTo(bHat[j], 12);
    }
    expect(stabilityAbs(b, alpha, gamma, -1e12, 0)).toBeLessThan(1e-9);
    for (const y of [0.1, 1, 10, 100, 1e4]) expect(stabilityAbs(b, alpha, gamma, 0, y)).toBeLessThanOrEqual(1 + 1e-12);
  });
});

describe('rosenbrock23: Shampine–Reichelt coefficients in standard form', () => {
  const { d, e32 } = ROSENBROCK23;
  const alpha: Matrix = [[0, 0, 0], [0.5, 0, 0], [0, 1, 0]];
  const gamma: Matrix = [[d, 0, 0], [-d, d, 0], [d * (e32 - 2), -d * e32, d]];
  const b = [0, 1, 0];
  const b3 = [1 / 6, 4 / 6, 1 / 6];
  it('the propagated solution has order 2 and not 3; the solution it is checked against has order 3', () => {
    expect(defect(b, alpha, gamma, 2)).toBeLessThan(1e-15);
    expect(defect(b, alpha, gamma, 3)).toBeGreaterThan(1e-3);
    expect(defect(b3, alpha, gamma, 3)).toBeLessThan(1e-14);
  });
  it('is L-stable: |R(iy)| ≤ 1 and R(−∞) = 0', () => {
    expect(stabilityAbs(b, alpha, gamma, -1e12, 0)).toBeLessThan(1e-9);
    for (const y of [0.1, 1, 10, 100, 1e4]) expect(stabilityAbs(b, alpha, gamma, 0, y)).toBeLessThanOrEqual(1 + 1e-12);
  });
});
