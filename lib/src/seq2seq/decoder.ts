import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import { gruCell } from "../cells/fused_gru";
import type { CellState } from "../cells/recurrent_cell";
import { CellStack } from "../cells/stack";
import { randomFrom } from "../random";
import { DEFAULT_SIZES } from "./defaults";
import { Embedding } from "./embedding";
import type { DecoderConfig, DecoderFactory, SequenceDecoder } from "./sequence_decoder";
import type { Encoded } from "./sequence_encoder";

/**
 * The decoder of the seeds' encoder–decoder (d2l's `Seq2SeqDecoder`): the encoder's last states
 * start its layers, and the encoder's top-layer last state, the context c, is concatenated to
 * every input, so that each step sees the source's summary, not only the first:
 *
 *   s_0 = encoder's last states                            (one per layer)
 *   s_t = cell([embed(y_{t-1}); c], s_{t-1})               (layer 1; layer l reads layer l − 1's h_t)
 *   logits_t = s_t W_y + b_y                               scores of every character for position t
 *
 * Any recurrent cell, the encoder's kind (with an LSTM, c is the top layer's last h). The context
 * is the encoder's last state, so this decoder ignores `contextSize`. Introduced in 05-seq2seq.
 */
export class Decoder implements SequenceDecoder {
  /** How many characters the target vocabulary has, the scores per step (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each character's embedding vector (`config.embeddingSize`, default 32). */
  readonly embeddingSize: number;
  /** Size of each layer's state s_t, and of the context c (`config.hiddenSize`, default 64). */
  readonly hiddenSize: number;
  /** The target characters' vectors, for embed(y_{t-1}): [vocab, embedding]. */
  readonly embedding: Embedding;
  /** The recurrent layers, bottom first; the bottom one reads [embedding; context]. */
  readonly layers: CellStack;
  /** W_y, b_y: the top state → a score per character. */
  readonly output: Dense;

  constructor(config: DecoderConfig) {
    const random = randomFrom(config);
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? DEFAULT_SIZES.embeddingSize;
    this.hiddenSize = config.hiddenSize ?? DEFAULT_SIZES.hiddenSize;
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    this.layers = new CellStack({
      cell: config.cell ?? gruCell,
      layers: config.layers ?? DEFAULT_SIZES.layers,
      inputSize: this.embeddingSize + this.hiddenSize,
      hiddenSize: this.hiddenSize,
      random,
      owner: "Decoder",
    });
    this.output = new Dense({ inputSize: this.hiddenSize, outputSize: this.vocabSize, random });
  }

  /** The trainable weights: the embedding's, each layer's, the output layer's. */
  get weights(): tf.Variable[] {
    return [...this.embedding.weights, ...this.layers.weights, ...this.output.weights];
  }

  /** s_0: the encoder's last states, one per layer (the encoder and decoder have as many layers). */
  initialState(encoded: Encoded): CellState[] {
    checkLayers("Decoder", this.layers.cells.length, encoded);
    return encoded.last;
  }

  step(previous: tf.Tensor1D, state: readonly CellState[], encoded: Encoded): [logits: tf.Tensor2D, state: CellState[]] {
    return tf.tidy(() => {
      // [embed(y_{t-1}); c]   [batch, embedding + context]
      const input = tf.concat([this.embedding.apply(previous), encoded.context], 1);
      // s_t for every layer; the top layer's h_t   [batch, hidden]
      const [top, next] = this.layers.step(input, state);
      // logits_t = h_t W_y + b_y   [batch, vocab]
      return [this.output.apply(top), next];
    });
  }

  forward(inputs: tf.Tensor2D, state: readonly CellState[], encoded: Encoded): tf.Tensor3D {
    const steps = inputs.shape[1];
    return tf.tidy(() => {
      // c at every step   [batch, steps, context]
      const contexts = tf.broadcastTo(encoded.context.expandDims(1), [inputs.shape[0], steps, encoded.context.shape[1]]);
      // [embed(y_{t-1}); c] for every t   [batch, steps, embedding + context]
      const xs = tf.concat([this.embedding.apply(inputs), contexts], 2) as tf.Tensor3D;
      // the top layer's h_t for every t   [batch, steps, hidden]
      const [hs] = this.layers.run(xs, undefined, state);
      // logits_t = h_t W_y + b_y   [batch, steps, vocab]
      return this.output.apply(hs);
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    this.layers.dispose();
    this.output.dispose();
  }
}

/** Checks that the encoder has as many layers as a decoder that starts from its last states. */
export function checkLayers(decoder: string, layers: number, encoded: Encoded): void {
  if (encoded.last.length !== layers) throw new Error(`${decoder}: ${layers} layers, but the encoder has ${encoded.last.length}`);
}

/** The plain {@link Decoder} (the default decoder of a seq2seq model). */
export const plainDecoder: DecoderFactory<Decoder> = (config) => new Decoder(config);
