/**
 * Dynamics from equations: mathjs expressions given as data, with symbolic derivatives compiled into a VJP.
 * @packageDocumentation
 */
export * from './equation-spec.js';
export * from './equation-dynamics.js';
export * from './js-equation-dynamics.js';
export * from './backend-equation-dynamics.js';
export * from './compile-equations.js';
export * from './compile-kernels.js';
export * from './load-mathjs.js';
