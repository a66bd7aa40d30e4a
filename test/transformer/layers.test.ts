import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { TransformerDecoderLayer } from "../../lib/src/transformer/decoder_layer";
import { TransformerEncoderLayer } from "../../lib/src/transformer/encoder_layer";
import type { MultiHeadAttention } from "../../lib/src/transformer/multi_head_attention";
import type { NormPlacement } from "../../lib/src/transformer/sublayer";
import type { LayerNorm } from "../../lib/src/blocks/layer_norm";
import type { Dense } from "../../lib/src/blocks/dense";
import { maxAbsDiff, small, TOLERANCE } from "../cells/reference";
import { copyPyTorchAttention } from "./pytorch_layout";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const [modelSize, heads, feedForwardSize, batch, targetSteps, sourceSteps] = [8, 2, 16, 2, 4, 3];

/** What layers_reference.py wrote: PyTorch's parameter names, in order, and the layers' outputs. */
const REFERENCE = JSON.parse(fs.readFileSync(path.join(__dirname, "layers_reference.json"), "utf8")) as {
  encoderParameters: string[];
  decoderParameters: string[];
} & Record<`${"encoder" | "decoder"}_${NormPlacement}`, number[][][]>;

/** Parameter k's element n, the formula of layers_reference.py. */
function value(name: string, k: number, n: number): number {
  if (name.startsWith("norm")) return name.endsWith("weight") ? 1 + 0.1 * Math.sin(0.3 * n + k) : 0.05 * Math.cos(0.5 * n + k);
  return name.endsWith("weight") ? 0.3 * Math.sin(0.37 * n + k) : 0.05 * Math.cos(0.5 * n + k);
}

/** PyTorch's parameters by name, [rows, cols] or [size], filled by the formula. */
function pytorchParameters(names: string[]): Map<string, tf.Tensor> {
  const shapes: Record<string, number[]> = {
    in_proj_weight: [3 * modelSize, modelSize],
    in_proj_bias: [3 * modelSize],
    "out_proj.weight": [modelSize, modelSize],
    "out_proj.bias": [modelSize],
    "linear1.weight": [feedForwardSize, modelSize],
    "linear1.bias": [feedForwardSize],
    "linear2.weight": [modelSize, feedForwardSize],
    "linear2.bias": [modelSize],
  };
  return new Map(
    names.map((name, k) => {
      const shape = name.startsWith("norm") ? [modelSize] : shapes[Object.keys(shapes).find((suffix) => name.endsWith(suffix))!];
      const size = shape.reduce((a, b) => a * b, 1);
      return [
        name,
        tf.tensor(
          Array.from({ length: size }, (_, n) => value(name, k, n)),
          shape,
        ),
      ];
    }),
  );
}

/** Copies PyTorch's `prefix`.in_proj_weight/bias and out_proj into a MultiHeadAttention. */
function copyAttention(attention: MultiHeadAttention, p: Map<string, tf.Tensor>, prefix: string): void {
  copyPyTorchAttention(attention, {
    inProjWeight: p.get(`${prefix}.in_proj_weight`)!,
    inProjBias: p.get(`${prefix}.in_proj_bias`)!,
    outProjWeight: p.get(`${prefix}.out_proj.weight`)!,
    outProjBias: p.get(`${prefix}.out_proj.bias`)!,
  });
}

/** PyTorch's Linear (weight [out, in]) into a Dense (W [in, out]). */
function copyLinear(dense: Dense, p: Map<string, tf.Tensor>, name: string): void {
  dense.W.assign(p.get(`${name}.weight`)!.transpose<tf.Tensor2D>());
  dense.b.assign(p.get(`${name}.bias`) as tf.Tensor1D);
}

function copyNorm(norm: LayerNorm, p: Map<string, tf.Tensor>, name: string): void {
  norm.gamma.assign(p.get(`${name}.weight`) as tf.Tensor1D);
  norm.beta.assign(p.get(`${name}.bias`) as tf.Tensor1D);
}

/** The reference script's inputs and masks (1 = a character, 0 = padding). */
function inputs() {
  const sequence = (steps: number, f: (n: number) => number) =>
    tf.tensor3d(
      Array.from({ length: batch }, (_, b) =>
        Array.from({ length: steps }, (_, t) => Array.from({ length: modelSize }, (_, j) => f(100 * b + 10 * t + j))),
      ),
    );
  return {
    target: sequence(targetSteps, (n) => Math.sin(1.3 * n)),
    memory: sequence(sourceSteps, (n) => Math.cos(0.9 * n)),
    targetMask: tf.tensor2d([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]),
    sourceMask: tf.tensor2d([
      [1, 1, 1],
      [0, 1, 1],
    ]),
  };
}

