import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Dense } from "../lib/src/blocks/dense";
import { LayerNorm } from "../lib/src/blocks/layer_norm";
import { GRUCell } from "../lib/src/cells/gru";
import { LSTMCell } from "../lib/src/cells/lstm";
import { SimpleRNNCell } from "../lib/src/cells/simple_rnn";
import { AdditiveAttention } from "../lib/src/seq2seq/additive_attention";
import { Embedding } from "../lib/src/seq2seq/embedding";
import { checkSizes, checkWidth } from "../lib/src/sizes";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("checkSizes and checkWidth", () => {
  it("accept whole numbers ≥ 1 and the expected width", () => {
    expect(() => checkSizes("Layer", { a: 1, b: 64 })).not.toThrow();
    expect(() => checkWidth("Layer", "x", [2, 3], 3, "inputSize")).not.toThrow();
  });

  it("name the layer, the size and the value", () => {
    expect(() => checkSizes("Layer", { a: 1, b: -2 })).toThrow("Layer: b must be a whole number ≥ 1, got -2");
    expect(() => checkSizes("Layer", { a: NaN })).toThrow("Layer: a must be a whole number ≥ 1, got NaN");
    expect(() => checkWidth("Layer", "x", [2, 5], 3, "inputSize")).toThrow("Layer: x has 5 features, expected inputSize 3");
  });
});

describe("the public layers check their sizes and input widths", () => {
  it("refuse sizes that are not whole numbers ≥ 1 at construction", () => {
    expect(() => new Dense({ inputSize: 3, outputSize: 0 })).toThrow("Dense: outputSize must be a whole number ≥ 1, got 0");
    expect(() => new Embedding({ vocabSize: 1.5, embeddingSize: 4 })).toThrow("Embedding: vocabSize must be a whole number ≥ 1, got 1.5");
    expect(() => new LayerNorm({ dims: 0 })).toThrow("LayerNorm: dims must be a whole number ≥ 1, got 0");
    expect(() => new AdditiveAttention({ querySize: 4, keySize: -1 })).toThrow(
      "AdditiveAttention: keySize must be a whole number ≥ 1, got -1",
    );
    for (const [name, make] of [
      ["SimpleRNNCell", () => new SimpleRNNCell({ inputSize: 0, hiddenSize: 4 })],
      ["GRUCell", () => new GRUCell({ inputSize: 0, hiddenSize: 4 })],
      ["LSTMCell", () => new LSTMCell({ inputSize: 0, hiddenSize: 4 })],
    ] as const) {
      expect(make).toThrow(`${name}: inputSize must be a whole number ≥ 1, got 0`);
    }
  });

  it("cells refuse inputs of the wrong width, in step and in unroll", () => {
    const rnn = new SimpleRNNCell({ inputSize: 3, hiddenSize: 4 });
    const gru = new GRUCell({ inputSize: 3, hiddenSize: 4 });
    const lstm = new LSTMCell({ inputSize: 3, hiddenSize: 4 });
    const x = tf.zeros<tf.Rank.R2>([2, 5]);
    const xs = tf.zeros<tf.Rank.R3>([2, 6, 5]);
    expect(() => rnn.step(x, rnn.zeroState(2))).toThrow("SimpleRNNCell.step: x has 5 features, expected inputSize 3");
    expect(() => gru.unroll(xs)).toThrow("GRUCell.unroll: xs has 5 features, expected inputSize 3");
    expect(() => lstm.step(x, lstm.zeroState(2))).toThrow("LSTMCell.step: x has 5 features, expected inputSize 3");
    tf.dispose([x, xs, ...rnn.weights, ...gru.weights, ...lstm.weights]);
  });

  it("additive attention refuses a query or values of the wrong width", () => {
    const attention = new AdditiveAttention({ querySize: 4, keySize: 6 });
    const values = tf.zeros<tf.Rank.R3>([2, 3, 6]);
    expect(() => attention.attend(tf.zeros([2, 5]), values)).toThrow("AdditiveAttention: the query has 5 features, expected querySize 4");
    expect(() => attention.attend(tf.zeros([2, 4]), tf.zeros([2, 3, 4]))).toThrow(
      "AdditiveAttention: each value has 4 features, expected keySize 6",
    );
    attention.dispose();
  });
});
