"""PyTorch baselines for `npm run bench`: the same workloads as scripts/bench/*.ts, timed the same way.

Usage: python3 pytorch_workloads.py WORKLOAD STEPS WARMUP VARIANT
VARIANT "nn.GRU" uses PyTorch's own GRU layers (nn.GRU over a sequence, nn.GRUCell where the
attention decoder steps one at a time); "scratch" a GRU cell written from the same equations as
seqlab's GRUCell (hoisted input projection, fused gates, eager ops). Each model is written like
the kit's (lib/src/seq2seq): sizes, teacher forcing, the decoder's input [embed(y_{t-1}); c],
additive attention queried by s_{t-1}, mean cross-entropy, Adam. Prints one JSON line, like
scripts/bench/run_workload.ts.
"""
import json
import os
import random
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# gru-step (scripts/bench/gru_step.ts)
VOCAB, EMBEDDING, STEPS, BATCH, HIDDEN, LEARNING_RATE = 14, 128, 6, 64, 128, 0.01
# seq2seq-step, seq2seq-attn-step, addition-to-99 (scripts/bench/seq2seq_step.ts, addition_to_99.ts)
ADDITION_CHARS = "0123456789+_{}"
SEQ2SEQ_LEARNING_RATE = 0.005
HELD_OUT, TARGET, EVALUATE_EVERY, MAX_STEPS = 1000, 0.99, 100, 20_000
SEED_EXAMPLES = [(12, 35), (99, 1), (50, 50), (1, 99), (60, 89), (77, 88), (10, 20), (3, 34), (20, 10), (40, 50), (2, 9)]


class ScratchGRUCell(nn.Module):
    """seqlab's GRUCell in PyTorch: W [input, 3h], U [h, 3h], gate order z, r, h; h = (1-z)h + z h~."""

    def __init__(self, input_size, hidden):
        super().__init__()
        self.hidden = hidden
        self.W = nn.Parameter(torch.empty(input_size, 3 * hidden).uniform_(-0.1, 0.1))
        self.U = nn.Parameter(torch.empty(hidden, 3 * hidden).uniform_(-0.1, 0.1))
        self.b = nn.Parameter(torch.zeros(3 * hidden))

    def next(self, x_proj, h):
        """One step from W x_t + b [batch, 3h] and h_{t-1} [batch, h]."""
        H = self.hidden
        xzr, xh = x_proj[:, : 2 * H], x_proj[:, 2 * H :]
        z, r = torch.sigmoid(h @ self.U[:, : 2 * H] + xzr).chunk(2, dim=1)
        h_tilde = torch.tanh((r * h) @ self.U[:, 2 * H :] + xh)
        return (1 - z) * h + z * h_tilde

    def step(self, x, h):
        return self.next(x @ self.W + self.b, h)

    def unroll(self, xs, h):
        """xs [batch, steps, input] → every h_t [batch, steps, h] and the last."""
        batch, steps, _ = xs.shape
        x_proj = (xs.reshape(batch * steps, -1) @ self.W + self.b).reshape(batch, steps, -1)
        hs = []
        for t in range(steps):
            h = self.next(x_proj[:, t], h)
            hs.append(h)
        return torch.stack(hs, 1), h


class TorchGRU(nn.Module):
    """PyTorch's own GRU with the same step/unroll interface as ScratchGRUCell."""

    def __init__(self, input_size, hidden):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden, batch_first=True)

    def step(self, x, h):
        # nn.GRUCell sharing nn.GRU's weights: the attention decoder steps one at a time
        return torch.gru_cell(x, h, self.gru.weight_ih_l0, self.gru.weight_hh_l0, self.gru.bias_ih_l0, self.gru.bias_hh_l0)

    def unroll(self, xs, h):
        hs, last = self.gru(xs, h.unsqueeze(0))
        return hs, last[0]


def make_gru(variant, input_size, hidden):
    return TorchGRU(input_size, hidden) if variant == "nn.GRU" else ScratchGRUCell(input_size, hidden)


def gru_step(variant):
    torch.manual_seed(1)
    embedding = nn.Embedding(VOCAB, EMBEDDING)
    gru = make_gru(variant, EMBEDDING, HIDDEN)
    dense = nn.Linear(HIDDEN, VOCAB)
    params = [*embedding.parameters(), *gru.parameters(), *dense.parameters()]
    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE)
    ids = torch.randint(0, VOCAB, (BATCH, STEPS))
    targets = torch.randint(0, VOCAB, (BATCH,))

    def step():
        optimizer.zero_grad()
        _, h_last = gru.unroll(embedding(ids), torch.zeros(BATCH, HIDDEN))
        loss = F.cross_entropy(dense(h_last), targets)
        loss.backward()
        optimizer.step()
        loss.item()

    return step


class AdditiveAttention(nn.Module):
    """seqlab's AdditiveAttention: e_i = vᵀ tanh(W_h h_i + W_s s + b), α = softmax(e), c = Σ α_i h_i."""

    def __init__(self, size):
        super().__init__()
        self.Wh = nn.Linear(size, size)
        self.Ws = nn.Linear(size, size, bias=False)
        self.v = nn.Linear(size, 1, bias=False)

    def forward(self, query, values, keys):
        alpha = torch.softmax(self.v(torch.tanh(keys + self.Ws(query).unsqueeze(1))).squeeze(2), dim=1)
        return torch.bmm(alpha.unsqueeze(1), values).squeeze(1)


