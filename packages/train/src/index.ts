/**
 * Training: optimizers (SGD, Adam, RMSprop) over backend tensors, the training loop, and parameter files.
 * @packageDocumentation
 */
export * from './optimizer.js';
export * from './sgd.js';
export * from './adam.js';
export * from './rmsprop.js';
export * from './create-optimizer.js';
export * from './train.js';
export * from './params-json.js';
export * from './write-file-atomic.js';
export * from './save-params.js';
