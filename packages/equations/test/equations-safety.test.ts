import { describe, expect, it } from 'vitest';
import { equationDynamics, isOdeflowError, JsBackend, type OdeflowError } from 'odeflow';

const js = new JsBackend();

function refusal(spec: unknown): OdeflowError {
  try {
    equationDynamics(js, spec as never);
  } catch (e) {
    if (isOdeflowError(e)) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(spec)}`);
}

const one = (omega: string) => ({ state: ['theta', 'omega'], params: { b: 0.25, c: 5 }, equations: { theta: 'omega', omega } });

describe('equations are data: dangerous constructs are refused with UNSAFE_EXPRESSION', () => {
  const unsafe: [string, string][] = [
    ['assignment', 'b = 3'],
    ['function definition', 'f(x) = x^2'],
    ['property access', 'omega.constructor'],
    ['index access', 'omega[1]'],
    ['a string', '"omega"'],
    ['a boolean', 'true'],
    ['a matrix', '[omega, theta]'],
    ['an object', '{a: omega}'],
    ['several statements', 'omega; theta'],
    ['import', 'import({}, {override: true})'],
    ['evaluate', 'evaluate("1+1")'],
    ['parse', 'parse("x")'],
    ['createUnit', 'createUnit("foo")'],
    ['a call of a declared symbol', 'c(theta)'],
    ['a method call', 'theta.constructor("return 1")'],
    ['a conditional', 'theta > 0 ? 1 : 2'],
    ['a comparison', 'theta == omega'],
    ['a range', '1:3'],
    ['modulo', 'theta % 2'],
    ['factorial', 'omega!'],
    ['a transpose', "omega'"],
    ['element-wise multiplication', 'omega .* theta'],
    ['a unit conversion', 'omega to cm'],
    ['logic', 'omega and theta'],
    ['bit operations', 'omega & theta'],
    ['nesting deeper than 200 levels', `${'('.repeat(150)}-${'sin('.repeat(60)}omega${')'.repeat(210)}`],
    ['an overlong expression', `omega${' + omega'.repeat(2000)}`],
  ];
  it.each(unsafe)('%s', (_what, expression) => {
    const e = refusal(one(expression));
    expect(e.code).toBe('UNSAFE_EXPRESSION');
    expect(e.message).toContain('Allowed: numbers');
    expect(e.details?.path).toBe('equations.omega');
    expect(e.details?.expression).toBe(expression);
  });

  it('names the fragment that was refused', () => {
    const e = refusal(one('-b*omega + theta.constructor'));
    expect(e.details?.fragment).toBe('theta.constructor');
    expect(e.message).toContain('property or index access');
  });
});

describe('invalid specs are refused with INVALID_SPEC', () => {
  it('an unknown symbol, naming it and the declared ones', () => {
    const e = refusal(one('-b*omega - k*sin(theta)'));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.details?.fragment).toBe('k');
    expect(e.message).toContain('unknown symbol "k"');
    expect(e.message).toContain('declared: theta, omega, b, c, t');
  });
  it('a unit is just an unknown symbol', () => expect(refusal(one('5 cm')).code).toBe('INVALID_SPEC'));
  it('a syntax error, with the position mathjs reports', () => {
    const e = refusal(one('-b*omega +* theta'));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.details?.position).toBe(11);
    expect(e.message).toContain('at character 11');
  });
  it('a function with the wrong number of arguments', () => {
    expect(refusal(one('sin(theta, omega)')).code).toBe('INVALID_SPEC');
    expect(refusal(one('pow(theta)')).code).toBe('INVALID_SPEC');
    expect(refusal(one('min(theta)')).code).toBe('INVALID_SPEC');
  });
  it('a missing equation for a state', () => {
    const e = refusal({ state: ['x', 'v'], equations: { x: 'v' } });
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.details?.path).toBe('equations.v');
  });
  it('an equation for an undeclared state', () => {
    const e = refusal({ state: ['x'], equations: { x: '1', v: 'x' } });
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.message).toContain('"v", which is not a declared state');
  });
  it('time is not a symbol when a state takes its name', () => {
    expect(refusal({ state: ['t'], params: { k: 1 }, equations: { t: 'k*t' }, time: 't' }).code).toBe('INVALID_SPEC');
    // Without an explicit time, t is the state and the equations have no time symbol.
    expect(() => equationDynamics(js, { state: ['t'], equations: { t: '-t' } })).not.toThrow();
  });
  const bad: [string, unknown][] = [
    ['not an object', 'x'],
    ['null', null],
    ['an unknown key', { state: ['x'], equations: { x: '1' }, extra: 1 }],
    ['no state', { equations: {} }],
    ['an empty state', { state: [], equations: {} }],
    ['a state name that is not an identifier', { state: ['x y'], equations: { 'x y': '1' } }],
    ['a state named like a function', { state: ['sin'], equations: { sin: '1' } }],
    ['a keyword as a name', { state: ['mod'], equations: { mod: '1' } }],
    ['a duplicate name', { state: ['x'], params: { x: 1 }, equations: { x: '1' } }],
    ['a non-finite parameter', { state: ['x'], params: { k: Number.NaN }, equations: { x: 'k' } }],
    ['a parameter value as a string', { state: ['x'], params: { k: '1' }, equations: { x: 'k' } }],
    ['params of the wrong type', { state: ['x'], params: 3, equations: { x: '1' } }],
    ['an empty equation', { state: ['x'], equations: { x: '  ' } }],
    ['an equation that is not a string', { state: ['x'], equations: { x: { evil: true } } }],
    ['equations that are not an object', { state: ['x'], equations: ['1'] }],
    ['a name that is not a string', { state: ['x'], equations: { x: '1' }, name: 3 }],
  ];
  it.each(bad)('%s', (_what, spec) => expect(refusal(spec).code).toBe('INVALID_SPEC'));
  it('a number is a valid right-hand side', () => {
    const { dynamics } = equationDynamics(js, { state: ['x'], equations: { x: -2.5 } });
    expect(Array.from(dynamics.f(0, js.fromArray([1]), []).data)).toEqual([-2.5]);
  });
});
