/**
 * The `odeflow` command line: the program and its runner.
 * @packageDocumentation
 */
export * from './run-cli.js';

