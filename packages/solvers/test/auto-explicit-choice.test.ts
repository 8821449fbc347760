import { AUTO_VERN7_BELOW, AUTO_VERN9_BELOW, AUTO_VERN9_BOUND, autoMethods, tsit5, vern7, vern9 } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';

describe("auto's explicit method by tolerance", () => {
  it('is tsit5 down to the default rtol, vern7 below it, vern9 at tight tolerances', () => {
    expect(AUTO_VERN9_BELOW).toBeLessThan(AUTO_VERN7_BELOW);
    const cases: [number, string][] = [
      [1e-3, 'tsit5'], [1e-6, 'tsit5'], [AUTO_VERN7_BELOW, 'tsit5'],
      [AUTO_VERN7_BELOW * 0.99, 'vern7'], [AUTO_VERN9_BELOW, 'vern7'],
      [AUTO_VERN9_BELOW * 0.99, 'vern9'], [1e-12, 'vern9'],
    ];
    for (const [rtol, name] of cases) expect(autoMethods(rtol).explicit.name, `rtol ${rtol}`).toBe(name);
  });

  it('keeps the stiff method choice of its own (rosenbrock23 loose, rodas5p below 1e-4) with every explicit one', () => {
    expect(autoMethods(1e-3).stiff.name).toBe('rosenbrock23');
    for (const rtol of [1e-5, 1e-8, 1e-11]) expect(autoMethods(rtol).stiff.name).toBe('rodas5p');
  });

  it("gives each explicit method its stiffness bound, and forms each pair once (a solve allocates none)", () => {
    expect(autoMethods(1e-6).bound).toBe(3.25);
    expect(autoMethods(1e-8).bound).toBe(vern7.stiffnessBound);
    // vern9 switches on an earlier verdict than its stiffness check gives (a false alarm only costs a switch back)
    expect(autoMethods(1e-11).bound).toBe(AUTO_VERN9_BOUND);
    expect(AUTO_VERN9_BOUND).toBeLessThan(vern9.stiffnessBound!);
    expect(autoMethods(1e-9)).toBe(autoMethods(1e-9 * 0.5));
    expect(autoMethods(1e-5).explicit).toBe(tsit5);
  });
});
