// References computed here where no published value exists (bench/stiff/reference.py, SciPy 1.17.1 on
// 2026-12-03): Radau at rtol 1e-13 with the exact Jacobian (atol 1e-22 for Robertson, 1e-13 for Van der Pol).
// LSODA at rtol 1e-12 agrees to ≤ 5e-11 relative on every component (Robertson) and ≤ 1.1e-9 (Van der Pol),
// so these carry about 9–10 correct digits: enough to score rtol 1e-8 (target ≥ 7 digits).
export const REFERENCES = {
  robertson: [0.01786592114210015, 7.274751468436572e-8, 0.9821340061103895],
  'vdp-mu1000': [-1.510606936745855, 0.001178380000727207],
};
