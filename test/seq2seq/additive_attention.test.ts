import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { AdditiveAttention } from "../../lib/src/seq2seq/additive_attention";
import { maskedSoftmax } from "../../lib/src/seq2seq/attention";
import { maxAbsDiff, small } from "../cells/reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const [batch, steps, querySize, keySize, attentionSize] = [3, 5, 4, 6, 7];

function setup(seed = 1) {
  const attention = new AdditiveAttention({ querySize, keySize, attentionSize, seed });
  // a non-zero b, so that the test sees it
  attention.b.assign(small(new Random(seed + 10), [attentionSize]));
  const random = new Random(seed + 20);
  // s [batch, query], h [batch, steps, key]
  const query = small<tf.Tensor2D>(random, [batch, querySize], 1);
  const values = small<tf.Tensor3D>(random, [batch, steps, keySize], 1);
  // row 0: no padding; row 1: two padded positions at the start; row 2: padding on both sides
  const mask = tf.tensor2d([
    [1, 1, 1, 1, 1],
    [0, 0, 1, 1, 1],
    [0, 1, 1, 0, 1],
  ]);
  return { attention, query, values, mask };
}

describe("AdditiveAttention", () => {
  it("has the documented defaults, shapes and weights", () => {
    const plain = new AdditiveAttention({ querySize: 8 });
    expect([plain.keySize, plain.attentionSize]).toEqual([8, 8]);
    plain.dispose();
    const { attention, query, values } = setup();
    expect(attention.Wh.shape).toEqual([keySize, attentionSize]);
    expect(attention.Ws.shape).toEqual([querySize, attentionSize]);
    expect(attention.v.shape).toEqual([attentionSize, 1]);
    expect(attention.weights).toHaveLength(4);
    const [context, weights] = attention.attend(query, values);
    expect(context.shape).toEqual([batch, keySize]);
    expect(weights.shape).toEqual([batch, steps]);
    expect(attention.projectKeys(values).shape).toEqual([batch, steps, attentionSize]);
    attention.dispose();
  });

  it("equals its formula computed position by position: e_i = vᵀ tanh(W [h_i; s] + b), α = softmax(e), c = Σ α_i h_i", () => {
    const { attention, query, values } = setup();
    const [context, weights] = attention.attend(query, values);
    // the seed's W_a: one matrix over the concatenation [h_i; s]   [key + query, attention]
    const Wa = tf.concat([attention.Wh, attention.Ws], 0);
    const s = query.arraySync();
    const h = values.arraySync();
    for (let b = 0; b < batch; b++) {
      // e_i, one position at a time
      const e = h[b].map((hi) => {
        const hs = tf.tensor2d([[...hi, ...s[b]]]);
        return hs.matMul(Wa).add(attention.b).tanh().matMul(attention.v).dataSync()[0];
      });
      // softmax in plain JavaScript
      const exp = e.map((x) => Math.exp(x - Math.max(...e)));
      const alpha = exp.map((x) => x / exp.reduce((p, q) => p + q, 0));
      // c = Σ α_i h_i in plain JavaScript
      const c = Array.from({ length: keySize }, (_, k) => alpha.reduce((sum, a, i) => sum + a * h[b][i][k], 0));
      expect(maxAbsDiff(weights.slice([b, 0], [1, steps]), tf.tensor2d([alpha]))).toBeLessThan(1e-6);
      expect(maxAbsDiff(context.slice([b, 0], [1, keySize]), tf.tensor2d([c]))).toBeLessThan(1e-6);
    }
    attention.dispose();
  });

  it("gives weights that sum to 1 over source positions and are exactly 0 on padding", () => {
    const { attention, query, values, mask } = setup(2);
    const [context, weights] = attention.attend(query, values, mask);
    const alpha = weights.arraySync();
    const m = mask.arraySync();
    alpha.forEach((row, b) => {
      expect(Math.abs(row.reduce((p, q) => p + q, 0) - 1)).toBeLessThan(1e-6);
      row.forEach((a, i) => (m[b][i] === 0 ? expect(a).toBe(0) : expect(a).toBeGreaterThan(0)));
    });
    // the unmasked weights are the softmax over the unmasked positions only, and padding's values don't matter
    const scrambled = values.mul<tf.Tensor3D>(
      tf.stack([tf.ones([steps]), tf.tensor1d([7, -3, 1, 1, 1]), tf.tensor1d([5, 1, 1, -2, 1])]).expandDims(2),
    );
    const [context2, weights2] = attention.attend(query, scrambled, mask);
    expect(maxAbsDiff(weights, weights2)).toBeLessThan(1e-6);
    expect(maxAbsDiff(context, context2)).toBeLessThan(1e-6);
    attention.dispose();
  });

  it("takes hoisted keys: attend with projectKeys' result equals attend without", () => {
    const { attention, query, values, mask } = setup(3);
    const keys = attention.projectKeys(values);
    const [c1, a1] = attention.attend(query, values, mask, keys);
    const [c2, a2] = attention.attend(query, values, mask);
    expect(maxAbsDiff(c1, c2)).toBe(0);
    expect(maxAbsDiff(a1, a2)).toBe(0);
    attention.dispose();
  });

  it("treats each row of a batch as it would alone", () => {
    const { attention, query, values, mask } = setup(4);
    const [context] = attention.attend(query, values, mask);
    for (let b = 0; b < batch; b++) {
      const [alone] = attention.attend(
        query.slice([b, 0], [1, querySize]),
        values.slice([b, 0, 0], [1, steps, keySize]),
        mask.slice([b, 0], [1, steps]),
      );
      expect(maxAbsDiff(alone, context.slice([b, 0], [1, keySize]))).toBeLessThan(1e-6);
    }
    attention.dispose();
  });

  it("trains: gradients reach W_h, W_s, b and v", () => {
    const { attention, query, values, mask } = setup(5);
    const { grads } = tf.variableGrads(() => attention.attend(query, values, mask)[0].square().sum<tf.Scalar>(), attention.weights);
    for (const w of attention.weights) expect(tf.abs(grads[w.name]).max().dataSync()[0]).toBeGreaterThan(0);
    attention.dispose();
  });

  it("leaks no tensors", () => {
    const { attention, query, values, mask } = setup(6);
    const ones = tf.onesLike<tf.Tensor2D>(query);
    const before = tf.memory().numTensors;
    for (const m of [undefined, mask]) tf.dispose(attention.attend(query, values, m));
    tf.dispose(attention.projectKeys(values));
    tf.dispose(maskedSoftmax(query, ones));
    expect(tf.memory().numTensors).toBe(before);
    attention.dispose();
  });
});
