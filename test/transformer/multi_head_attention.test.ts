import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { DotAttention } from "../../lib/src/seq2seq/dot_attention";
import { MultiHeadAttention } from "../../lib/src/transformer/multi_head_attention";
import { maxAbsDiff, small, TOLERANCE } from "../cells/reference";
import { copyPyTorchAttention } from "./pytorch_layout";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const [batch, querySteps, keySteps, modelSize, heads] = [2, 3, 4, 6, 2];

/** An attention whose biases are random too, so that the test sees every weight. */
function attention(seed = 1, h = heads): MultiHeadAttention {
  const layer = new MultiHeadAttention({ modelSize, heads: h, seed });
  const random = new Random(seed + 100);
  for (const b of [layer.bq, layer.bk, layer.bv, layer.bo]) b.assign(small<tf.Tensor1D>(random, [modelSize]));
  return layer;
}

/** The formula in plain JavaScript, for one example: X_q [Tq][d], X_kv [Tk][d] → output [Tq][d] and weights [h][Tq][Tk]. */
function reference(layer: MultiHeadAttention, xq: number[][], xkv: number[][], allowed: (q: number, k: number) => boolean) {
  const [Wq, Wk, Wv, Wo] = [layer.Wq, layer.Wk, layer.Wv, layer.Wo].map((w) => w.arraySync());
  const [bq, bk, bv, bo] = [layer.bq, layer.bk, layer.bv, layer.bo].map((b) => b.arraySync());
  const affine = (x: number[], W: number[][], b: number[]) => b.map((bj, j) => bj + x.reduce((sum, xi, i) => sum + xi * W[i][j], 0));
  const [Q, K, V] = [xq.map((x) => affine(x, Wq, bq)), xkv.map((x) => affine(x, Wk, bk)), xkv.map((x) => affine(x, Wv, bv))];
  const dk = layer.headSize;
  const weights: number[][][] = [];
  const concatenated = xq.map(() => new Array<number>(modelSize).fill(0));
  for (let head = 0; head < layer.heads; head++) {
    const features = Array.from({ length: dk }, (_, f) => head * dk + f);
    weights.push(
      Q.map((q, t) => {
        const scores = K.map((k, s) => (allowed(t, s) ? features.reduce((sum, f) => sum + q[f] * k[f], 0) / Math.sqrt(dk) : -Infinity));
        const top = Math.max(...scores);
        const exps = scores.map((e) => Math.exp(e - top));
        const total = exps.reduce((a, b) => a + b, 0);
        const alpha = exps.map((e) => e / total);
        for (const f of features) concatenated[t][f] = alpha.reduce((sum, a, s) => sum + a * V[s][f], 0);
        return alpha;
      }),
    );
  }
  return { output: concatenated.map((c) => affine(c, Wo, bo)), weights };
}

