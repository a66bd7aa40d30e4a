import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { additionProblem, additionVocab } from "../../lib/src/data/addition";
import { antonymPairs, antonymVocab } from "../../lib/src/data/antonyms";
import { AdditiveAttention } from "../../lib/src/seq2seq/additive_attention";
import { maskedSoftmax, type AttentionFactory } from "../../lib/src/seq2seq/attention";
import { bidirectionalEncoder } from "../../lib/src/seq2seq/bidirectional_encoder";
import { AttentionDecoder, attentionDecoder, type AttentionOptions } from "../../lib/src/seq2seq/attention_decoder";
import { DotAttention, dotAttention } from "../../lib/src/seq2seq/dot_attention";
import { Encoder, leftToRightEncoder } from "../../lib/src/seq2seq/encoder";
import type { SequenceDecoder } from "../../lib/src/seq2seq/sequence_decoder";
import { Seq2Seq } from "../../lib/src/seq2seq/seq2seq";
import { maxAbsDiff } from "../cells/reference";
import { PAD, ids, maskOf } from "./padded_ids";
import { single } from "./single_state";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const vocabSize = 9;
const hiddenSize = 8;

/** An encoder over two padded sources, and decoder inputs [batch = 2, steps = 4]. */
function setup(layers: number, options: AttentionOptions = {}) {
  const encoder = new Encoder({ vocabSize, hiddenSize, embeddingSize: 4, layers, seed: 1 });
  const decoder = new AttentionDecoder({ vocabSize, hiddenSize, embeddingSize: 5, layers, seed: 2, ...options });
  const source = ids([
    [1, 2, 3, PAD, PAD],
    [PAD, 4, 5, 6, 7],
  ]);
  const encoded = encoder.encode(source, maskOf(source));
  const inputs = ids([
    [0, 7, 8, 1],
    [0, 3, 3, 2],
  ]);
  return { encoder, decoder, encoded, inputs };
}

const variants: [string, number, AttentionOptions][] = [
  ["additive, readout s_t", 1, {}],
  ["additive, readout [s_t; c_t; embed], 2 layers", 2, { readout: "state+context+embedding" }],
  ["dot", 1, { attention: dotAttention({ scaled: false }) }],
  ["scaled dot, 2 layers", 2, { attention: dotAttention() }],
];

