// Every public entry of the equations package answers bad input with an OdeflowError and a stable code:
// never a TypeError, never a hang.
import { describe, expect, it } from 'vitest';
import {
  BackendEquationDynamics,
  compileEquations,
  equationDynamics,
  isOdeflowError,
  JsBackend,
  JsEquationDynamics,
  resolveEquationSpec,
  type ErrorCode,
} from 'odeflow';

const js = new JsBackend();
const GOOD = { state: ['x', 'v'], params: { k: 2 }, equations: { x: 'v', v: '-k*x' } };

function codeOf(fn: () => unknown): ErrorCode | string {
  try {
    fn();
  } catch (e) {
    return isOdeflowError(e) ? e.code : `raw ${String(e)}`;
  }
  return 'accepted';
}

describe('equationDynamics(backend, spec) with bad arguments', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['an array', []],
    ['a plain object', {}],
  ])('a backend that is %s: INVALID_ARGUMENT', (_what, backend) => {
    expect(codeOf(() => equationDynamics(backend as never, GOOD))).toBe('INVALID_ARGUMENT');
  });

  const specs: [string, unknown, ErrorCode][] = [
    ['undefined', undefined, 'INVALID_SPEC'],
    ['a number', 3, 'INVALID_SPEC'],
    ['an array', [GOOD], 'INVALID_SPEC'],
    ['a state that is a string', { ...GOOD, state: 'x' }, 'INVALID_SPEC'],
    ['a state name that is a number', { state: [1], equations: { 1: 'x' } }, 'INVALID_SPEC'],
    ['a state name that is null', { state: [null], equations: {} }, 'INVALID_SPEC'],
    ['an equation that is an array', { state: ['x'], equations: { x: ['x'] } }, 'INVALID_SPEC'],
    ['an equation that is null', { state: ['x'], equations: { x: null } }, 'INVALID_SPEC'],
    ['an equation that is Infinity', { state: ['x'], equations: { x: Infinity } }, 'INVALID_SPEC'],
    ['a parameter value that is Infinity', { state: ['x'], params: { k: Infinity }, equations: { x: 'k' } }, 'INVALID_SPEC'],
    ['a parameter value that is null', { state: ['x'], params: { k: null }, equations: { x: 'k' } }, 'INVALID_SPEC'],
    ['params as an array of numbers', { state: ['x'], params: [1, 2], equations: { x: '1' } }, 'INVALID_SPEC'],
    ['an unknown function', { state: ['x'], equations: { x: 'gamma(x)' } }, 'UNSAFE_EXPRESSION'],
    ['a non-finite constant', { state: ['x'], equations: { x: '1e400 * x' } }, 'UNSAFE_EXPRESSION'],
    ['NaN', { state: ['x'], equations: { x: 'NaN * x' } }, 'UNSAFE_EXPRESSION'],
    ['Infinity', { state: ['x'], equations: { x: 'Infinity' } }, 'UNSAFE_EXPRESSION'],
    ['a time name that is a number', { ...GOOD, time: 0 }, 'INVALID_SPEC'],
  ];
  it.each(specs)('a spec with %s: %s', (_what, spec, code) => {
    expect(codeOf(() => equationDynamics(js, spec as never))).toBe(code);
  });
});

describe('__proto__, constructor and other non-plain keys are refused, never followed', () => {
  const parsed: [string, string][] = [
    ['an equation keyed __proto__', '{"state": ["x"], "equations": {"x": "1", "__proto__": "x"}}'],
    ['a state named __proto__', '{"state": ["__proto__"], "equations": {"__proto__": "1"}}'],
    ['a state named constructor', '{"state": ["constructor"], "equations": {"constructor": "1"}}'],
    ['a parameter named __proto__', '{"state": ["x"], "params": {"__proto__": 1}, "equations": {"x": "1"}}'],
    ['a parameter named constructor', '{"state": ["x"], "params": {"constructor": 1}, "equations": {"x": "constructor*x"}}'],
    ['a parameter listed as prototype', '{"state": ["x"], "params": ["prototype"], "equations": {"x": "1"}}'],
    ['a spec key __proto__', '{"state": ["x"], "equations": {"x": "1"}, "__proto__": {"name": "y"}}'],
  ];
  it.each(parsed)('JSON with %s: INVALID_SPEC', (_what, text) => {
    expect(codeOf(() => equationDynamics(js, JSON.parse(text)))).toBe('INVALID_SPEC');
  });
  it('objects whose prototype is not a plain object\'s: INVALID_SPEC', () => {
    const inherited = Object.create({ state: ['x'], equations: { x: '1' } }) as object;
    expect(codeOf(() => equationDynamics(js, inherited as never))).toBe('INVALID_SPEC');
    // eslint-disable-next-line no-proto
    expect(codeOf(() => equationDynamics(js, { state: ['x'], equations: { __proto__: { x: '1' } } } as never))).toBe('INVALID_SPEC');
    expect(codeOf(() => equationDynamics(js, { state: ['x'], params: new Map([['k', 1]]), equations: { x: '1' } } as never))).toBe('INVALID_SPEC');
    // A null-prototype record is plain data.
    const bare = Object.assign(Object.create(null) as object, { state: ['x'], equations: Object.assign(Object.create(null) as object, { x: '-x' }) });
    expect(codeOf(() => equationDynamics(js, bare as never))).toBe('accepted');
  });
});