describe("MultiHeadAttention", () => {
  it("equals its formula computed directly, with a padding mask", () => {
    const layer = attention();
    const random = new Random(2);
    const xq = small<tf.Tensor3D>(random, [batch, querySteps, modelSize], 1);
    const xkv = small<tf.Tensor3D>(random, [batch, keySteps, modelSize], 1);
    const keyMask = tf.tensor2d([
      [1, 1, 1, 1],
      [1, 0, 1, 0],
    ]);
    const [output, weights] = layer.apply(xq, xkv, { keyMask });
    expect(output.shape).toEqual([batch, querySteps, modelSize]);
    expect(weights.shape).toEqual([batch, heads, querySteps, keySteps]);
    const mask = keyMask.arraySync();
    for (let b = 0; b < batch; b++) {
      const expected = reference(layer, xq.arraySync()[b], xkv.arraySync()[b], (_, k) => mask[b][k] === 1);
      expect(maxAbsDiff(output.slice([b], [1]).squeeze([0]), tf.tensor2d(expected.output))).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(weights.slice([b], [1]).squeeze([0]), tf.tensor3d(expected.weights))).toBeLessThan(TOLERANCE);
    }
  });

  it("with one head and identity projections equals DotAttention, query by query", () => {
    const layer = new MultiHeadAttention({ modelSize, heads: 1, seed: 1 });
    for (const W of [layer.Wq, layer.Wk, layer.Wv, layer.Wo]) W.assign(tf.eye(modelSize));
    const random = new Random(3);
    const xq = small<tf.Tensor3D>(random, [batch, querySteps, modelSize], 1);
    const xkv = small<tf.Tensor3D>(random, [batch, keySteps, modelSize], 1);
    const [output, weights] = layer.apply(xq, xkv);
    const dot = new DotAttention({ size: modelSize });
    for (let t = 0; t < querySteps; t++) {
      const query = xq.slice([0, t, 0], [-1, 1, -1]).squeeze<tf.Tensor2D>([1]);
      const [context, alpha] = dot.attend(query, xkv);
      expect(maxAbsDiff(output.slice([0, t, 0], [-1, 1, -1]).squeeze([1]), context)).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(weights.slice([0, 0, t, 0], [-1, 1, 1, -1]).reshape([batch, keySteps]), alpha)).toBeLessThan(TOLERANCE);
    }
  });

  it("under the causal mask, output t does not change when the inputs after t do", () => {
    const layer = attention();
    const random = new Random(4);
    const x = small<tf.Tensor3D>(random, [batch, keySteps, modelSize], 1);
    const [output, weights] = layer.apply(x, x, { causal: true });
    for (let t = 0; t < keySteps - 1; t++) {
      // every position after t replaced by other numbers
      const changed = tf.concat(
        [x.slice([0, 0, 0], [-1, t + 1, -1]), small<tf.Tensor3D>(random, [batch, keySteps - t - 1, modelSize], 1)],
        1,
      );
      const [changedOutput] = layer.apply(changed, changed, { causal: true });
      const upToT = (y: tf.Tensor3D) => y.slice([0, 0, 0], [-1, t + 1, -1]);
      expect(maxAbsDiff(upToT(changedOutput), upToT(output))).toBeLessThan(TOLERANCE);
      // … while an output after t does change
      expect(maxAbsDiff(changedOutput.slice([0, t + 1, 0], [-1, 1, -1]), output.slice([0, t + 1, 0], [-1, 1, -1]))).toBeGreaterThan(1e-3);
    }
    // the weights above the diagonal are exactly 0
    const alpha = weights.arraySync();
    for (const example of alpha) for (const head of example) head.forEach((row, q) => row.forEach((w, k) => k > q && expect(w).toBe(0)));
  });

  it("gives padding exactly zero weight, and the weights of a row sum to 1", () => {
    const layer = attention();
    const random = new Random(5);
    const x = small<tf.Tensor3D>(random, [batch, keySteps, modelSize], 1);
    const keyMask = tf.tensor2d([
      [1, 1, 0, 0],
      [0, 1, 1, 1],
    ]);
    const [, weights] = layer.apply(x, x, { keyMask, causal: false });
    const alpha = weights.arraySync();
    const mask = keyMask.arraySync();
    alpha.forEach((example, b) =>
      example.forEach((head) =>
        head.forEach((row) => {
          row.forEach((w, k) => mask[b][k] === 0 && expect(w).toBe(0));
          expect(row.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 5);
        }),
      ),
    );
  });

  it("with padding and the causal mask together, gives weight only to earlier positions that are not padding", () => {
    const layer = attention();
    const x = small<tf.Tensor3D>(new Random(8), [batch, keySteps, modelSize], 1);
    // right-padded, as a batch of targets is: position 0 is always a character
    const keyMask = tf.tensor2d([
      [1, 1, 1, 0],
      [1, 0, 1, 1],
    ]);
    const mask = keyMask.arraySync();
    const [, weights] = layer.apply(x, x, { keyMask, causal: true });
    weights
      .arraySync()
      .forEach((example, b) =>
        example.forEach((head) =>
          head.forEach((row, q) => row.forEach((w, k) => (k > q || mask[b][k] === 0 ? expect(w).toBe(0) : expect(w).toBeGreaterThan(0)))),
        ),
      );
  });

  it("has no sense of order: permuting the positions of a self-attention's input permutes its output", () => {
    const layer = attention();
    const random = new Random(6);
    const x = small<tf.Tensor3D>(random, [batch, keySteps, modelSize], 1);
    const permutation = [2, 0, 3, 1];
    const permuted = tf.gather(x, permutation, 1);
    const [output] = layer.apply(x, x);
    const [permutedOutput] = layer.apply(permuted, permuted);
    expect(maxAbsDiff(permutedOutput, tf.gather(output, permutation, 1))).toBeLessThan(TOLERANCE);
  });

  it("trains every weight and leaks no tensors across training steps", () => {
    const layer = attention();
    const random = new Random(7);
    const x = small<tf.Tensor3D>(random, [batch, keySteps, modelSize], 1);
    const optimizer = tf.train.sgd(0.1);
    const step = () => optimizer.minimize(() => layer.apply(x, x, { causal: true })[0].square().mean(), false, layer.weights);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    const grads = tf.variableGrads(() => layer.apply(x, x)[0].square().mean<tf.Scalar>(), layer.weights).grads;
    expect(layer.weights).toHaveLength(8);
    for (const w of layer.weights) expect(tf.tidy(() => grads[w.name].abs().max().dataSync()[0])).toBeGreaterThan(0);
  });

  it("equals PyTorch's nn.MultiheadAttention with the weights copied as its doc comment says (numbers from multi_head_attention_reference.py)", () => {
    // the reference script's fixed weights, in PyTorch's layout: rows are output features
    const filled = (rows: number, cols: number, f: (n: number) => number) =>
      tf.tensor2d(
        Array.from({ length: rows * cols }, (_, n) => f(n)),
        [rows, cols],
      );
    const inProjWeight = filled(3 * modelSize, modelSize, (n) => 0.5 * Math.sin(0.7 * n + 0.1));
    const inProjBias = tf.tensor1d(Array.from({ length: 3 * modelSize }, (_, i) => 0.1 * Math.cos(i)));
    const outProjWeight = filled(modelSize, modelSize, (n) => 0.4 * Math.cos(0.3 * n));
    const outProjBias = tf.tensor1d(Array.from({ length: modelSize }, (_, i) => 0.05 * i));
    const layer = new MultiHeadAttention({ modelSize, heads });
    copyPyTorchAttention(layer, { inProjWeight, inProjBias, outProjWeight, outProjBias });
    const sequence = (steps: number, f: (n: number) => number) =>
      tf.tensor3d(
        Array.from({ length: batch }, (_, b) =>
          Array.from({ length: steps }, (_, t) => Array.from({ length: modelSize }, (_, k) => f(100 * b + 10 * t + k))),
        ),
      );
    const queries = sequence(querySteps, (n) => Math.sin(1.3 * n));
    const keysValues = sequence(keySteps, (n) => Math.cos(0.9 * n));
    // PyTorch's key_padding_mask marks padding with True; keyMask marks it with 0
    const keyMask = tf.tensor2d([
      [1, 1, 1, 1],
      [1, 0, 1, 0],
    ]);
    const [output, weights] = layer.apply(queries, keysValues, { keyMask });
    expect(maxAbsDiff(output, tf.tensor3d(PYTORCH_OUTPUT))).toBeLessThan(1e-5);
    expect(maxAbsDiff(weights, tf.tensor4d(PYTORCH_WEIGHTS))).toBeLessThan(1e-5);
  });

  it("says what is wrong with its sizes and inputs", () => {
    expect(() => new MultiHeadAttention({ modelSize: 6, heads: 4 })).toThrow("modelSize 6 must be a multiple of heads 4");
    const layer = attention();
    expect(() => layer.apply(tf.zeros<tf.Rank.R3>([1, 2, 5]), tf.zeros<tf.Rank.R3>([1, 2, modelSize]))).toThrow("expected modelSize 6");
    const x = tf.zeros<tf.Rank.R3>([1, 2, modelSize]);
    expect(() => layer.apply(x, tf.zeros<tf.Rank.R3>([1, 3, modelSize]), { causal: true })).toThrow(
      "a causal mask needs as many queries as keys",
    );
    expect(() => layer.apply(x, x, { keyMask: tf.ones<tf.Rank.R2>([1, 3]) })).toThrow("keyMask is [1, 3], expected [1, 2]");
  });
});

