"""Reference outputs for test/transformer/layers.test.ts, from PyTorch's nn.TransformerEncoderLayer and
nn.TransformerDecoderLayer, post-LN and pre-LN.

Run: python3 test/transformer/layers_reference.py (needs torch); it writes layers_reference.json beside
itself. Every parameter is a fixed formula of its position in named_parameters() and of its element's
index, written again in the test, which copies the values into seqlab's layers through the layouts their
doc comments give and compares the outputs with the file.
"""
import json
import math
import pathlib

import torch
from torch import nn

D, HEADS, FF, BATCH, TARGET_STEPS, SOURCE_STEPS = 8, 2, 16, 2, 4, 3


def value(name, k, n):
    """Parameter k's element n (row-major)."""
    if name.startswith("norm"):
        return 1 + 0.1 * math.sin(0.3 * n + k) if name.endswith("weight") else 0.05 * math.cos(0.5 * n + k)
    return 0.3 * math.sin(0.37 * n + k) if name.endswith("weight") else 0.05 * math.cos(0.5 * n + k)


def fill(module):
    with torch.no_grad():
        for k, (name, p) in enumerate(module.named_parameters()):
            flat = torch.tensor([value(name, k, n) for n in range(p.numel())], dtype=torch.float32)
            p.copy_(flat.reshape(p.shape))
    return [name for name, _ in module.named_parameters()]


def sequence(batch, steps, f):
    return torch.tensor([[[f(100 * b + 10 * t + j) for j in range(D)] for t in range(steps)] for b in range(batch)])


target = sequence(BATCH, TARGET_STEPS, lambda n: math.sin(1.3 * n))
memory = sequence(BATCH, SOURCE_STEPS, lambda n: math.cos(0.9 * n))
# True = padding (seqlab's masks are the opposite: 1 = a character)
target_padding = torch.tensor([[False, False, False, False], [False, False, True, True]])
source_padding = torch.tensor([[False, False, False], [True, False, False]])
# True = a future position, hidden from the query
causal = torch.triu(torch.ones(TARGET_STEPS, TARGET_STEPS, dtype=torch.bool), diagonal=1)

result = {}
for placement, norm_first in (("post", False), ("pre", True)):
    encoder = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True, norm_first=norm_first)
    result["encoderParameters"] = fill(encoder)
    decoder = nn.TransformerDecoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True, norm_first=norm_first)
    result["decoderParameters"] = fill(decoder)
    with torch.no_grad():
        encoded = encoder(target, src_key_padding_mask=target_padding)
        decoded = decoder(target, memory, tgt_mask=causal, tgt_key_padding_mask=target_padding, memory_key_padding_mask=source_padding)
    result[f"encoder_{placement}"] = encoded.tolist()
    result[f"decoder_{placement}"] = decoded.tolist()

pathlib.Path(__file__).with_name("layers_reference.json").write_text(json.dumps(result, indent=1) + "\n")
print(f"torch {torch.__version__}: wrote layers_reference.json")
