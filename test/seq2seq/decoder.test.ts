import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { Decoder, plainDecoder } from "../../lib/src/seq2seq/decoder";
import type { SequenceDecoder } from "../../lib/src/seq2seq/sequence_decoder";
import { Encoder } from "../../lib/src/seq2seq/encoder";
import { simpleRNNCell } from "../../lib/src/cells/simple_rnn";
import { maxAbsDiff } from "../cells/reference";
import { ids } from "./padded_ids";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const vocabSize = 9;
const hiddenSize = 8;

function setup(layers: number, cell = {}) {
  const encoder = new Encoder({ vocabSize, hiddenSize, embeddingSize: 4, layers, seed: 1, ...cell });
  const decoder = new Decoder({ vocabSize, hiddenSize, embeddingSize: 5, layers, seed: 2, ...cell });
  const encoded = encoder.encode(
    ids([
      [1, 2, 3],
      [4, 5, 6],
    ]),
  );
  // [batch = 2, steps = 4]
  const inputs = tf.tensor2d(
    [
      [0, 7, 8, 1],
      [0, 3, 3, 2],
    ],
    undefined,
    "int32",
  );
  return { encoder, decoder, encoded, inputs };
}

describe("Decoder", () => {
  it("has the documented defaults and shapes, and is a SequenceDecoder", () => {
    const decoder = new Decoder({ vocabSize });
    expect([decoder.embeddingSize, decoder.hiddenSize]).toEqual([32, 64]);
    // the bottom cell reads [embedding; context]
    expect(decoder.layers.cells[0]?.inputSize).toBe(32 + 64);
    expectTypeOf(plainDecoder).returns.toMatchTypeOf<SequenceDecoder>();
    decoder.dispose();
    const { encoder, decoder: d, encoded, inputs } = setup(2);
    expect(d.forward(inputs, d.initialState(encoded), encoded).shape).toEqual([2, 4, vocabSize]);
    const [logits, state] = d.step(tf.tensor1d([0, 0], "int32"), d.initialState(encoded), encoded);
    expect(logits.shape).toEqual([2, vocabSize]);
    expect(state.map((s) => (s as tf.Tensor2D).shape)).toEqual([
      [2, hiddenSize],
      [2, hiddenSize],
    ]);
    encoder.dispose();
    d.dispose();
  });

  it("starts from the encoder's last states, and refuses an encoder with other layers", () => {
    const { encoder, decoder, encoded } = setup(2);
    expect(decoder.initialState(encoded)).toEqual(encoded.last);
    const shallow = new Decoder({ vocabSize, hiddenSize, layers: 1 });
    expect(() => shallow.initialState(encoded)).toThrow(/1 layers, but the encoder has 2/);
    encoder.dispose();
    decoder.dispose();
    shallow.dispose();
  });

  for (const [name, cell] of [
    ["GRU", {}],
    ["simple RNN", { cell: simpleRNNCell }],
  ] as const) {
    it(`forward (teacher forcing, one unroll per layer) equals step after step (${name})`, () => {
      const { encoder, decoder, encoded, inputs } = setup(2, cell);
      const all = decoder.forward(inputs, decoder.initialState(encoded), encoded);
      let state = decoder.initialState(encoded);
      const stepped: tf.Tensor2D[] = [];
      for (const column of tf.unstack(inputs, 1) as tf.Tensor1D[]) {
        const [logits, next] = decoder.step(column, state, encoded);
        stepped.push(logits);
        state = next;
      }
      expect(maxAbsDiff(all, tf.stack(stepped, 1))).toBeLessThan(1e-5);
      encoder.dispose();
      decoder.dispose();
    });
  }

  it("sees the context at every step: another source changes later logits even with the same state", () => {
    const { encoder, decoder, encoded, inputs } = setup(1);
    const other = encoder.encode(
      ids([
        [6, 6, 6],
        [1, 1, 1],
      ]),
    );
    // same start state, different context
    const a = decoder.forward(inputs, encoded.last, encoded);
    const b = decoder.forward(inputs, encoded.last, other);
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-4);
    encoder.dispose();
    decoder.dispose();
  });
});
