import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import { Random } from "../random";
import { Embedding } from "./embedding";
import type { Encoded } from "./encoder";
import { gruCell, type CellFactory, type RecurrentCell } from "./recurrent_cell";

/** Everything that defines a {@link Decoder} (and any other {@link SequenceDecoder}). */
export interface DecoderConfig {
  /** How many characters the target vocabulary has. Required. */
  vocabSize: number;
  /** Length of each character's embedding vector. Default 32. */
  embeddingSize?: number;
  /** Size of each layer's hidden state; the encoder's must match, since its last states start the decoder. Default 64. */
  hiddenSize?: number;
  /** Size of the context vector, the encoder's hidden size. Default `hiddenSize`. */
  contextSize?: number;
  /** Stacked recurrent layers, as many as the encoder's. Default 1. */
  layers?: number;
  /** Makes each layer's cell. Default {@link gruCell}. */
  cell?: CellFactory;
  /** Seed of the Random that draws the initial weights when `random` is not given. Default 0. */
  seed?: number;
  /** A Random to draw the initial weights from instead of `new Random(seed)`. Default: none. */
  random?: Random;
}

/**
 * What a seq2seq model needs from its decoder. Each step reads the previous target character
 * (the start token first) and the decoder's state, and scores every character of the vocabulary
 * for the next position. {@link Decoder} is the plain one; an attention decoder has the same
 * shape, with a context recomputed at each step from the previous state and `encoded.states`.
 */
export interface SequenceDecoder {
  /** How many characters the target vocabulary has: the scores each step returns. */
  readonly vocabSize: number;
  /** The trainable weights, for an optimizer's var list. */
  readonly weights: tf.Variable[];
  /** Where decoding starts, from what the encoder produced: layers × [batch, hidden]. */
  initialState(encoded: Encoded): tf.Tensor2D[];
  /** One step: previous ids [batch] and state → logits [batch, vocab] and the next state. */
  step(previous: tf.Tensor1D, state: tf.Tensor2D[], encoded: Encoded): [logits: tf.Tensor2D, state: tf.Tensor2D[]];
  /**
   * Every step at once when all inputs are known in advance (teacher forcing): ids
   * [batch, steps] → logits [batch, steps, vocab]. Equals calling `step` for each column (a
   * decoder whose steps depend on each other, like an attention decoder, may do just that).
   */
  forward(inputs: tf.Tensor2D, state: tf.Tensor2D[], encoded: Encoded): tf.Tensor3D;
  /** Frees the weights. */
  dispose(): void;
}

/** Makes a seq2seq model's decoder from the model's sizes. */
export type DecoderFactory = (config: DecoderConfig) => SequenceDecoder;

/**
 * The decoder of the seeds' encoder–decoder (d2l's `Seq2SeqDecoder`): the encoder's last states
 * start its layers, and the encoder's top-layer last state, the context c, is concatenated to
 * every input, so that each step sees the source's summary, not only the first:
 *
 *   s_0 = encoder's last states                            (one per layer)
 *   s_t = cell([embed(y_{t-1}); c], s_{t-1})               (layer 1; layer l reads layer l − 1's s_t)
 *   logits_t = s_t W_y + b_y                               scores of every character for position t
 *
 * Introduced in 05-seq2seq.
 */
export class Decoder implements SequenceDecoder {
  /** How many characters the target vocabulary has, the scores per step (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each character's embedding vector (`config.embeddingSize`, default 32). */
  readonly embeddingSize: number;
  /** Size of each layer's state s_t (`config.hiddenSize`, default 64). */
  readonly hiddenSize: number;
  /** Size of the context c, the encoder's top-layer last state (`config.contextSize`, default `hiddenSize`). */
  readonly contextSize: number;
  /** The target characters' vectors, for embed(y_{t-1}): [vocab, embedding]. */
  readonly embedding: Embedding;
  /** One cell per layer, bottom first; the bottom one reads [embedding; context]. */
  readonly cells: RecurrentCell[];
  /** W_y, b_y: the top state → a score per character. */
  readonly output: Dense;

  constructor(config: DecoderConfig) {
    const random = config.random ?? new Random(config.seed ?? 0);
    const cell = config.cell ?? gruCell;
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? 32;
    this.hiddenSize = config.hiddenSize ?? 64;
    this.contextSize = config.contextSize ?? this.hiddenSize;
    const layers = config.layers ?? 1;
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    this.cells = Array.from({ length: layers }, (_, l) =>
      cell({ inputSize: l === 0 ? this.embeddingSize + this.contextSize : this.hiddenSize, hiddenSize: this.hiddenSize, random }),
    );
    this.output = new Dense({ inputSize: this.hiddenSize, outputSize: this.vocabSize, random });
  }

  /** The trainable weights: the embedding's, each layer's, the output layer's. */
  get weights(): tf.Variable[] {
    return [...this.embedding.weights, ...this.cells.flatMap((c) => c.weights), ...this.output.weights];
  }

  /** s_0: the encoder's last states, one per layer (the encoder and decoder have as many layers). */
  initialState(encoded: Encoded): tf.Tensor2D[] {
    if (encoded.last.length !== this.cells.length) {
      throw new Error(`Decoder: ${this.cells.length} layers, but the encoder has ${encoded.last.length}`);
    }
    return encoded.last;
  }

  step(previous: tf.Tensor1D, state: tf.Tensor2D[], encoded: Encoded): [logits: tf.Tensor2D, state: tf.Tensor2D[]] {
    return tf.tidy(() => {
      // [embed(y_{t-1}); c]   [batch, embedding + context]
      let input = tf.concat([this.embedding.apply(previous), context(encoded)], 1);
      const next: tf.Tensor2D[] = [];
      for (const [l, cell] of this.cells.entries()) {
        // s_t = cell(input, s_{t-1})   [batch, hidden]
        input = cell.step(input, state[l] as tf.Tensor2D);
        next.push(input);
      }
      // logits_t = s_t W_y + b_y   [batch, vocab]
      return [this.output.apply(input), next];
    });
  }

  forward(inputs: tf.Tensor2D, state: tf.Tensor2D[], encoded: Encoded): tf.Tensor3D {
    const steps = inputs.shape[1];
    return tf.tidy(() => {
      // c at every step   [batch, steps, context]
      const contexts = context(encoded).expandDims(1).tile([1, steps, 1]);
      // [embed(y_{t-1}); c] for every t   [batch, steps, embedding + context]
      let xs = tf.concat([this.embedding.apply(inputs), contexts], 2) as tf.Tensor3D;
      for (const [l, cell] of this.cells.entries()) {
        // every s_t of layer l   [batch, steps, hidden]
        [xs] = cell.unroll(xs, state[l]);
      }
      // logits_t = s_t W_y + b_y   [batch, steps, vocab]
      return this.output.apply(xs);
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    for (const cell of this.cells) cell.dispose();
    this.output.dispose();
  }
}

/** c: the encoder's top-layer last state   [batch, context]. */
function context(encoded: Encoded): tf.Tensor2D {
  return encoded.last[encoded.last.length - 1] as tf.Tensor2D;
}

/** The plain {@link Decoder} (the default decoder of a seq2seq model). */
export const plainDecoder: DecoderFactory = (config) => new Decoder(config);
