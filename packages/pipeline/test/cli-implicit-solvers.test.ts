// `odeflow solvers` from the built bin lists the diagonally implicit methods, marked implicit.
import { describe, expect, it } from 'vitest';
import { useBuiltCli } from './cli-harness.js';

const { odeflow } = useBuiltCli('odeflow-cli-implicit-');

describe('odeflow solvers: implicit methods', () => {
  it('lists kvaerno5, implicit_euler and trapezoid, implicit in --json and in the implicit column of the table', () => {
    const r = odeflow('solvers', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { name: string; order: number; adaptive: boolean; implicit: boolean; errorOrder: number | null }[];
    expect(list.find((s) => s.name === 'kvaerno5')).toMatchObject({ order: 5, errorOrder: 4, adaptive: true, implicit: true });
    expect(list.find((s) => s.name === 'implicit_euler')).toMatchObject({ order: 1, adaptive: false, implicit: true });
    expect(list.find((s) => s.name === 'trapezoid')).toMatchObject({ order: 2, adaptive: false, implicit: true });
    expect(list.find((s) => s.name === 'dopri5')).toMatchObject({ implicit: false });
    const table = odeflow('solvers');
    expect(table.out).toMatch(/\nkvaerno5 +5 +4 +yes +yes +yes +no +6 +3 +.*implicit/);
    expect(table.out).toMatch(/\nimplicit_euler +1 +- +no +yes +no +no +1 +3 /);
  });

  it('lists auto as implicit (it solves stiff problems with an implicit method), with the properties of tsit5', () => {
    const list = JSON.parse(odeflow('solvers', '--json').out) as { name: string; implicit: boolean; order: number; adaptive: boolean }[];
    expect(list.find((s) => s.name === 'auto')).toMatchObject({ order: 5, adaptive: true, implicit: true });
    expect(odeflow('solvers').out).toMatch(/\nauto +5 +4 +yes +yes +yes +no +6 +4 +auto-switching/);
  });
});
