/**
 * `odeint` for plain functions, `createOdeflow` for experiments whose backend, solver and sensitivity are
 * resolved by name, and the default container they resolve from. The tfjs backends are loaded on demand,
 * so nothing here loads TensorFlow.js or a Node built-in.
 * @packageDocumentation
 */
export * from './function-dynamics.js';
export * from './function-jacobian.js';
export * from './odeint.js';
export * from './lazy-backend-factory.js';
export * from './create-container.js';
export * from './create-odeflow.js';
export * from './odeint-batch.js';
