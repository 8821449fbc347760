/**
 * `@odeflow/train/node` — parameter files on disk (Node only): {@link saveParams}/{@link loadParams} and the
 * atomic file write they use. A subpath of its own so that the main entry bundles for a browser.
 * @packageDocumentation
 */
export * from './write-file-atomic.js';
export * from './save-params.js';
export * from './temp-names.js';
