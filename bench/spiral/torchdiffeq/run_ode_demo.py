"""Runs torchdiffeq's examples/ode_demo.py (the spiral) with a fixed seed and reports its final error.

Same data, model, optimiser and schedule as ode_demo: true_y from odeint (dopri5 defaults) of
dy/dt = (y**3) A, batches from np.random.choice(..., replace=False), ODEFunc 2->50->tanh->2 on y**3
with N(0, 0.1) weights and zero biases, RMSprop lr 1e-3, batch_time 10, batch_size 20, a test every
20 iterations with mean |pred - true_y| over the whole trajectory. Only the seeding, the timing and
the JSON summary are ours. torchdiffeq is imported from PYTHONPATH (it is not vendored here).

Usage: PYTHONPATH=/tmp/torchdiffeq_src /usr/bin/python3 run_ode_demo.py --seed 0 [--niters 2000]
       [--adjoint] [--threads 1]
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
import torchdiffeq

parser = argparse.ArgumentParser('ode_demo runner')
parser.add_argument('--seed', type=int, default=0)
parser.add_argument('--niters', type=int, default=2000)
parser.add_argument('--adjoint', action='store_true')
parser.add_argument('--threads', type=int, default=1)
parser.add_argument('--data_size', type=int, default=1000)
parser.add_argument('--batch_time', type=int, default=10)
parser.add_argument('--batch_size', type=int, default=20)
parser.add_argument('--test_freq', type=int, default=20)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
np.random.seed(args.seed)

if args.adjoint:
    from torchdiffeq import odeint_adjoint as odeint
else:
    from torchdiffeq import odeint

true_y0 = torch.tensor([[2., 0.]])
t = torch.linspace(0., 25., args.data_size)
true_A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])


class Lambda(nn.Module):

    def forward(self, t, y):
        return torch.mm(y ** 3, true_A)


with torch.no_grad():
    true_y = odeint(Lambda(), true_y0, t, method='dopri5')


def get_batch():
    s = torch.from_numpy(
        np.random.choice(np.arange(args.data_size - args.batch_time, dtype=np.int64), args.batch_size, replace=False))
    batch_y0 = true_y[s]  # (M, D)
    batch_t = t[:args.batch_time]  # (T)
    batch_y = torch.stack([true_y[s + i] for i in range(args.batch_time)], dim=0)  # (T, M, D)
    return batch_y0, batch_t, batch_y


class ODEFunc(nn.Module):

    def __init__(self):
        super(ODEFunc, self).__init__()
        self.net = nn.Sequential(
            nn.Linear(2, 50),
            nn.Tanh(),
            nn.Linear(50, 2),
        )
        for m in self.net.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, mean=0, std=0.1)
                nn.init.constant_(m.bias, val=0)

    def forward(self, t, y):
        return self.net(y ** 3)


func = ODEFunc()
optimizer = optim.RMSprop(func.parameters(), lr=1e-3)

evals = []  # (iteration, full-trajectory error)
train_ms = []
for itr in range(1, args.niters + 1):
    start = time.perf_counter()
    optimizer.zero_grad()
    batch_y0, batch_t, batch_y = get_batch()
    pred_y = odeint(func, batch_y0, batch_t)
    loss = torch.mean(torch.abs(pred_y - batch_y))
    loss.backward()
    optimizer.step()
    train_ms.append((time.perf_counter() - start) * 1e3)

    if itr % args.test_freq == 0:
        with torch.no_grad():
            pred_y = odeint(func, true_y0, t)
            err = torch.mean(torch.abs(pred_y - true_y)).item()
        evals.append((itr, err))
        print('Iter {:04d} | Total Loss {:.6f}'.format(itr, err), flush=True)

late = [e for i, e in evals if 1520 <= i <= 2000]
print(json.dumps({
    'seed': args.seed,
    'adjoint': args.adjoint,
    'niters': args.niters,
    'threads': args.threads,
    'final': evals[-1][1] if evals else None,
    'last5_mean': statistics.mean(e for _, e in evals[-5:]) if evals else None,
    'late_median_1520_2000': statistics.median(late) if late else None,
    'ms_per_iter_median': statistics.median(train_ms),
    'torch': torch.__version__,
    'torchdiffeq': torchdiffeq.__version__,
}))
