/**
 * The `odeflow` command line: the program, its runner and the progress bar.
 * @packageDocumentation
 */
export * from './run-cli.js';
export * from './progress-bar-reporter.js';
