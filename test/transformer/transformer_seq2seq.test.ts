import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { additionVocab } from "../../lib/src/data/addition";
import { antonymPairs, antonymVocab } from "../../lib/src/data/antonyms";
import { Random } from "../../lib/src/random";
import { Seq2Seq } from "../../lib/src/seq2seq/seq2seq";
import { flatAdam } from "../../lib/src/train/flat_adam";
import { transformerDecoder, type TransformerDecoder } from "../../lib/src/transformer/transformer_decoder";
import { transformerEncoder, type TransformerEncoder } from "../../lib/src/transformer/transformer_encoder";
import { maxAbsDiff, TOLERANCE } from "../cells/reference";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A small Transformer copier of digits: "407}" → "407}". */
function copier(norm: "post" | "pre", seed = 1): Seq2Seq<TransformerDecoder> {
  const options = { heads: 2, feedForwardSize: 32, norm };
  return new Seq2Seq({
    vocab: additionVocab,
    start: "{",
    end: "}",
    hiddenSize: 16,
    layers: 2,
    seed,
    encoder: transformerEncoder(options),
    decoder: transformerDecoder(options),
  });
}

function copyPairs(random: Random, count: number) {
  return Array.from({ length: count }, () => {
    const digits = Array.from({ length: 3 }, () => String(random.int(10))).join("");
    return { source: `${digits}}`, target: `${digits}}` };
  });
}

describe.each(["post", "pre"] as const)("a Transformer Seq2Seq, %s-LN", (norm) => {
  it("scores a teacher-forced target in one pass exactly as step by step", () => {
    const model = copier(norm);
    const batch = model.batch(copyPairs(new Random(2), 5));
    const [size, steps] = batch.target.shape;
    const encoded = model.encoder.encode(batch.source);
    // the inputs: the start token, then the target shifted right   [batch, steps]
    const inputs = tf.concat<tf.Tensor2D>([tf.fill([size, 1], model.startId, "int32"), batch.target.slice([0, 0], [-1, steps - 1])], 1);
    const atOnce = model.decoder.forward(inputs, model.decoder.initialState(encoded), encoded);
    let state = model.decoder.initialState(encoded);
    const stepwise = (tf.unstack(inputs, 1) as tf.Tensor1D[]).map((column) => {
      const [logits, next] = model.decoder.step(column, state, encoded);
      state = next;
      return logits;
    });
    expect(atOnce.shape).toEqual([size, steps, additionVocab.size]);
    expect(maxAbsDiff(atOnce, tf.stack(stepwise, 1))).toBeLessThan(TOLERANCE);
  });

  it("learns to copy: the loss falls to under a third in 80 steps, with no tensors leaked across steps", () => {
    const model = copier(norm);
    const random = new Random(3);
    const optimizer = flatAdam(0.01);
    const losses: number[] = [];
    let tensorsAfterFirst = 0;
    for (let step = 0; step < 80; step++) {
      const loss = tf.tidy(() => {
        const batch = model.batch(copyPairs(random, 16));
        return optimizer.minimize(() => model.loss(batch), true, model.weights)!;
      });
      losses.push(loss.dataSync()[0]);
      loss.dispose();
      if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 3);
    expect(model.translate(["123}", "907}"])).toHaveLength(2);
  });
});

describe("a Transformer Seq2Seq with padding", () => {
  it("gives padded source positions zero weight in every encoder and decoder attention, and leaves them out of the context", () => {
    const options = { heads: 2, norm: "pre" as const };
    const model = new Seq2Seq({
      vocab: antonymVocab,
      start: "S",
      end: "E",
      pad: "P",
      hiddenSize: 16,
      layers: 2,
      seed: 1,
      encoder: transformerEncoder(options),
      decoder: transformerDecoder(options),
    });
    const batch = model.batch(antonymPairs());
    const mask = model.sourceMask(batch.source)!;
    const encoder = model.encoder as TransformerEncoder;
    const encoded = encoder.encode(batch.source, mask);
    const padded = tf.sub(1, mask).reshape([mask.shape[0], 1, 1, mask.shape[1]]);
    // weight on padding, largest over everything   (the words of antonymPairs are padded with P)
    const onPadding = (weights: tf.Tensor4D) => weights.mul(padded).max().dataSync()[0];
    expect(padded.sum().dataSync()[0]).toBeGreaterThan(0);
    for (const weights of encoder.attentionWeights(batch.source, mask)) expect(onPadding(weights)).toBe(0);
    const inputs = batch.target.slice<tf.Tensor2D>([0, 0], [-1, 3]);
    for (const weights of model.decoder.attentionWeights(inputs, encoded).cross) expect(onPadding(weights)).toBe(0);
    // the context: the mean of the states over the characters only
    const states = encoded.states.arraySync();
    const m = mask.arraySync();
    const expected = states.map((example, b) =>
      example[0].map((_, j) => example.reduce((sum, row, t) => sum + m[b][t] * row[j], 0) / m[b].reduce((a, x) => a + x, 0)),
    );
    expect(maxAbsDiff(encoded.context, tf.tensor2d(expected))).toBeLessThan(TOLERANCE);
  });
});
