import { Container, type ContainerModule } from 'inversify';
import { OdeflowError, resolveNamed, TOKENS, type BackendFactory, type TensorBackend } from '@odeflow/core';

/**
 * A backend whose package is imported only when the backend is first asked for, so that solving a classic ODE
 * on `js` never pays tfjs's start-up.
 */
export class LazyBackendFactory implements BackendFactory {
  /** Registered name. */
  readonly name: string;
  /** One-line description. */
  readonly description: string;
  private readonly load: () => Promise<{ module: ContainerModule }>;
  private created: Promise<TensorBackend<any>> | undefined;

  /**
   * @param name - the backend's registered name inside the loaded module
   * @param description - one line for listings
   * @param load - imports the backend package and returns its ContainerModule
   */
  constructor(name: string, description: string, load: () => Promise<{ module: ContainerModule }>) {
    this.name = name;
    this.description = description;
    this.load = load;
  }

  /** Import the package, resolve its factory by name and create the backend (once). */
  create(): Promise<TensorBackend<any>> {
    this.created ??= this.load().then(
      async ({ module }) => {
        const c = new Container();
        c.load(module);
        return resolveNamed(c, TOKENS.Backend, this.name, 'backend').create();
      },
      (e: unknown) => {
        this.created = undefined;
        throw new OdeflowError(
          'BACKEND_UNAVAILABLE',
          `Backend "${this.name}" could not be loaded (${e instanceof Error ? e.message : String(e)}). ` +
            `Install its package, or use the "js" backend.`,
          { backend: this.name },
        );
      },
    );
    return this.created;
  }
}
