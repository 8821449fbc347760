"""Reference values at the final time for the problems without a published one: SciPy Radau at rtol 1e-13 with
the exact Jacobian, checked against LSODA and BDF at rtol 1e-12. Prints JSON {name: {radau, lsoda, bdf}}."""
import json

import numpy as np
from scipy.integrate import solve_ivp

from scipy_problems import PROBLEMS

CASES = {'robertson': ([1.0, 0.0, 0.0], 1e5, 1e-22), 'vdp-mu1000': ([2.0, 0.0], 3000.0, 1e-13)}

out = {}
for name, (y0, t1, atol) in CASES.items():
    f, jac = PROBLEMS[name]
    row = {}
    for method, rtol in (('Radau', 1e-13), ('LSODA', 1e-12), ('BDF', 1e-12)):
        sol = solve_ivp(f, (0.0, t1), np.array(y0), method=method, rtol=rtol, atol=atol, jac=jac)
        row[method] = {'y': [float(v) for v in sol.y[:, -1]], 'success': bool(sol.success), 'nfev': int(sol.nfev)}
    out[name] = row
print(json.dumps(out, indent=1))
