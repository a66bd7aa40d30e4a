import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { lstmCell } from "../../lib/src/cells/fused_lstm";
import { BidirectionalEncoder } from "../../lib/src/seq2seq/bidirectional_encoder";
import type { RecurrentCell } from "../../lib/src/cells/recurrent_cell";
import { single } from "./single_state";
import { maxAbsDiff } from "../cells/reference";
import { PAD, ids, maskOf } from "./padded_ids";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("BidirectionalEncoder", () => {
  it("returns states [batch, steps, 2·hidden] and each layer's s_0 [batch, hidden]", () => {
    const encoder = new BidirectionalEncoder({ vocabSize: 7, embeddingSize: 5, hiddenSize: 6, layers: 2 });
    expect(encoder.stateSize).toBe(12);
    expect(encoder.cells[1]?.inputSize).toBe(12);
    const { states, last, mask } = encoder.encode(
      ids([
        [1, 2, 3, 4],
        [4, 3, 2, 1],
        [1, 1, 1, 1],
      ]),
    );
    expect(states.shape).toEqual([3, 4, 12]);
    expect(last.map((h) => single(h).shape)).toEqual([
      [3, 6],
      [3, 6],
    ]);
    expect(mask).toBeUndefined();
    // embedding, 2 layers × 2 directions × (W, U, b), 2 bridges × (W, b)
    expect(encoder.weights).toHaveLength(1 + 2 * 2 * 3 + 2 * 2);
    encoder.dispose();
  });

  it("is a left-to-right cell and a right-to-left cell side by side, and s_0 = tanh(W [h→_T; h←_1] + b)", () => {
    const encoder = new BidirectionalEncoder({ vocabSize: 7, hiddenSize: 5, seed: 2 });
    const source = ids([
      [1, 2, 3, 4],
      [6, 5, 4, 3],
    ]);
    const { states, last } = encoder.encode(source);
    const xs = encoder.embedding.apply(source);
    const [forward, forwardLast] = (encoder.cells[0] as RecurrentCell<tf.Tensor2D>).unroll(xs);
    // the right-to-left cell, step by step from the last character
    const backward: tf.Tensor2D[] = [];
    let h = tf.zeros<tf.Rank.R2>([2, 5]);
    for (let t = 3; t >= 0; t--) {
      h = (encoder.backwardCells[0] as RecurrentCell<tf.Tensor2D>).step(xs.slice([0, t, 0], [2, 1, 32]).reshape([2, 32]), h);
      backward.unshift(h);
    }
    expect(maxAbsDiff(states, tf.concat([forward, tf.stack(backward, 1)], 2))).toBeLessThan(1e-6);
    const bridge = encoder.bridges[0][0];
    const s0 = tf.concat([forwardLast, backward[0]], 1).matMul(bridge.W).add(bridge.b).tanh();
    expect(maxAbsDiff(single(last[0]), s0)).toBeLessThan(1e-6);
    encoder.dispose();
  });

  it("takes an LSTM: each layer's s_0 is a pair (h, c), each part bridged by its own dense layer", () => {
    const encoder = new BidirectionalEncoder({ vocabSize: 7, hiddenSize: 6, layers: 2, cell: lstmCell });
    expect(encoder.bridges.map((b) => b.length)).toEqual([2, 2]);
    const source = ids([
      [1, 2, PAD],
      [3, 4, 5],
    ]);
    const { states, last } = encoder.encode(source, maskOf(source));
    expect(states.shape).toEqual([2, 3, 12]);
    expect(last.map((s) => (Array.isArray(s) ? s.map((t) => t.shape) : "one tensor"))).toEqual([
      [
        [2, 6],
        [2, 6],
      ],
      [
        [2, 6],
        [2, 6],
      ],
    ]);
    encoder.dispose();
  });

  it("is unchanged by padding, wherever it sits: both directions keep their state over it", () => {
    const encoder = new BidirectionalEncoder({ vocabSize: 7, hiddenSize: 8, layers: 2, seed: 4 });
    const bare = encoder.encode(ids([[3, 1, 4]]));
    for (const padded of [
      [3, 1, 4, PAD, PAD],
      [PAD, 3, 1, PAD, 4, PAD],
      [PAD, PAD, 3, 1, 4],
    ]) {
      const source = ids([padded]);
      const encoded = encoder.encode(source, maskOf(source));
      for (const l of [0, 1]) expect(maxAbsDiff(single(encoded.last[l]), single(bare.last[l]))).toBeLessThan(1e-6);
      // the states at the characters are the unpadded ones
      const positions = padded.flatMap((id, i) => (id === PAD ? [] : [i]));
      expect(maxAbsDiff(tf.gather(encoded.states, positions, 1), bare.states)).toBeLessThan(1e-6);
      expect(encoded.mask?.arraySync()).toEqual([padded.map((id) => (id === PAD ? 0 : 1))]);
    }
    encoder.dispose();
  });

  it("leaks no tensors", () => {
    const encoder = new BidirectionalEncoder({ vocabSize: 7, hiddenSize: 8, layers: 2 });
    const source = ids([[3, PAD, 1]]);
    const mask = maskOf(source);
    const before = tf.memory().numTensors;
    for (const m of [undefined, mask]) {
      const { states, last, mask: kept } = encoder.encode(source, m);
      tf.dispose([states, ...last, ...(kept ? [kept] : [])]);
    }
    expect(tf.memory().numTensors).toBe(before);
    encoder.dispose();
  });
});
