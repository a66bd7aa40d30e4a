import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Encoder } from "../../lib/src/seq2seq/encoder";
import { simpleRNNCell } from "../../lib/src/cells/simple_rnn";
import { maxAbsDiff } from "../cells/reference";
import { PAD, ids, maskOf } from "./padded_ids";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Encoder", () => {
  it("returns every top-layer state [batch, steps, hidden] and each layer's last [batch, hidden]", () => {
    const encoder = new Encoder({ vocabSize: 7, embeddingSize: 5, hiddenSize: 6, layers: 2 });
    const { states, last, mask } = encoder.encode(
      ids([
        [1, 2, 3, 4],
        [4, 3, 2, 1],
        [1, 1, 1, 1],
      ]),
    );
    expect(states.shape).toEqual([3, 4, 6]);
    expect(last.map((h) => (h as tf.Tensor2D).shape)).toEqual([
      [3, 6],
      [3, 6],
    ]);
    expect(mask).toBeUndefined();
    // the top layer's last state is its state at the last step
    expect(maxAbsDiff(last[1] as tf.Tensor2D, states.slice([0, 3, 0], [3, 1, 6]).reshape([3, 6]))).toBe(0);
    expect(encoder.weights).toHaveLength(1 + 2 * 3);
    encoder.dispose();
  });

  it("gives the same states through the masked path when nothing is masked", () => {
    const encoder = new Encoder({ vocabSize: 7, hiddenSize: 8, layers: 2, seed: 3 });
    const source = ids([
      [1, 2, 3, 4, 5],
      [6, 5, 4, 3, 2],
    ]);
    const plain = encoder.encode(source);
    const masked = encoder.encode(source, tf.ones([2, 5]));
    expect(maxAbsDiff(plain.states, masked.states)).toBeLessThan(1e-6);
    expect(maxAbsDiff(plain.last[1] as tf.Tensor2D, masked.last[1] as tf.Tensor2D)).toBeLessThan(1e-6);
    encoder.dispose();
  });

  it("is unchanged by padding, wherever it sits and however long it is", () => {
    for (const cell of [undefined, simpleRNNCell]) {
      const encoder = new Encoder({ vocabSize: 7, hiddenSize: 8, layers: 2, seed: 4, ...(cell ? { cell } : {}) });
      const bare = encoder.encode(ids([[3, 1, 4]]));
      for (const padded of [
        [3, 1, 4, PAD, PAD],
        [PAD, 3, 1, PAD, 4, PAD, PAD],
        [PAD, PAD, 3, 1, 4],
      ]) {
        const source = ids([padded]);
        const encoded = encoder.encode(source, maskOf(source));
        for (const l of [0, 1]) expect(maxAbsDiff(encoded.last[l] as tf.Tensor2D, bare.last[l] as tf.Tensor2D)).toBeLessThan(1e-6);
        expect(encoded.mask?.arraySync()).toEqual([padded.map((id) => (id === PAD ? 0 : 1))]);
      }
      // a masked step's state is the previous step's
      const source = ids([[3, PAD, 1]]);
      const { states } = encoder.encode(source, maskOf(source));
      expect(maxAbsDiff(states.slice([0, 0, 0], [1, 1, 8]), states.slice([0, 1, 0], [1, 1, 8]))).toBe(0);
      encoder.dispose();
    }
  });

  it("encodes each row of a batch as it would alone", () => {
    const encoder = new Encoder({ vocabSize: 7, hiddenSize: 8, seed: 5 });
    const rows = [
      [3, 1, 4, PAD],
      [PAD, 2, 6, 5],
    ];
    const source = ids(rows);
    const batch = encoder.encode(source, maskOf(source));
    rows.forEach((row, b) => {
      const alone = ids([row]);
      const single = encoder.encode(alone, maskOf(alone));
      expect(maxAbsDiff(single.last[0] as tf.Tensor2D, (batch.last[0] as tf.Tensor2D).slice([b, 0], [1, 8]))).toBeLessThan(1e-6);
    });
    encoder.dispose();
  });

  it("leaks no tensors", () => {
    const encoder = new Encoder({ vocabSize: 7, hiddenSize: 8, layers: 2 });
    const source = ids([[3, PAD, 1]]);
    const mask = maskOf(source);
    const before = tf.memory().numTensors;
    for (const m of [undefined, mask]) {
      const { states, last, mask: kept } = encoder.encode(source, m);
      tf.dispose([states, last, ...(kept ? [kept] : [])]);
    }
    expect(tf.memory().numTensors).toBe(before);
    encoder.dispose();
  });
});
