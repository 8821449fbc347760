import { Container, ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { bindNamed, coreModule, isOdeflowError, listNamed, resolveNamed, TOKENS, type BackendFactory } from '@odeflow/core';

describe('named bindings', () => {
  it('binds the js backend in coreModule and resolves it by name', async () => {
    const c = new Container();
    c.load(coreModule);
    expect(listNamed(c, TOKENS.Backend)).toEqual(['js']);
    const backend = await resolveNamed(c, TOKENS.Backend, 'js', 'backend').create();
    expect(backend.name).toBe('js');
    expect(backend.dtype).toBe('float64');
  });

  it('lists names from several modules once each, sorted', () => {
    const c = new Container();
    const fake = (name: string): BackendFactory => ({ name, description: name, create: () => Promise.reject(new Error('unused')) });
    c.load(
      coreModule,
      new ContainerModule((o) => {
        bindNamed(o, TOKENS.Backend, 'zeta', fake('zeta'));
        bindNamed(o, TOKENS.Backend, 'alpha', fake('alpha'));
      }),
    );
    expect(listNamed(c, TOKENS.Backend)).toEqual(['alpha', 'js', 'zeta']);
    expect(resolveNamed(c, TOKENS.Backend, 'zeta', 'backend').name).toBe('zeta');
  });

  it('an unknown name throws UNKNOWN_NAME listing the known ones', () => {
    const c = new Container();
    c.load(coreModule);
    try {
      resolveNamed(c, TOKENS.Backend, 'cuda', 'backend');
      expect.unreachable();
    } catch (e) {
      expect(isOdeflowError(e, 'UNKNOWN_NAME')).toBe(true);
      expect((e as Error).message).toContain('Unknown backend "cuda". Known backends: js.');
      expect((e as { details: { known: string[] } }).details.known).toEqual(['js']);
    }
  });

  it('an empty name is an INVALID_ARGUMENT', () => {
    const c = new Container();
    expect(() => resolveNamed(c, TOKENS.Solver, '', 'solver')).toThrow(/non-empty/);
  });
});
