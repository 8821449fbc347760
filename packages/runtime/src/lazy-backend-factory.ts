import { Container, type ContainerModule } from 'inversify';
import { OdeflowError, resolveNamed, TOKENS, type BackendFactory, type TensorBackend } from '@odeflow/core';

/**
 * A backend whose package is imported only when the backend is first asked for, so that solving a classic ODE
 * on `js` never pays tfjs's start-up, and a project without tfjs installed still runs everything else.
 */
export class LazyBackendFactory implements BackendFactory {
  /** Registered name. */
  readonly name: string;
  /** One-line description. */
  readonly description: string;
  /** The npm packages the backend needs; a failed load names them in its message. */
  readonly packages: readonly string[];
  private readonly load: () => Promise<{ module: ContainerModule }>;
  private created: Promise<TensorBackend<any>> | undefined;

  /**
   * @param name - the backend's registered name inside the loaded module
   * @param description - one line for listings
   * @param load - imports the backend package and returns its ContainerModule
   * @param packages - the npm packages `load` needs, named in the BACKEND_UNAVAILABLE message
   */
  constructor(name: string, description: string, load: () => Promise<{ module: ContainerModule }>, packages: readonly string[] = []) {
    this.name = name;
    this.description = description;
    this.load = load;
    this.packages = packages;
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
        const install = this.packages.length ? `Install it with \`npm install ${this.packages.join(' ')}\`` : 'Install its package';
        throw new OdeflowError(
          'BACKEND_UNAVAILABLE',
          `Backend "${this.name}" could not be loaded (${e instanceof Error ? e.message : String(e)}). ` +
            `${install}, or use the "js" backend.`,
          { backend: this.name, packages: [...this.packages] },
        );
      },
    );
    return this.created;
  }
}
