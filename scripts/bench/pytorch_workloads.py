"""PyTorch baselines for `npm run bench`: the same workloads as scripts/bench/*.ts, timed the same way.

Usage: python3 pytorch_workloads.py WORKLOAD STEPS WARMUP VARIANT
VARIANT "nn.GRU" uses PyTorch's own GRU layer; "scratch" a GRU cell written from the same
equations as seqlab's GRUCell (hoisted input projection, fused gates, eager ops).
Prints one JSON line, like scripts/bench/run_workload.ts.
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

VOCAB, EMBEDDING, STEPS, BATCH, HIDDEN, LEARNING_RATE = 14, 128, 6, 64, 128, 0.01


class ScratchGRU(nn.Module):
    """seqlab's GRUCell in PyTorch: W [input, 3h], U [h, 3h], gate order z, r, h; h = (1-z)h + z h~."""

    def __init__(self, input_size, hidden):
        super().__init__()
        self.hidden = hidden
        self.W = nn.Parameter(torch.empty(input_size, 3 * hidden).uniform_(-0.1, 0.1))
        self.U = nn.Parameter(torch.empty(hidden, 3 * hidden).uniform_(-0.1, 0.1))
        self.b = nn.Parameter(torch.zeros(3 * hidden))

    def forward(self, xs):
        batch, steps, _ = xs.shape
        H = self.hidden
        x_proj = (xs.reshape(batch * steps, -1) @ self.W + self.b).reshape(batch, steps, 3 * H)
        U_zr, U_h = self.U[:, : 2 * H], self.U[:, 2 * H :]
        h = xs.new_zeros(batch, H)
        for t in range(steps):
            xzr, xh = x_proj[:, t, : 2 * H], x_proj[:, t, 2 * H :]
            z, r = torch.sigmoid(h @ U_zr + xzr).chunk(2, dim=1)
            h_tilde = torch.tanh((r * h) @ U_h + xh)
            h = (1 - z) * h + z * h_tilde
        return h


def gru_step(variant):
    torch.manual_seed(1)
    embedding = nn.Embedding(VOCAB, EMBEDDING)
    if variant == "nn.GRU":
        gru = nn.GRU(EMBEDDING, HIDDEN, batch_first=True)
        last_state = lambda xs: gru(xs)[1][0]
    else:
        gru = ScratchGRU(EMBEDDING, HIDDEN)
        last_state = gru
    dense = nn.Linear(HIDDEN, VOCAB)
    params = [*embedding.parameters(), *gru.parameters(), *dense.parameters()]
    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE)
    ids = torch.randint(0, VOCAB, (BATCH, STEPS))
    targets = torch.randint(0, VOCAB, (BATCH,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(dense(last_state(embedding(ids))), targets)
        loss.backward()
        optimizer.step()
        loss.item()

    return step


WORKLOADS = {"gru-step": gru_step}


def main():
    name, steps, warmup, variant = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    # Some builds (Debian's) start with one thread; tfjs-node uses every core, so PyTorch does too.
    torch.set_num_threads(os.cpu_count())
    step = WORKLOADS[name](variant)
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "workload": name,
        "backend": f"pytorch {torch.__version__} ({variant}, {torch.get_num_threads()} threads)",
        "ms_per_step": round(statistics.median(times), 3),
        "steps": steps,
    }))


if __name__ == "__main__":
    main()
