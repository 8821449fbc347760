import { ContainerModule } from 'inversify';
import { JsBackendFactory } from './js-backend-factory.js';
import { bindNamed } from './named-bindings.js';
import { SilentProgressReporter } from './progress-reporter.js';
import { TOKENS } from './tokens.js';

/** Binds the `js` backend and the silent progress reporter. */
export const coreModule = new ContainerModule((options) => {
  bindNamed(options, TOKENS.Backend, 'js', new JsBackendFactory());
  options.bind(TOKENS.ProgressReporter).toConstantValue(new SilentProgressReporter());
});
