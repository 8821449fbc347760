import { JsBackend } from './js-backend.js';
import type { BackendFactory } from './tokens.js';

/** Creates the float64 `js` backend (one instance per factory, created on first use). */
export class JsBackendFactory implements BackendFactory {
  /** Registered name. */
  readonly name = 'js';
  /** One-line description. */
  readonly description = 'float64 typed arrays in plain JavaScript; no dependencies (default)';
  private instance: JsBackend | undefined;

  /** The backend, created on first call (synchronously: nothing is compiled or loaded). */
  create(): JsBackend {
    return (this.instance ??= new JsBackend());
  }
}
