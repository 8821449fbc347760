# torchdiffeq 0.2.x dopri5 forward replica (y in float32, time in float64) for ode_demo's true_y; compare with
# a tight float64 reference (scipy DOP853 rtol 1e-13) and with odeflow's data (read from stdin as JSON).
import json, sys
import numpy as np
from scipy.integrate import solve_ivp
f32 = np.float32
A = np.array([[-0.1, 2.0], [-2.0, -0.1]], dtype=f32)
def F(y): return (y ** 3) @ A
alpha = [1/5, 3/10, 4/5, 8/9, 1., 1.]
beta = [[1/5],[3/40, 9/40],[44/45, -56/15, 32/9],[19372/6561, -25360/2187, 64448/6561, -212/729],
        [9017/3168, -355/33, 46732/5247, 49/176, -5103/18656],[35/384, 0, 500/1113, 125/192, -2187/6784, 11/84]]
c_err = [35/384-1951/21600, 0, 500/1113-22642/50085, 125/192-451/720, -2187/6784+12231/42400, 11/84-649/6300, -1/60]
mid = [6025192743/30085553152/2, 0, 51252292925/65400821598/2, -2691868925/45128329728/2,
       187940372067/1594534317056/2, -1776094331/19743644256/2, 11237099/235043384/2]
def rms(x): return np.sqrt(np.mean(x.astype(f32) ** 2, dtype=f32))
def solve(y0, t, rtol=1e-7, atol=1e-9, dt_=f32):
    y0 = y0.astype(dt_); f0 = F(y0)
    scale = atol + np.abs(y0) * rtol
    d0, d1 = rms(y0 / scale), rms(f0 / scale)
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    f1 = F((y0 + dt_(h0) * f0).astype(dt_))
    d2 = rms((f1 - f0) / scale) / h0
    h1 = max(1e-6, h0 * 1e-3) if (d1 <= 1e-15 and d2 <= 1e-15) else (0.01 / max(d1, d2)) ** (1 / 5)
    dt = float(min(100 * h0, h1))
    out = [y0]; t0 = float(t[0]); t1 = t0; y = y0; f = f0; coeff = None; nsteps = 0
    for tn in t[1:]:
        while tn > t1:
            t0s = t1
            k = [f]
            for i in range(6):
                yi = (y + sum(dt_(beta[i][j] * dt) * k[j] for j in range(i + 1))).astype(dt_)
                k.append(F(yi))
            ynew = yi; err = sum(dt_(c_err[j] * dt) * k[j] for j in range(7))
            tol = atol + rtol * np.maximum(np.abs(y), np.abs(ynew))
            ratio = float(rms(err / tol)); nsteps += 1
            if ratio <= 1:
                ymid = (y + sum(dt_(mid[j] * dt) * k[j] for j in range(7))).astype(dt_)
                h = dt_(dt); f0_, f1_ = k[0], k[-1]
                a = -2*h*f0_ + 2*h*f1_ - 8*y - 8*ynew + 16*ymid
                b = 5*h*f0_ - 3*h*f1_ + 18*y + 14*ynew - 32*ymid
                c = -4*h*f0_ + h*f1_ - 11*y - 5*ynew + 16*ymid
                coeff = (a, b, c, h * f0_, y, t0s, t0s + dt)
                t0 = t0s; t1 = t0s + dt; y = ynew; f = k[-1]
            fac = 10.0 if ratio == 0 else min(10.0, max(0.9 / ratio ** 0.2, 1.0 if ratio < 1 else 0.2))
            dt = dt * fac
        a, b, c, d, e, ta, tb = coeff
        x = dt_((tn - ta) / (tb - ta))
        out.append((a * x**4 + b * x**3 + c * x**2 + d * x + e).astype(dt_))
    return np.array(out), nsteps
t = np.linspace(0, 25, 1000, dtype=f32).astype(np.float64)
y32, n32 = solve(np.array([[2., 0.]], dtype=f32), t)
y64, n64 = solve(np.array([[2., 0.]]), np.linspace(0, 25, 1000), dt_=np.float64)
ref = solve_ivp(lambda _t, y: (y ** 3) @ np.array([[-0.1, 2.0], [-2.0, -0.1]]), (0, 25), [2., 0.], method='DOP853', rtol=1e-13, atol=1e-15, t_eval=np.linspace(0, 25, 1000)).y.T
ours = np.array(json.load(sys.stdin))
def mx(a, b): return float(np.max(np.abs(a.reshape(-1, 2) - b.reshape(-1, 2))))
def mn(a, b): return float(np.mean(np.abs(a.reshape(-1, 2) - b.reshape(-1, 2))))
print(json.dumps({'steps_f32': n32, 'steps_f64': n64,
  'torchlike_f32_vs_ref': {'max': mx(y32, ref), 'mean': mn(y32, ref)},
  'torchlike_f64_vs_ref': {'max': mx(y64, ref), 'mean': mn(y64, ref)},
  'odeflow_vs_ref': {'max': mx(ours, ref), 'mean': mn(ours, ref)},
  'odeflow_vs_torchlike_f32': {'max': mx(ours, y32), 'mean': mn(ours, y32)}}, indent=1))
