export * from './rodas-tableau.js';
export * from './rodas5p-tableau.js';
export * from './rodas.js';
export * from './rodas5p.js';
export * from './rosenbrock23-coefficients.js';
export * from './rosenbrock23.js';
