"""SciPy's Radau, BDF and LSODA on the stiff problems, timed inside Python (median over interleaved rounds).
Reads one JSON job from stdin: {problems: [{name, y0, t0, t1, atol: [per rtol], checkPoints: [[t, y]]}],
rtols, rounds, methods} (atol: one per rtol); writes JSON results to stdout: f at the check points, and per problem × rtol × method
the final state, median ms, nfev, njev, nlu, status."""
import json
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

from scipy_problems import PROBLEMS


def run_once(f, jac, p, rtol, atol, method):
    t = time.perf_counter()
    sol = solve_ivp(f, (p['t0'], p['t1']), np.array(p['y0'], dtype=float), method=method, rtol=rtol, atol=atol, jac=jac)
    ms = (time.perf_counter() - t) * 1e3
    return ms, sol


def main():
    job = json.load(sys.stdin)
    out = {'scipy': scipy.__version__, 'numpy': np.__version__, 'checks': {}, 'runs': []}
    for p in job['problems']:
        f, _ = PROBLEMS[p['name']]
        out['checks'][p['name']] = [list(map(float, f(t, np.array(y, dtype=float)))) for t, y in p['checkPoints']]
    cells = [(p, rtol, p['atol'][k], m) for p in job['problems'] for k, rtol in enumerate(job['rtols']) for m in job['methods']]
    times = {i: [] for i in range(len(cells))}
    last = {}
    for _ in range(job['rounds']):
        for i, (p, rtol, atol, m) in enumerate(cells):
            if times[i] and times[i][0] > job.get('slowMs', 3000):
                continue  # one timing is enough for a cell this slow
            f, jac = PROBLEMS[p['name']]
            try:
                ms, sol = run_once(f, jac, p, rtol, atol, m)
            except Exception as e:  # a failed solve is a row, not a crash
                last[i] = {'status': 'error: %s' % e}
                continue
            times[i].append(ms)
            last[i] = {
                'status': 'success' if sol.success else 'failed: %s' % sol.message,
                'y': list(map(float, sol.y[:, -1])),
                't': float(sol.t[-1]),
                'nfe': int(sol.nfev), 'njev': int(sol.njev), 'nlu': int(sol.nlu), 'steps': int(len(sol.t) - 1),
            }
    for i, (p, rtol, atol, m) in enumerate(cells):
        ts = sorted(times[i])
        med = ts[len(ts) // 2] if ts else None
        out['runs'].append({'problem': p['name'], 'rtol': rtol, 'method': m, 'ms': med, **last[i]})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
