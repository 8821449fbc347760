/**
 * Contracts, errors, dependency-injection tokens and the float64 `js` backend of odeflow.
 * @packageDocumentation
 */
export * from './odeflow-error.js';
export * from './tensor-argument-error.js';
export * from './tensor-backend.js';
export * from './dynamics.js';
export * from './jacobian-sparsity.js';
export * from './solver.js';
export * from './step-size-controller.js';
export * from './solution.js';
export * from './solve-status-error.js';
export * from './sensitivity.js';
export * from './progress-reporter.js';
export * from './tokens.js';
export * from './named-bindings.js';
export * from './shape-size.js';
export * from './same-shape.js';
export * from './js-tensor.js';
export * from './js-backend.js';
export * from './dense-lu.js';
export * from './js-backend-factory.js';
export * from './core-module.js';
export * from './in-place-vjp.js';
export * from './autodiff-dynamics.js';
export * from './autodiff-state-derivatives.js';
export * from './mark-params-changed.js';

export * from './memory-meter.js';
export * from './metered-buffers.js';