describe('the lower-level entries', () => {
  it('resolveEquationSpec and compileEquations refuse what is not a spec', () => {
    expect(codeOf(() => resolveEquationSpec(null))).toBe('INVALID_SPEC');
    for (const bad of [null, 7, {}, { state: ['x'], params: [], paramValues: [], equations: [1] }, { ...resolveEquationSpec(GOOD), paramValues: [] }]) {
      expect(codeOf(() => compileEquations(bad as never)), JSON.stringify(bad)).toBe('INVALID_SPEC');
    }
    expect(codeOf(() => compileEquations({ ...resolveEquationSpec(GOOD), state: ['x', 'constructor'] }))).toBe('INVALID_SPEC');
    const huge = new Array(1e9);
    expect(codeOf(() => compileEquations({ ...resolveEquationSpec(GOOD), state: huge, equations: huge }))).toBe('EQUATION_TOO_LARGE');
    expect(codeOf(() => compileEquations(resolveEquationSpec(GOOD)))).toBe('accepted');
  });

  it('the dynamics classes take only compiled equations and a backend', () => {
    const compiled = compileEquations(resolveEquationSpec(GOOD));
    expect(codeOf(() => new JsEquationDynamics(null as never, js))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new JsEquationDynamics({ ...compiled }, js))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new JsEquationDynamics(compiled, {} as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new BackendEquationDynamics(undefined as never, js))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new BackendEquationDynamics(compiled, null as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('calls of equation dynamics with bad arguments: INVALID_ARGUMENT or SHAPE_MISMATCH', () => {
  const { dynamics, params } = equationDynamics(js, GOOD);
  const d = dynamics as JsEquationDynamics;
  const y = js.fromArray([0.5, 1]);
  const a = js.fromArray([1, -1]);
  const calls: [string, () => unknown][] = [
    ['f with a null state', () => d.f(0, null as never, params)],
    ['f with a plain array as state', () => d.f(0, [0.5, 1] as never, params)],
    ['f with a string time', () => d.f('0' as never, y, params)],
    ['f with null params', () => d.f(0, y, null as never)],
    ['f with params [null]', () => d.f(0, y, [null] as never)],
    ['f with a number as a parameter', () => d.f(0, y, [2] as never)],
    ['fInto with a null output', () => d.fInto(0, y, params, null as never)],
    ['vjp with a null cotangent', () => d.vjp(0, y, null as never, params)],
    ['vjp with a plain-array cotangent', () => d.vjp(0, y, [1, 1] as never, params)],
    ['vjpInto with null targets', () => d.vjpInto(0, y, a, params, null as never)],
    ['vjpInto with a null target y', () => d.vjpInto(0, y, a, params, { y: null as never, params: [js.zeros([1])] })],
    ['vjpInto with null target params', () => d.vjpInto(0, y, a, params, { y: js.zeros([2]), params: null as never })],
    ['vjpInto with target params [undefined]', () => d.vjpInto(0, y, a, params, { y: js.zeros([2]), params: [undefined] as never })],
  ];
  it.each(calls)('%s', (_what, call) => expect(['INVALID_ARGUMENT', 'SHAPE_MISMATCH']).toContain(codeOf(call)));

  it('through the generic (non-js) path, foreign objects are refused too', () => {
    const compiled = compileEquations(resolveEquationSpec(GOOD));
    const generic = new BackendEquationDynamics(compiled, js);
    expect(Array.from(js.toFloat64Array(generic.f(0, y, params)))).toEqual([1, -1]);
    for (const bad of [null, {}, [0.5, 1], 'y']) {
      expect(codeOf(() => generic.f(0, bad as never, params)), String(bad)).toBe('INVALID_ARGUMENT');
      expect(codeOf(() => generic.vjp(0, y, bad as never, params)), String(bad)).toBe('INVALID_ARGUMENT');
    }
    expect(codeOf(() => generic.f(0, y, null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => generic.f(0, y, [{}] as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => generic.f(undefined as never, y, params))).toBe('INVALID_ARGUMENT');
  });
});
