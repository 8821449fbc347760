/**
 * Which entries of ∂f/∂y may be nonzero: n rows of n booleans (`pattern[i][j]` true when fᵢ may depend on
 * yⱼ), or the list of (row, column) pairs that may be nonzero. Finite-difference Jacobians use it to
 * perturb columns that share no row together (one f evaluation per group instead of per column); entries
 * outside it are taken as exactly zero.
 */
export type JacobianSparsity = readonly (readonly boolean[])[] | readonly (readonly [number, number])[];
