import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { additionVocab } from "../lib/src/data/addition";
import { attentionDecoder } from "../lib/src/seq2seq/attention_decoder";
import { bidirectionalEncoder } from "../lib/src/seq2seq/bidirectional_encoder";
import { Seq2Seq } from "../lib/src/seq2seq/seq2seq";
import { unstackSteps } from "../lib/src/unstack_steps";

describe("unstackSteps", () => {
  it("is needed: tfjs cannot take the gradient through tf.unstack of an axis of length 1", () => {
    const firstStep = (x: tf.Tensor) => tf.unstack(x, 1)[0].sum();
    expect(() => tf.grad(firstStep)(tf.ones([2, 1, 3]))).toThrow("must be a `Tensor[]`");
  });

  it("equals tf.unstack, and has a gradient for one step as for several", () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3]);
    unstackSteps(x, 1).forEach((step, t) => expect(step.arraySync()).toEqual(tf.unstack(x, 1)[t].arraySync()));
    const one = x.slice([0, 0, 0], [2, 1, 3]);
    expect(unstackSteps(one, 1).map((s) => s.arraySync())).toEqual(tf.unstack(one, 1).map((s) => s.arraySync()));
    for (const steps of [1, 2]) {
      const gradient = tf.grad((v: tf.Tensor) => unstackSteps(v, 1)[0].mul(2).sum())(tf.ones([2, steps, 3]));
      expect(gradient.shape).toEqual([2, steps, 3]);
      expect(gradient.sum().dataSync()[0]).toBe(12);
    }
  });

  it("lets a seq2seq model train on one-character sources and targets (a one-letter word)", () => {
    const model = new Seq2Seq({
      vocab: additionVocab,
      start: "{",
      end: "}",
      hiddenSize: 8,
      embeddingSize: 4,
      seed: 1,
      encoder: bidirectionalEncoder,
      decoder: attentionDecoder(),
    });
    const batch = model.batch([
      { source: "7", target: "}" },
      { source: "3", target: "}" },
    ]);
    const { grads } = tf.variableGrads(() => model.loss(batch), model.weights);
    expect(Object.values(grads).every((g) => Number.isFinite(g.sum().dataSync()[0]))).toBe(true);
    model.dispose();
  });
});