// printed by multi_head_attention_reference.py (PyTorch 2.15): the output [batch, querySteps, d_model] and per-head weights [batch, heads, querySteps, keySteps]
const PYTORCH_OUTPUT = [
  [
    [-0.081518, 0.078346, 0.168637, 0.090465, 0.158415, 0.328431],
    [-0.088494, 0.064804, 0.181767, 0.098041, 0.141844, 0.328386],
    [-0.082645, 0.04986, 0.182709, 0.112557, 0.134306, 0.317295],
  ],
  [
    [-0.062224, -0.060495, 0.212433, 0.209405, 0.060573, 0.253951],
    [-0.080194, -0.069377, 0.234439, 0.208288, 0.039075, 0.264838],
    [-0.100365, -0.079537, 0.259227, 0.207183, 0.014789, 0.276978],
  ],
];
const PYTORCH_WEIGHTS = [
  [
    [
      [0.405368, 0.039529, 0.505218, 0.049884],
      [0.446246, 0.049892, 0.427582, 0.076281],
      [0.438442, 0.086597, 0.328458, 0.146502],
    ],
    [
      [0.431477, 0.031787, 0.491322, 0.045414],
      [0.474827, 0.040122, 0.415594, 0.069456],
      [0.471825, 0.070435, 0.322798, 0.134942],
    ],
  ],
  [
    [
      [0.650233, 0.0, 0.349767, 0.0],
      [0.562133, 0.0, 0.437866, 0.0],
      [0.461556, 0.0, 0.538444, 0.0],
    ],
    [
      [0.619545, 0.0, 0.380455, 0.0],
      [0.529377, 0.0, 0.470623, 0.0],
      [0.428999, 0.0, 0.571001, 0.0],
    ],
  ],
];
