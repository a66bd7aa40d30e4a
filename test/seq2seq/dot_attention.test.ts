import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { DotAttention } from "../../lib/src/seq2seq/dot_attention";
import { maxAbsDiff, small } from "../cells/reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const [batch, steps, size] = [3, 5, 16];

function inputs(seed = 1) {
  const random = new Random(seed);
  // s [batch, size], h [batch, steps, size]
  const query = small<tf.Tensor2D>(random, [batch, size], 1);
  const values = small<tf.Tensor3D>(random, [batch, steps, size], 1);
  const mask = tf.tensor2d([
    [1, 1, 1, 1, 1],
    [0, 0, 1, 1, 1],
    [0, 1, 1, 0, 1],
  ]);
  return { query, values, mask };
}

/** e_i = s · h_i (/ √d), α = softmax(e), c = Σ α_i h_i, in plain JavaScript. */
function reference(s: number[], h: number[][], scaled: boolean): { alpha: number[]; c: number[] } {
  const e = h.map((hi) => hi.reduce((sum, x, k) => sum + x * s[k], 0) / (scaled ? Math.sqrt(s.length) : 1));
  const exp = e.map((x) => Math.exp(x - Math.max(...e)));
  const alpha = exp.map((x) => x / exp.reduce((p, q) => p + q, 0));
  const c = s.map((_, k) => alpha.reduce((sum, a, i) => sum + a * h[i][k], 0));
  return { alpha, c };
}

describe("DotAttention", () => {
  it("is scaled by default, has no weights, and refuses a query of another size", () => {
    const attention = new DotAttention({ size });
    expect(attention.scaled).toBe(true);
    expect(attention.weights).toEqual([]);
    const { values } = inputs();
    expect(attention.projectKeys(values)).toBe(values);
    expect(() => attention.attend(tf.zeros([batch, size + 1]), values)).toThrow(/needs them equal/);
  });

  for (const scaled of [false, true]) {
    it(`equals its formula computed position by position (${scaled ? "scaled: s · h_i / √d" : "dot: s · h_i"})`, () => {
      const attention = new DotAttention({ size, scaled });
      const { query, values } = inputs(2);
      const [context, weights] = attention.attend(query, values);
      expect(context.shape).toEqual([batch, size]);
      expect(weights.shape).toEqual([batch, steps]);
      const s = query.arraySync();
      const h = values.arraySync();
      for (let b = 0; b < batch; b++) {
        const { alpha, c } = reference(s[b], h[b], scaled);
        expect(maxAbsDiff(weights.slice([b, 0], [1, steps]), tf.tensor2d([alpha]))).toBeLessThan(1e-6);
        expect(maxAbsDiff(context.slice([b, 0], [1, size]), tf.tensor2d([c]))).toBeLessThan(1e-6);
      }
    });
  }

  it("scaling by √d keeps the softmax from saturating: unscaled weights are peakier", () => {
    const { query, values } = inputs(3);
    const peak = (scaled: boolean) => new DotAttention({ size, scaled }).attend(query.mul(4), values.mul(4))[1].max(1).mean().dataSync()[0];
    expect(peak(false)).toBeGreaterThan(peak(true));
  });

  it("gives weights that sum to 1 over source positions and are exactly 0 on padding", () => {
    const attention = new DotAttention({ size });
    const { query, values, mask } = inputs(4);
    const alpha = attention.attend(query, values, mask)[1].arraySync();
    const m = mask.arraySync();
    alpha.forEach((row, b) => {
      expect(Math.abs(row.reduce((p, q) => p + q, 0) - 1)).toBeLessThan(1e-6);
      row.forEach((a, i) => (m[b][i] === 0 ? expect(a).toBe(0) : expect(a).toBeGreaterThan(0)));
    });
  });

  it("leaks no tensors", () => {
    const attention = new DotAttention({ size });
    const { query, values, mask } = inputs(5);
    const before = tf.memory().numTensors;
    for (const m of [undefined, mask]) tf.dispose(attention.attend(query, values, m));
    expect(tf.memory().numTensors).toBe(before);
  });
});