describe.each(["post", "pre"] as const)("Transformer layers, %s-LN", (norm) => {
  it("the encoder layer equals PyTorch's nn.TransformerEncoderLayer with the weights copied", () => {
    const layer = new TransformerEncoderLayer({ modelSize, heads, feedForwardSize, norm, seed: 1 });
    const p = pytorchParameters(REFERENCE.encoderParameters);
    copyAttention(layer.selfAttention, p, "self_attn");
    copyLinear(layer.feedForward.expand, p, "linear1");
    copyLinear(layer.feedForward.project, p, "linear2");
    copyNorm(layer.attentionNorm, p, "norm1");
    copyNorm(layer.feedForwardNorm, p, "norm2");
    const { target, targetMask } = inputs();
    expect(maxAbsDiff(layer.apply(target, targetMask), tf.tensor3d(REFERENCE[`encoder_${norm}`]))).toBeLessThan(TOLERANCE);
  });

  it("the decoder layer equals PyTorch's nn.TransformerDecoderLayer with the weights copied, causal and padded", () => {
    const layer = new TransformerDecoderLayer({ modelSize, heads, feedForwardSize, norm, seed: 1 });
    const p = pytorchParameters(REFERENCE.decoderParameters);
    copyAttention(layer.selfAttention, p, "self_attn");
    copyAttention(layer.crossAttention, p, "multihead_attn");
    copyLinear(layer.feedForward.expand, p, "linear1");
    copyLinear(layer.feedForward.project, p, "linear2");
    copyNorm(layer.selfAttentionNorm, p, "norm1");
    copyNorm(layer.crossAttentionNorm, p, "norm2");
    copyNorm(layer.feedForwardNorm, p, "norm3");
    const { target, memory, targetMask, sourceMask } = inputs();
    expect(maxAbsDiff(layer.apply(target, memory, { targetMask, sourceMask }), tf.tensor3d(REFERENCE[`decoder_${norm}`]))).toBeLessThan(
      TOLERANCE,
    );
  });

  it("the decoder layer's output t does not depend on the target after t, and its weights are the ones apply uses", () => {
    const layer = new TransformerDecoderLayer({ modelSize, heads, feedForwardSize, norm, seed: 2 });
    const random = new Random(3);
    const target = small<tf.Tensor3D>(random, [batch, targetSteps, modelSize], 1);
    const memory = small<tf.Tensor3D>(random, [batch, sourceSteps, modelSize], 1);
    const output = layer.apply(target, memory);
    const changed = tf.concat(
      [target.slice([0, 0, 0], [-1, 2, -1]), small<tf.Tensor3D>(random, [batch, targetSteps - 2, modelSize], 1)],
      1,
    );
    const firstTwo = (y: tf.Tensor3D) => y.slice([0, 0, 0], [-1, 2, -1]);
    expect(maxAbsDiff(firstTwo(layer.apply(changed, memory)), firstTwo(output))).toBeLessThan(TOLERANCE);
    const { self, cross } = layer.attentionWeights(target, memory, { sourceMask: inputs().sourceMask });
    expect(self.shape).toEqual([batch, heads, targetSteps, targetSteps]);
    expect(cross.shape).toEqual([batch, heads, targetSteps, sourceSteps]);
    // source position 0 of example 1 is padding
    expect(cross.slice([1, 0, 0, 0], [1, -1, -1, 1]).max().dataSync()[0]).toBe(0);
  });

  it("the encoder layer trains every weight and leaks no tensors across training steps", () => {
    const layer = new TransformerEncoderLayer({ modelSize, heads, feedForwardSize, norm, seed: 4 });
    const { target, targetMask } = inputs();
    const optimizer = tf.train.sgd(0.05);
    const step = () => optimizer.minimize(() => layer.apply(target, targetMask).square().mean<tf.Scalar>(), false, layer.weights);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    const { grads } = tf.variableGrads(() => layer.apply(target, targetMask).sum<tf.Scalar>().square(), layer.weights);
    for (const w of layer.weights) expect(tf.tidy(() => grads[w.name].abs().max().dataSync()[0])).toBeGreaterThan(0);
  });
});
