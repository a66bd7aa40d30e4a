import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { additionProblem, additionVocab } from "../../lib/src/data/addition";
import { ANTONYM_PAIRS, antonymPairs, antonymSource, antonymVocab } from "../../lib/src/data/antonyms";
import { Decoder, plainDecoder } from "../../lib/src/seq2seq/decoder";
import { AttentionDecoder, attentionDecoder } from "../../lib/src/seq2seq/attention_decoder";
import { lstmCell } from "../../lib/src/cells/fused_lstm";
import { simpleRNNCell } from "../../lib/src/cells/simple_rnn";
import { Encoder } from "../../lib/src/seq2seq/encoder";
import { Seq2Seq, type TranslationPair } from "../../lib/src/seq2seq/seq2seq";
import { maxAbsDiff } from "../cells/reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const additionConfig = { vocab: additionVocab, start: "{", end: "}", hiddenSize: 16, embeddingSize: 8 } as const;
const antonymConfig = { vocab: antonymVocab, start: "S", end: "E", pad: "P", hiddenSize: 16, embeddingSize: 8 } as const;
const problems = [additionProblem(12, 34), additionProblem(2, 39), additionProblem(67, 89)];

/** Adam steps on the same pairs; returns the last loss. */
function fit(model: Seq2Seq, pairs: TranslationPair[], steps: number, learningRate = 0.02): number {
  const optimizer = tf.train.adam(learningRate);
  const batch = model.batch(pairs);
  let last = Infinity;
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(() => model.loss(batch), true, model.weights) as tf.Scalar;
    last = loss.dataSync()[0];
    loss.dispose();
  }
  tf.dispose([batch.source, batch.target]);
  optimizer.dispose();
  return last;
}

describe("Seq2Seq's decoder type", () => {
  it("lets a config leave the decoder out only when the plain decoder is the model's decoder type", () => {
    const plain = new Seq2Seq(additionConfig);
    const chosen = new Seq2Seq({ ...additionConfig, decoder: Math.random() < 2 ? attentionDecoder() : plainDecoder });
    // @ts-expect-error: a Seq2Seq<AttentionDecoder> needs its factory, the default decoder is not one
    const unsound = () => new Seq2Seq<AttentionDecoder>(additionConfig);
    // @ts-expect-error: an optional spread would type a plain decoder as an AttentionDecoder
    const spread = () => new Seq2Seq({ ...additionConfig, ...(Math.random() < 2 ? {} : { decoder: attentionDecoder() }) });
    expect(plain.decoder).toBeInstanceOf(Decoder);
    expect(chosen.decoder).toBeInstanceOf(AttentionDecoder);
    expect([typeof unsound, typeof spread]).toEqual(["function", "function"]);
    plain.dispose();
    chosen.dispose();
  });
});

