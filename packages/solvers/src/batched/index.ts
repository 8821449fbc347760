export * from './batched-ode-function.js';
export * from './batch-options.js';
export * from './batch-method.js';
export * from './batch-solution.js';
export * from './solve-batch.js';
