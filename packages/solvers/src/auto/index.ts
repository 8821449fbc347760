export * from './auto-switch.js';
export * from './auto-methods.js';
