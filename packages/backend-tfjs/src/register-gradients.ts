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
 *
 * The import is awaited inside a try: when only `tsc` built the package (no bundle), plain Node cannot
 * resolve it, and the package must still load so that {@link requireGradients} can say which build
 * command is missing instead of an ERR_MODULE_NOT_FOUND at import time.
 * @packageDocumentation
 */
try {
  // a literal for esbuild to inline; `as string` keeps tsc from resolving a path it has no types for
  await import('@tensorflow/tfjs-core/dist/register_all_gradients' as string);
} catch {
  // reported by requireGradients when a backend is created
}

export {};
