/**
 * Registers every tfjs gradient function with tfjs's global gradient registry.
 *
 * Why a module of its own: tfjs-core's CommonJS `main` (what plain Node loads) registers no gradients, and
 * the ES-module file that does (`dist/register_all_gradients.js`) uses extensionless relative imports that
 * plain Node cannot resolve. Under vitest this import works as written; the package build
 * (`scripts/bundle-gradients.mjs`) replaces the compiled `dist/register-gradients.js` with an esbuild
 * bundle that inlines those deep imports and keeps only the bare `@tensorflow/tfjs-*` roots external.
 * Copies of tfjs-core share one engine and registry through globals, so registering from the bundled copy
 * serves the CommonJS main as well.
 * @packageDocumentation
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export {};
