"""The stiff benchmark problems for SciPy, the same definitions as problems/*.mjs (the harness checks f at y0
and at a second point against the JavaScript ones before it trusts any SciPy number)."""
import numpy as np


def robertson_f(t, y):
    a, b, c = y
    return np.array([-0.04 * a + 1e4 * b * c, 0.04 * a - 1e4 * b * c - 3e7 * b * b, 3e7 * b * b])


def robertson_j(t, y):
    a, b, c = y
    return np.array([[-0.04, 1e4 * c, 1e4 * b], [0.04, -1e4 * c - 6e7 * b, -1e4 * b], [0, 6e7 * b, 0]])


def hires_f(t, y):
    return np.array([
        -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007,
        1.71 * y[0] - 8.75 * y[1],
        -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4],
        8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3],
        -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6],
        -280 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6],
        280 * y[5] * y[7] - 1.81 * y[6],
        -280 * y[5] * y[7] + 1.81 * y[6],
    ])


def hires_j(t, y):
    J = np.zeros((8, 8))
    J[0, :3] = [-1.71, 0.43, 8.32]
    J[1, :2] = [1.71, -8.75]
    J[2, 2:5] = [-10.03, 0.43, 0.035]
    J[3, 1:4] = [8.32, 1.71, -1.12]
    J[4, 4:7] = [-1.745, 0.43, 0.43]
    J[5, 3:8] = [0.69, 1.71, -280 * y[7] - 0.43, 0.69, -280 * y[5]]
    J[6, 5:8] = [280 * y[7], -1.81, 280 * y[5]]
    J[7, 5:8] = [-280 * y[7], 1.81, -280 * y[5]]
    return J


def vdp_f(t, y):
    return np.array([y[1], 1000 * (1 - y[0] * y[0]) * y[1] - y[0]])


def vdp_j(t, y):
    return np.array([[0, 1], [-2000 * y[0] * y[1] - 1, 1000 * (1 - y[0] * y[0])]])


def vdpol_f(t, y):
    return np.array([y[1], ((1 - y[0] * y[0]) * y[1] - y[0]) / 1e-6])


def vdpol_j(t, y):
    return np.array([[0, 1], [(-2 * y[0] * y[1] - 1) / 1e-6, (1 - y[0] * y[0]) / 1e-6]])


S, W, Q = 77.27, 0.161, 8.375e-6


def orego_f(t, y):
    return np.array([S * (y[1] + y[0] * (1 - Q * y[0] - y[1])), (y[2] - (1 + y[0]) * y[1]) / S, W * (y[0] - y[2])])


def orego_j(t, y):
    return np.array([[S * (1 - 2 * Q * y[0] - y[1]), S * (1 - y[0]), 0], [-y[1] / S, -(1 + y[0]) / S, 1 / S], [W, 0, -W]])


K = np.array([0.35, 26.6, 1.23e4, 8.6e-4, 8.2e-4, 1.5e4, 1.3e-4, 2.4e4, 1.65e4, 9e3, 2.2e-2, 1.2e4, 1.88, 1.63e4, 4.8e6,
              3.5e-4, 1.75e-2, 1e8, 4.44e11, 1.24e3, 2.1, 5.78, 4.74e-2, 1.78e3, 3.12])


def pollu_f(t, y):
    r = [K[0] * y[0], K[1] * y[1] * y[3], K[2] * y[4] * y[1], K[3] * y[6], K[4] * y[6], K[5] * y[6] * y[5], K[6] * y[8],
         K[7] * y[8] * y[5], K[8] * y[10] * y[1], K[9] * y[10] * y[0], K[10] * y[12], K[11] * y[9] * y[1], K[12] * y[13],
         K[13] * y[0] * y[5], K[14] * y[2], K[15] * y[3], K[16] * y[3], K[17] * y[15], K[18] * y[15], K[19] * y[16] * y[5],
         K[20] * y[18], K[21] * y[18], K[22] * y[0] * y[3], K[23] * y[18] * y[0], K[24] * y[19]]
    d = np.empty(20)
    d[0] = -r[0] - r[9] - r[13] - r[22] - r[23] + r[1] + r[2] + r[8] + r[10] + r[11] + r[21] + r[24]
    d[1] = -r[1] - r[2] - r[8] - r[11] + r[0] + r[20]
    d[2] = -r[14] + r[0] + r[16] + r[18] + r[21]
    d[3] = -r[1] - r[15] - r[16] - r[22] + r[14]
    d[4] = -r[2] + 2 * r[3] + r[5] + r[6] + r[12] + r[19]
    d[5] = -r[5] - r[7] - r[13] - r[19] + r[2] + 2 * r[17]
    d[6] = -r[3] - r[4] - r[5] + r[12]
    d[7] = r[3] + r[4] + r[5] + r[6]
    d[8] = -r[6] - r[7]
    d[9] = -r[11] + r[6] + r[8]
    d[10] = -r[8] - r[9] + r[7] + r[10]
    d[11] = r[8]
    d[12] = -r[10] + r[9]
    d[13] = -r[12] + r[11]
    d[14] = r[13]
    d[15] = -r[17] - r[18] + r[15]
    d[16] = -r[19]
    d[17] = r[19]
    d[18] = -r[20] - r[21] - r[23] + r[22] + r[24]
    d[19] = -r[24] + r[23]
    return d


def pollu_j(t, y):
    # the exact Jacobian by forward-mode through the mass-action form: columns from exact partials of each rate
    n = 20
    J = np.zeros((n, n))
    h = np.eye(n)
    # f is bilinear in y, so (f(y + s e_m) - f(y - s e_m)) / 2s is exact up to rounding for any s
    for m in range(n):
        J[:, m] = (pollu_f(t, y + h[m]) - pollu_f(t, y - h[m])) / 2
    return J


A, B, C, M = 7.89e-10, 1.1e7, 1.13e3, 1e6


def e5_f(t, y):
    y1, y2, y3, y4 = y
    d1 = -A * y1 - B * y1 * y3
    d2 = A * y1 - M * C * y2 * y3
    d4 = B * y1 * y3 - C * y4
    return np.array([d1, d2, d2 - d4, d4])


def e5_j(t, y):
    y1, y2, y3, y4 = y
    r1 = [-A - B * y3, 0, -B * y1, 0]
    r2 = [A, -M * C * y3, -M * C * y2, 0]
    r4 = [B * y3, 0, B * y1, -C]
    return np.array([r1, r2, [a - b for a, b in zip(r2, r4)], r4])


PROBLEMS = {
    'robertson': (robertson_f, robertson_j),
    'robertson-1e11': (robertson_f, robertson_j),
    'hires': (hires_f, hires_j),
    'vdp-mu1000': (vdp_f, vdp_j),
    'vdpol-eps1e-6': (vdpol_f, vdpol_j),
    'oregonator': (orego_f, orego_j),
    'pollu': (pollu_f, pollu_j),
    'e5': (e5_f, e5_j),
}
