import { describe, expect, it } from 'vitest';
import { odeint, PredictiveController } from 'odeflow';

// Van der Pol, μ = 1000 (MATLAB's vdp1000) over [0, 3000]; reference from SciPy LSODA and Radau at rtol 1e-11.
const mu = 1000;
const vdp = (_t: number, y: Float64Array) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
const vdpJ = (_t: number, y: Float64Array) => [[0, 1], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])]];
const VDP_3000 = [-1.5106069305278818, 0.0011783800131442985];

describe('rodas5p step-size control', () => {
  const solve = (controller?: string) =>
    odeint(vdp, [2, 0], [0, 3000], { method: 'rodas5p', rtol: 1e-4, atol: 1e-4, jacobian: vdpJ, ...(controller ? { controller } : {}) });

  it('runs the predictive controller by default: Van der Pol μ = 1000 at rtol 1e-4 with few rejections', () => {
    const r = solve();
    expect(r.status).toBe('success');
    // the integral controller rejected 125 of 334 steps here
    expect(r.stats.rejected).toBeLessThan(60);
    expect(r.stats.steps).toBeLessThan(300);
    expect(Math.abs(r.ys[1][0] - VDP_3000[0])).toBeLessThan(1e-3);
  });

  it('a controller named in the options still wins over the method default', () => {
    const pi = solve('pi');
    expect(pi.status).toBe('success');
    expect(pi.stats.rejected).toBeGreaterThan(solve().stats.rejected);
  });

  it('the predictive controller is public and serves other methods as an object', () => {
    const r = odeint(vdp, [2, 0], [0, 3000], { method: 'kvaerno5', rtol: 1e-4, atol: 1e-4, jacobian: vdpJ, controller: new PredictiveController() });
    expect(r.status).toBe('success');
    expect(Math.abs(r.ys[1][0] - VDP_3000[0])).toBeLessThan(1e-3);
  });
});