describe("AttentionDecoder", () => {
  it("has the documented defaults and shapes, and is a SequenceDecoder", () => {
    const decoder = new AttentionDecoder({ vocabSize });
    expect([decoder.embeddingSize, decoder.hiddenSize, decoder.contextSize, decoder.readout]).toEqual([32, 64, 64, "state"]);
    expect(decoder.attention).toBeInstanceOf(AdditiveAttention);
    // the bottom cell reads [embed(y_{t-1}); c_t], the output layer s_t
    expect(decoder.layers.cells[0]?.inputSize).toBe(32 + 64);
    expect(decoder.output.inputSize).toBe(64);
    expect(new AttentionDecoder({ vocabSize, contextSize: 96, readout: "state+context+embedding" }).output.inputSize).toBe(64 + 96 + 32);
    expect(new AttentionDecoder({ vocabSize, attention: dotAttention() }).attention).toBeInstanceOf(DotAttention);
    expect(() => new AttentionDecoder({ vocabSize, contextSize: 96, attention: dotAttention() })).toThrow(
      /query \(64\) and the keys \(96\) to be the same size/,
    );
    expect(() => new AttentionDecoder({ vocabSize: 0 })).toThrow(/AttentionDecoder: vocabSize must be a whole number ≥ 1, got 0/);
    expectTypeOf(attentionDecoder()).returns.toEqualTypeOf<AttentionDecoder>();
    expectTypeOf<AttentionDecoder>().toMatchTypeOf<SequenceDecoder>();
    decoder.dispose();
  });

  for (const [name, layers, options] of variants) {
    it(`forward (teacher forcing) equals step after step (${name})`, () => {
      const { encoder, decoder, encoded, inputs } = setup(layers, options);
      const all = decoder.forward(inputs, decoder.initialState(encoded), encoded);
      expect(all.shape).toEqual([2, 4, vocabSize]);
      let state = decoder.initialState(encoded);
      const stepped: tf.Tensor2D[] = [];
      for (const column of tf.unstack(inputs, 1) as tf.Tensor1D[]) {
        const [logits, next] = decoder.step(column, state, encoded);
        stepped.push(logits);
        state = next;
      }
      expect(state.map((s) => single(s).shape)).toEqual(Array(layers).fill([2, hiddenSize]));
      expect(maxAbsDiff(all, tf.stack(stepped, 1))).toBeLessThan(1e-5);
      encoder.dispose();
      decoder.dispose();
    });
  }

  it("greedy decoding records the attention weights of every step: [batch, steps, srcSteps], rows summing to 1, exactly 0 on padding", () => {
    const { encoder, decoder, encoded } = setup(1);
    const [ids, weights] = decoder.attentionMaps(encoded, 0, 6);
    expect(ids.shape).toEqual([2, 6]);
    expect(ids.dtype).toBe("int32");
    expect(weights.shape).toEqual([2, 6, 5]);
    const alpha = weights.arraySync();
    const mask = encoded.mask!.arraySync();
    alpha.forEach((rows, b) =>
      rows.forEach((row) => {
        expect(Math.abs(row.reduce((p, q) => p + q, 0) - 1)).toBeLessThan(1e-6);
        row.forEach((a, i) => (mask[b][i] === 0 ? expect(a).toBe(0) : expect(a).toBeGreaterThan(0)));
      }),
    );
    // step 0 looks where the attention puts s_0, and every id is the argmax of step's logits fed back in
    const [, alpha0] = decoder.attention.attend(single(encoded.last[0]), encoded.states, encoded.mask);
    expect(maxAbsDiff(weights.slice([0, 0, 0], [2, 1, 5]).reshape([2, 5]), alpha0)).toBeLessThan(1e-6);
    let state = decoder.initialState(encoded);
    let previous = tf.tensor1d([0, 0], "int32");
    const stepped: number[][] = [];
    for (let t = 0; t < 6; t++) {
      const [logits, next] = decoder.step(previous, state, encoded);
      previous = logits.argMax(1).toInt() as tf.Tensor1D;
      stepped.push(Array.from(previous.dataSync()));
      state = next;
    }
    expect(ids.arraySync()).toEqual([0, 1].map((b) => stepped.map((row) => row[b])));
    encoder.dispose();
    decoder.dispose();
  });

  it("takes any attention through its factory: one defined here, uniform over the characters, plugs in unchanged", () => {
    // A new kind of attention is a class with `attend` and its factory; nothing else changes.
    const uniformAttention: AttentionFactory = ({ querySize, keySize }) => ({
      querySize,
      keySize,
      weights: [],
      projectKeys: (values) => values,
      attend: (query, values, mask) =>
        tf.tidy(() => {
          const alpha = maskedSoftmax(tf.zeros<tf.Rank.R2>([query.shape[0], values.shape[1]]), mask);
          return [tf.matMul(alpha.expandDims(1), values).squeeze<tf.Tensor2D>([1]), alpha];
        }),
      dispose: () => {},
    });
    const { encoder, decoder, encoded } = setup(1, { attention: uniformAttention });
    const [, weights] = decoder.attentionMaps(encoded, 0, 2);
    // the first source has 3 characters, the second 4
    expect(
      maxAbsDiff(
        weights.slice([0, 0, 0], [2, 1, 5]).reshape([2, 5]),
        tf.tensor2d([
          [1 / 3, 1 / 3, 1 / 3, 0, 0],
          [0, 1 / 4, 1 / 4, 1 / 4, 1 / 4],
        ]),
      ),
    ).toBeLessThan(1e-6);
    encoder.dispose();
    decoder.dispose();
  });

  it("looks at the source: another source changes the logits even from the same state", () => {
    const { encoder, decoder, encoded, inputs } = setup(1);
    const other = encoder.encode(
      ids([
        [6, 6, 6, 6, 6],
        [1, 1, 1, 1, 1],
      ]),
    );
    const a = decoder.forward(inputs, encoded.last, encoded);
    const b = decoder.forward(inputs, encoded.last, { ...other, last: encoded.last });
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-4);
    encoder.dispose();
    decoder.dispose();
  });
});

