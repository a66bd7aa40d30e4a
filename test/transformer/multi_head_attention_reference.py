"""Reference numbers for test/transformer/multi_head_attention.test.ts, from PyTorch's nn.MultiheadAttention.

Run: python3 test/transformer/multi_head_attention_reference.py (needs torch). The weights and
inputs are fixed formulas, written again in the test, which copies the weights into a seqlab
MultiHeadAttention through the layout its doc comment gives and compares the outputs with the
numbers this prints.
"""
import math

import torch
from torch import nn

D, HEADS, BATCH, QUERY_STEPS, KEY_STEPS = 6, 2, 2, 3, 4


def filled(rows, cols, f):
    return torch.tensor([[f(i * cols + j) for j in range(cols)] for i in range(rows)], dtype=torch.float32)


attention = nn.MultiheadAttention(D, HEADS, batch_first=True)
with torch.no_grad():
    attention.in_proj_weight.copy_(filled(3 * D, D, lambda n: 0.5 * math.sin(0.7 * n + 0.1)))
    attention.in_proj_bias.copy_(torch.tensor([0.1 * math.cos(i) for i in range(3 * D)]))
    attention.out_proj.weight.copy_(filled(D, D, lambda n: 0.4 * math.cos(0.3 * n)))
    attention.out_proj.bias.copy_(torch.tensor([0.05 * i for i in range(D)]))

queries = torch.tensor([[[math.sin(1.3 * (100 * b + 10 * t + f)) for f in range(D)] for t in range(QUERY_STEPS)] for b in range(BATCH)])
keys_values = torch.tensor([[[math.cos(0.9 * (100 * b + 10 * t + f)) for f in range(D)] for t in range(KEY_STEPS)] for b in range(BATCH)])
# True = padding, to be ignored (seqlab's keyMask is the opposite: 1 = attend)
padding = torch.tensor([[False, False, False, False], [False, True, False, True]])

with torch.no_grad():
    output, weights = attention(queries, keys_values, keys_values, key_padding_mask=padding, average_attn_weights=False)


def rounded(t):
    return [[[round(x, 6) for x in row] for row in m] for m in t.tolist()] if t.dim() == 3 else [rounded(m) for m in t]


print("output =", rounded(output))
print("weights =", rounded(weights))