describe("Seq2Seq", () => {
  it("has the documented defaults and shapes", () => {
    const model = new Seq2Seq({ vocab: additionVocab, start: "{", end: "}" });
    expect([model.teacherForcing, model.maxOutputSteps, model.padId]).toEqual([1, 20, undefined]);
    expect([model.startId, model.endId]).toEqual([12, 13]);
    expect(model.encoder).toBeInstanceOf(Encoder);
    const encoder = model.encoder as Encoder;
    expect([encoder.hiddenSize, encoder.embeddingSize, encoder.layers.cells.length]).toEqual([64, 32, 1]);
    const batch = model.batch(problems);
    expect(batch.source.shape).toEqual([3, 6]);
    expect(batch.source.dtype).toBe("int32");
    expect(batch.target.shape).toEqual([3, 4]);
    expect(model.logits(batch).shape).toEqual([3, 4, additionVocab.size]);
    expect(model.logits(batch, 0).shape).toEqual([3, 4, additionVocab.size]);
    expect(model.loss(batch).shape).toEqual([]);
    expect(() => model.batch([{ source: "1+2}", target: "_3}" }, ...problems])).toThrow(/pad them to one length/);
    model.dispose();
  });

  it("with teacher forcing feeds the truth: its logits equal stepping the decoder on start, y_0, y_1, …", () => {
    const model = new Seq2Seq({ ...additionConfig, seed: 3 });
    const batch = model.batch(problems);
    const encoded = model.encoder.encode(batch.source);
    let state = model.decoder.initialState(encoded);
    let previous = tf.fill<tf.Rank.R1>([3], model.startId, "int32");
    const stepped: tf.Tensor2D[] = [];
    for (const truth of tf.unstack(batch.target, 1) as tf.Tensor1D[]) {
      const [logits, next] = model.decoder.step(previous, state, encoded);
      stepped.push(logits);
      [state, previous] = [next, truth];
    }
    expect(maxAbsDiff(model.logits(batch, 1), tf.stack(stepped, 1))).toBeLessThan(1e-5);
    model.dispose();
  });

  it("without teacher forcing feeds its own predictions: the argmax of its logits is greedy decoding", () => {
    const model = new Seq2Seq({ ...additionConfig, seed: 4 });
    fit(model, problems, 5); // some training, so that the predictions vary
    const batch = model.batch(problems);
    const argmax = model.logits(batch, 0).argMax(2).arraySync() as number[][];
    const greedy = model.greedyDecode(batch.source, 4);
    greedy.forEach((row, b) => {
      const free = argmax[b];
      const end = free.indexOf(model.endId);
      expect(row).toEqual(end < 0 ? free : free.slice(0, end));
    });
    model.dispose();
  });

  it("draws the teacher-forcing coin from its seed: a ratio between 0 and 1 mixes, reproducibly", () => {
    const logits = (seed: number, ratio: number) => {
      const model = new Seq2Seq({ ...additionConfig, seed, teacherForcing: ratio });
      fit(model, problems, 5);
      const batch = model.batch(problems);
      const values = model.logits(batch).arraySync();
      model.dispose();
      return values;
    };
    const mixed = logits(5, 0.5);
    expect(logits(5, 0.5)).toEqual(mixed);
    expect(mixed).not.toEqual(logits(5, 1));
    expect(mixed).not.toEqual(logits(5, 0));
  });

  it("is unchanged by padding: a longer source pad, or other characters after the end token", () => {
    const model = new Seq2Seq({ ...antonymConfig, seed: 6 });
    fit(model, antonymPairs(), 3);
    const pairs = (length: number, afterEnd: string) =>
      ANTONYM_PAIRS.map(([w, a]) => ({ source: antonymSource(w, length), target: `${a}E`.padEnd(length + 1, afterEnd) }));
    const reference = model.loss(model.batch(pairs(8, "P"))).dataSync()[0];
    for (const [length, afterEnd] of [
      [5, "P"],
      [12, "P"],
      [8, "x"],
    ] as const) {
      expect(Math.abs(model.loss(model.batch(pairs(length, afterEnd))).dataSync()[0] - reference)).toBeLessThan(1e-5);
    }
    for (const ratio of [1, 0]) {
      const a = model.logits(model.batch(pairs(5, "P")), ratio).slice([0, 0, 0], [6, 5, antonymVocab.size]);
      const b = model.logits(model.batch(pairs(12, "P")), ratio).slice([0, 0, 0], [6, 5, antonymVocab.size]);
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    }
    // without `pad`, P is an ordinary character and changes the encoding
    const { pad: _, ...withoutPad } = antonymConfig;
    const unmasked = new Seq2Seq({ ...withoutPad, seed: 6 });
    const u = (length: number) => unmasked.loss(model.batch(pairs(length, "P"))).dataSync()[0];
    expect(Math.abs(u(5) - u(12))).toBeGreaterThan(1e-6);
    model.dispose();
    unmasked.dispose();
  });

  it("stops greedy decoding at the end token, and as soon as every row has ended", () => {
    const model = new Seq2Seq({ ...additionConfig, maxOutputSteps: 7 });
    let steps = 0;
    const step = model.decoder.step.bind(model.decoder);
    model.decoder.step = (...args) => (steps++, step(...args));
    const sources = problems.map((p) => p.source);
    // an output bias of 100 on one character: it wins every step
    const bias = (char: string) =>
      (model.decoder as Decoder).output.b.assign(tf.oneHot(additionVocab.id(char), additionVocab.size).toFloat().mul(100));
    // the end token always wins: nothing is written, after one step
    bias("}");
    expect(model.translate(sources)).toEqual(["", "", ""]);
    expect(steps).toBe(1);
    // it never wins: maxOutputSteps characters
    bias("7");
    steps = 0;
    expect(model.translate(sources)).toEqual(["7777777", "7777777", "7777777"]);
    expect(model.translate(sources, 2)).toEqual(["77", "77", "77"]);
    expect(steps).toBe(7 + 2);
    model.dispose();
  });

  it("overfits the seed's six antonym pairs exactly, and greedy decoding stops at E", () => {
    const model = new Seq2Seq({ ...antonymConfig, hiddenSize: 32, seed: 7 });
    const loss = fit(model, antonymPairs(), 40, 0.05);
    expect(loss).toBeLessThan(0.05);
    expect(model.translate(antonymPairs().map((p) => p.source))).toEqual(ANTONYM_PAIRS.map(([, antonym]) => antonym));
    model.dispose();
  });

  it("overfits a handful of addition problems with a plain RNN cell plugged in", () => {
    const model = new Seq2Seq({ ...additionConfig, hiddenSize: 32, cell: simpleRNNCell, seed: 8 });
    fit(model, problems, 150);
    expect(model.translate(problems.map((p) => p.source))).toEqual(["_46", "_41", "156"]);
    model.dispose();
  });

  it("trains as an LSTM encoder–decoder: (h, c) passed from encoder to decoder, padding masked, the six antonyms learned", () => {
    const model = new Seq2Seq({ ...antonymConfig, hiddenSize: 32, cell: lstmCell, seed: 7 });
    const encoded = model.encoder.encode(model.sourceIds(["upPPPPPP"]), model.sourceMask(model.sourceIds(["upPPPPPP"])));
    // each layer's last state is the LSTM's pair (h, c)
    expect(encoded.last.map((state) => (Array.isArray(state) ? state.map((t) => t.shape) : "one tensor"))).toEqual([
      [
        [1, 32],
        [1, 32],
      ],
    ]);
    const loss = fit(model, antonymPairs(), 60, 0.05);
    expect(loss).toBeLessThan(0.05);
    expect(model.translate(antonymPairs().map((p) => p.source))).toEqual(ANTONYM_PAIRS.map(([, antonym]) => antonym));
    model.dispose();
  });

  it("leaks no tensors across training steps, with and without teacher forcing, nor when translating (GRU and LSTM)", () => {
    for (const [teacherForcing, cell] of [
      [1, undefined],
      [0.5, undefined],
      [0, undefined],
      [1, lstmCell],
      [0, lstmCell],
    ] as const) {
      const model = new Seq2Seq({ ...antonymConfig, teacherForcing, ...(cell ? { cell } : {}) });
      const optimizer = tf.train.adam(0.01);
      const batch = model.batch(antonymPairs());
      const trainStep = () => tf.dispose(optimizer.minimize(() => model.loss(batch), true, model.weights) as tf.Scalar);
      trainStep(); // the optimizer creates its moments on the first step
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) trainStep();
      model.translate(["upPPPPPP", "kingPPPP"]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      optimizer.dispose();
      tf.dispose([batch.source, batch.target]);
    }
  });
});