describe("Seq2Seq with an attention decoder", () => {
  const config = { vocab: additionVocab, start: "{", end: "}", hiddenSize: 16, embeddingSize: 8 } as const;
  const problems = [additionProblem(12, 34), additionProblem(2, 39), additionProblem(67, 89)];

  it("plugs in through attentionDecoder(), typed, with a left-to-right or a bidirectional encoder", () => {
    for (const bidirectional of [false, true]) {
      const encoder = bidirectional ? bidirectionalEncoder : leftToRightEncoder;
      const model = new Seq2Seq({ ...config, decoder: attentionDecoder({ readout: "state+context+embedding" }), encoder });
      expectTypeOf(model.decoder).toEqualTypeOf<AttentionDecoder>();
      expect(model.decoder.contextSize).toBe(bidirectional ? 32 : 16);
      const batch = model.batch(problems);
      expect(model.logits(batch).shape).toEqual([3, 4, additionVocab.size]);
      expect(model.logits(batch, 0).shape).toEqual([3, 4, additionVocab.size]);
      const [, weights] = model.decoder.attentionMaps(model.encoder.encode(batch.source), model.startId, 4);
      expect(weights.shape).toEqual([3, 4, 6]);
      model.dispose();
    }
    expectTypeOf(new Seq2Seq({ ...config }).decoder).toEqualTypeOf<SequenceDecoder>();
    // the plain decoder takes the bidirectional encoder's bridged last states as its context
    const plain = new Seq2Seq({ ...config, encoder: bidirectionalEncoder });
    expect(plain.logits(plain.batch(problems)).shape).toEqual([3, 4, additionVocab.size]);
    plain.dispose();
  });

  it("learns: a few addition problems overfit, and greedy translation reads them back", () => {
    const model = new Seq2Seq({ ...config, hiddenSize: 32, seed: 8, decoder: attentionDecoder(), encoder: bidirectionalEncoder });
    const optimizer = tf.train.adam(0.03);
    const batch = model.batch(problems);
    for (let i = 0; i < 60; i++) tf.dispose(optimizer.minimize(() => model.loss(batch), true, model.weights) as tf.Scalar);
    expect(model.translate(problems.map((p) => p.source))).toEqual(["_46", "_41", "156"]);
    model.dispose();
    optimizer.dispose();
  });

  it("leaks no tensors across training steps (teacher forcing 1, 0.5, 0), translation and greedy decoding with weights", () => {
    for (const teacherForcing of [1, 0.5, 0]) {
      const model = new Seq2Seq({
        vocab: antonymVocab,
        start: "S",
        end: "E",
        pad: "P",
        hiddenSize: 8,
        embeddingSize: 4,
        teacherForcing,
        decoder: attentionDecoder(),
        encoder: bidirectionalEncoder,
      });
      const optimizer = tf.train.adam(0.01);
      const batch = model.batch(antonymPairs());
      const trainStep = () => tf.dispose(optimizer.minimize(() => model.loss(batch), true, model.weights) as tf.Scalar);
      trainStep(); // the optimizer creates its moments on the first step
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) trainStep();
      model.translate(["upPPPPPP", "kingPPPP"]);
      tf.tidy(() => {
        model.decoder.attentionMaps(model.encoder.encode(batch.source), model.startId, 5);
      });
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      optimizer.dispose();
      tf.dispose([batch.source, batch.target]);
    }
  });
});
