/**
 * Dynamics from equations: mathjs expressions given as data, with symbolic derivatives (expression DAGs, linear in
 * the size of the equations) compiled into a VJP.
 * @packageDocumentation
 */
export * from './equation-spec.js';
export * from './equation-dynamics.js';
export * from './js-equation-dynamics.js';
export * from './backend-equation-dynamics.js';
export * from './compile-equations.js';
export type { EquationKernels, RowFunction, RowVjp } from './compile-kernels.js';
export type { JacobianKernel, RowJacobian, RowJvp } from './compile-jacobian.js';
export * from './equation-limits.js';
export * from './load-mathjs.js';