class Seq2Seq(nn.Module):
    """seqlab's Seq2Seq with one GRU layer: the plain decoder of 05-seq2seq, or the attention decoder of 06."""

    def __init__(self, variant, attention):
        super().__init__()
        V, E, H = len(ADDITION_CHARS), HIDDEN, HIDDEN
        self.source_embedding = nn.Embedding(V, E)
        self.encoder = make_gru(variant, E, H)
        self.target_embedding = nn.Embedding(V, E)
        self.decoder = make_gru(variant, E + H, H)
        self.attention = AdditiveAttention(H) if attention else None
        self.output = nn.Linear(H, V)

    def encode(self, source):
        states, last = self.encoder.unroll(self.source_embedding(source), torch.zeros(source.shape[0], HIDDEN))
        return states, last

    def logits(self, source, inputs):
        """Teacher forcing: inputs [batch, steps] are y shifted right behind the start token."""
        states, s = self.encode(source)
        embedded = self.target_embedding(inputs)
        if self.attention is None:
            # [embed(y_{t-1}); c] for every t, c the encoder's last state
            context = s.unsqueeze(1).expand(-1, inputs.shape[1], -1)
            hs, _ = self.decoder.unroll(torch.cat([embedded, context], 2), s)
            return self.output(hs)
        keys = self.attention.Wh(states)
        outputs = []
        for t in range(inputs.shape[1]):
            c = self.attention(s, states, keys)
            s = self.decoder.step(torch.cat([embedded[:, t], c], 1), s)
            outputs.append(s)
        return self.output(torch.stack(outputs, 1))

    @torch.no_grad()
    def translate(self, source, steps, start_id):
        states, s = self.encode(source)
        keys = self.attention.Wh(states) if self.attention is not None else None
        context = s
        previous = torch.full((source.shape[0],), start_id)
        ids = []
        for _ in range(steps):
            e = self.target_embedding(previous)
            c = context if self.attention is None else self.attention(s, states, keys)
            s = self.decoder.step(torch.cat([e, c], 1), s)
            previous = self.output(s).argmax(1)
            ids.append(previous)
        return torch.stack(ids, 1)


def addition_problem(a, b):
    return f"{a}+{b}".rjust(5, "_") + "}", f"{a + b}".rjust(3, "_") + "}"


def addition_split():
    """1000 held-out problems (the seed's own examples among them), the other 9000 to train on."""
    rest = [(a, b) for a in range(100) for b in range(100) if (a, b) not in SEED_EXAMPLES]
    random.Random(0).shuffle(rest)
    held_out = SEED_EXAMPLES + rest[: HELD_OUT - len(SEED_EXAMPLES)]
    return rest[HELD_OUT - len(SEED_EXAMPLES) :], held_out


def ids(texts):
    return torch.tensor([[ADDITION_CHARS.index(ch) for ch in text] for text in texts])


def teacher_inputs(target):
    start = torch.full((target.shape[0], 1), ADDITION_CHARS.index("{"))
    return torch.cat([start, target[:, :-1]], 1)


def seq2seq_training_step(model, optimizer, source, target):
    optimizer.zero_grad()
    logits = model.logits(source, teacher_inputs(target))
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[2]), target.reshape(-1))
    loss.backward()
    optimizer.step()
    return loss


def seq2seq_workload(attention):
    def build(variant):
        torch.manual_seed(1)
        model = Seq2Seq(variant, attention)
        optimizer = torch.optim.Adam(model.parameters(), lr=SEQ2SEQ_LEARNING_RATE)
        train, _ = addition_split()
        pick = random.Random(2)
        problems = [addition_problem(*pick.choice(train)) for _ in range(BATCH)]
        source, target = ids([s for s, _ in problems]), ids([t for _, t in problems])
        return lambda: seq2seq_training_step(model, optimizer, source, target).item()

    return build


def addition_to_99(variant):
    """Time to 99% held-out exact match for the attention model, as scripts/bench/addition_to_99.ts."""
    torch.manual_seed(1)
    model = Seq2Seq(variant, attention=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=SEQ2SEQ_LEARNING_RATE)
    train, held_out = addition_split()
    pick = random.Random(2)
    held_source = ids([addition_problem(a, b)[0] for a, b in held_out])
    answers = ids([addition_problem(a, b)[1] for a, b in held_out])
    start = time.perf_counter()
    exact_match, steps = 0.0, 0
    while steps < MAX_STEPS and exact_match < TARGET:
        problems = [addition_problem(*pick.choice(train)) for _ in range(BATCH)]
        seq2seq_training_step(model, optimizer, ids([s for s, _ in problems]), ids([t for _, t in problems]))
        steps += 1
        if steps % EVALUATE_EVERY == 0:
            # the answer and its end token, as the kit's greedy decoding stops at the first end token
            out = model.translate(held_source, answers.shape[1], ADDITION_CHARS.index("{"))
            exact_match = (out == answers).all(1).float().mean().item()
            print(f"addition-to-99 (pytorch): step {steps}, held-out exact match {exact_match:.3f}", file=sys.stderr)
    return {"seconds": round(time.perf_counter() - start, 2), "steps": steps, "exact_match": exact_match, "reached": exact_match >= TARGET}


WORKLOADS = {"gru-step": gru_step, "seq2seq-step": seq2seq_workload(False), "seq2seq-attn-step": seq2seq_workload(True)}
SELF_TIMED = {"addition-to-99": addition_to_99}


def main():
    name, steps, warmup, variant = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    # PyTorch's default, one thread per core, is the baseline; some builds (Debian's) start with one thread.
    torch.set_num_threads(os.cpu_count())
    backend = f"pytorch {torch.__version__} ({variant}, {torch.get_num_threads()} threads)"
    if name in SELF_TIMED:
        print(json.dumps({"workload": name, "backend": backend, **SELF_TIMED[name](variant)}))
        return
    step = WORKLOADS[name](variant)
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"workload": name, "backend": backend, "ms_per_step": round(statistics.median(times), 3), "steps": steps}))


if __name__ == "__main__":
    main()
