import type { SparseTerms } from '@odeflow/core';
import type { DenseStages } from './dense-stages.js';
import type { ButcherTableau } from './butcher-tableau.js';
import { stiffStage } from './stiff-stage.js';

/** The parts of an explicit Runge–Kutta method a stepper runs. */
export interface RungeKuttaScheme {
  /** The validated tableau. */
  readonly tableau: ButcherTableau;
  /** Whether the last stage is f(t₁, y₁). */
  readonly fsal: boolean;
  /** Second error weights of a DOP853-style 5th/3rd-order combined estimate, if any. */
  readonly bErr3?: readonly number[];
  /** Extra stages only the dense output uses, computed after acceptance when a step is interpolated. */
  readonly denseStages?: DenseStages;
}

/** The non-zero entries of a row of coefficients, in order. */
export function sparseTerms(row: readonly number[]): SparseTerms {
  const index: number[] = [];
  const coeffs: number[] = [];
  row.forEach((x, j) => {
    if (x !== 0) {
      index.push(j);
      coeffs.push(x);
    }
  });
  return { index, coeffs };
}

/**
 * A method's tableau as the combinations a step computes, with the zeros left out: built once per stepper,
 * so that a step only walks precomputed index and coefficient lists.
 */
export class RungeKuttaPlan {
  /** Tableau stages s. */
  readonly stages: number;
  /** Whether the last stage is f(t₁, y₁). */
  readonly fsal: boolean;
  /** Nodes cᵢ. */
  readonly c: readonly number[];
  /** Row i of A (stage i's increment over the earlier stages). */
  readonly a: readonly SparseTerms[];
  /** The solution weights b. */
  readonly b: SparseTerms;
  /** The error weights, if the method has an estimate. */
  readonly err?: SparseTerms;
  /** DOP853's second error weights, if any. */
  readonly err3?: SparseTerms;
  /** Nodes of the dense-output stages. */
  readonly denseC: readonly number[];
  /** Rows of the dense-output stages over every earlier recorded stage. */
  readonly dense: readonly SparseTerms[];
  /** Position of f(t₁, y₁) among the recorded stages. */
  readonly f1Index: number;
  /** Stage derivatives a step can hold: the tableau's, f(t₁, y₁) for non-FSAL methods, the dense ones. */
  readonly recorded: number;
  /** The stage evaluated at t₁ besides f(t₁, y₁) that the stiffness test compares with it, or −1. */
  readonly stiffStage: number;

  /** @param scheme - the method */
  constructor(scheme: RungeKuttaScheme) {
    const tab = scheme.tableau;
    this.stages = tab.stages;
    this.fsal = scheme.fsal;
    this.c = tab.c;
    this.a = tab.a.map(sparseTerms);
    this.b = sparseTerms(tab.b);
    if (tab.bErr) this.err = sparseTerms(tab.bErr);
    if (scheme.bErr3) this.err3 = sparseTerms(scheme.bErr3);
    this.denseC = scheme.denseStages?.c ?? [];
    this.dense = (scheme.denseStages?.a ?? []).map(sparseTerms);
    this.f1Index = this.fsal ? this.stages - 1 : this.stages;
    this.recorded = this.f1Index + 1 + this.denseC.length;
    this.stiffStage = stiffStage(tab);
  }
}
