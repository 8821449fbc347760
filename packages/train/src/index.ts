/**
 * Training: optimizers (SGD, Adam, RMSprop — a registry of factories bound by kind) over backend tensors, the training loop, and the parameter-file format
 * (serialise and parse; reading and writing files is on the Node-only subpath `@odeflow/train/node`).
 * @packageDocumentation
 */
export * from './optimizer.js';
export * from './sgd.js';
export * from './adam.js';
export * from './rmsprop.js';
export * from './optimizer-factory.js';
export * from './builtin-optimizers.js';
export * from './train-module.js';
export * from './create-optimizer.js';
export * from './train.js';
export * from './params-json.js';
