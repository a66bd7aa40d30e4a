import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { GRUCell } from "../../lib/src/cells/gru";
import { additiveAttentionGruDecode } from "../../lib/src/kernels/attention_gru_decode";
import { Random } from "../../lib/src/random";
import { AdditiveAttention } from "../../lib/src/seq2seq/additive_attention";
import { maskPenalty } from "../../lib/src/seq2seq/attention";
import { AttentionDecoder, type AttentionReadout } from "../../lib/src/seq2seq/attention_decoder";
import type { Encoded } from "../../lib/src/seq2seq/sequence_encoder";
import { TOLERANCE, maxAbsDiff, small, weightedSum } from "../cells/reference";
import { requireTensorFlowBackend } from "../tensorflow_backend";

requireTensorFlowBackend();

const batch = 3;
const srcSteps = 5;
const steps = 4;
const vocabSize = 7;
const hiddenSize = 6;
const contextSize = 8;
const embeddingSize = 5;

/** Encoder states, a first state and decoder inputs; with `padded`, the sources' tails are padding. */
function encoderSide(padded: boolean): { encoded: Encoded; inputs: tf.Tensor2D } {
  const random = new Random(4);
  const states = small<tf.Tensor3D>(random, [batch, srcSteps, contextSize], 1);
  const s0 = small<tf.Tensor2D>(random, [batch, hiddenSize], 1);
  const mask = tf.tensor2d(
    [
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
      [1, 0, 0, 0, 0],
    ],
    [batch, srcSteps],
  );
  const inputs = tf.tensor2d(
    Array.from({ length: batch * steps }, () => random.int(vocabSize)),
    [batch, steps],
    "int32",
  );
  const encoded: Encoded = { states, last: [s0], context: s0, ...(padded ? { mask } : {}) };
  return { encoded, inputs };
}

/**
 * The same decoder twice, equal weights (nonzero biases included): one with the kit's default
 * cell (fused GRU, so `forward` takes the fused pass), one with the equation GRUCell (so
 * `forward` steps op by op through the attention and the cell).
 */
function decoders(readout: AttentionReadout): { fused: AttentionDecoder; stepped: AttentionDecoder } {
  const config = { vocabSize, hiddenSize, contextSize, embeddingSize, readout, seed: 1 };
  const fused = new AttentionDecoder(config);
  const stepped = new AttentionDecoder({ ...config, cell: (sizes) => new GRUCell(sizes) });
  const random = new Random(2);
  for (const [i, weight] of fused.weights.entries()) {
    // the biases (zero at first) made nonzero, every other weight the fused decoder's
    const value = weight.rank === 1 ? small(random, weight.shape, 0.3) : weight.clone();
    weight.assign(value);
    stepped.weights[i]?.assign(value);
    value.dispose();
  }
  return { fused, stepped };
}

/** The loss and the gradients of the encoder's states, s_0, and every decoder weight. */
function lossAndGradients(decoder: AttentionDecoder, encoded: Encoded, inputs: tf.Tensor2D, lossWeights: tf.Tensor): tf.Tensor[] {
  const loss = (states: tf.Tensor3D, s0: tf.Tensor2D) =>
    weightedSum(decoder.forward(inputs, [s0], { ...encoded, states, last: [s0] }), lossWeights);
  const [s0] = encoded.last as [tf.Tensor2D];
  const inputGrads = tf.grads((states: tf.Tensor, s: tf.Tensor) => loss(states as tf.Tensor3D, s as tf.Tensor2D))([encoded.states, s0]);
  const { value, grads } = tf.variableGrads(() => loss(encoded.states, s0), decoder.weights);
  return [value, ...inputGrads, ...decoder.weights.map((w) => grads[w.name])];
}

describe("additiveAttentionGruDecode (the attention decoder's fused training pass)", () => {
  const lossWeights = small<tf.Tensor3D>(new Random(3), [batch, steps, vocabSize], 1);

  for (const readout of ["state", "state+context+embedding"] as const) {
    for (const padded of [false, true]) {
      it(`gives AttentionDecoder.forward the stepped pass's logits and gradients within 1e-5 (readout ${readout}, ${padded ? "padded" : "unpadded"} sources)`, () => {
        const { encoded, inputs } = encoderSide(padded);
        const { fused, stepped } = decoders(readout);
        const want = lossAndGradients(stepped, encoded, inputs, lossWeights);
        const got = lossAndGradients(fused, encoded, inputs, lossWeights);
        // the loss, ∂states, ∂s_0, then each weight's
        const names = ["loss", "states", "s0", ...fused.weights.map((w) => w.name)];
        for (const [i, w] of want.entries()) expect(maxAbsDiff(got[i], w), names[i]).toBeLessThanOrEqual(TOLERANCE);
        tf.dispose([...want, ...got]);
      });
    }
  }

  it("is a pass of its own, not the stepped one: it computes the equations of its doc comment", () => {
    // the kernel called directly, against the equations written out with tfjs ops
    const { encoded, inputs } = encoderSide(true);
    const { stepped } = decoders("state");
    const attention = stepped.attention as AdditiveAttention;
    const cell = stepped.layers.cells[0] as GRUCell;
    const embedded = stepped.embedding.apply(inputs);
    const keys = attention.projectKeys(encoded.states);
    const [s0] = encoded.last as [tf.Tensor2D];
    const got = additiveAttentionGruDecode(
      { embedded, s0, values: encoded.states, keys, Ws: attention.Ws, v: attention.v, W: cell.W, U: cell.U, b: cell.b },
      { penalty: maskPenalty(encoded.mask as tf.Tensor2D), withContexts: true },
    );
    let s = s0;
    const want: tf.Tensor2D[] = [];
    for (const e of tf.unstack(embedded, 1) as tf.Tensor2D[]) {
      const [c] = attention.attend(s, encoded.states, encoded.mask, keys);
      s = cell.step(tf.concat([e, c], 1), s);
      want.push(tf.concat([s, c], 1));
    }
    expect(got.shape).toEqual([batch, steps, hiddenSize + contextSize]);
    expect(maxAbsDiff(got, tf.stack(want, 1))).toBeLessThanOrEqual(TOLERANCE);
  });

  it("leaves no tensor behind across training steps", () => {
    const { encoded, inputs } = encoderSide(true);
    const { fused } = decoders("state+context+embedding");
    const optimizer = tf.train.adam(0.01);
    const train = () => optimizer.minimize(() => weightedSum(fused.forward(inputs, encoded.last, encoded), lossWeights), true)?.dispose();
    train();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) train();
    expect(tf.memory().numTensors).toBe(before);
  });
});
