import type * as tf from "@tensorflow/tfjs";
import type { CellFactory, CellState } from "../cells/recurrent_cell";
import type { Layer } from "../layer";
import type { Seeded } from "../random";
import type { Encoded } from "./sequence_encoder";

/** Everything that defines a decoder ({@link Decoder}, {@link AttentionDecoder}, or another). */
export interface DecoderConfig extends Seeded {
  /** How many characters the target vocabulary has. Required. */
  vocabSize: number;
  /** Length of each character's embedding vector. Default 32. */
  embeddingSize?: number;
  /** Size of each layer's hidden state; the encoder's must match, since its last states start the decoder. Default 64. */
  hiddenSize?: number;
  /** Width of each of the encoder's `states` (what attention reads). Default `hiddenSize`. */
  contextSize?: number;
  /** Stacked recurrent layers, as many as the encoder's. Default 1. */
  layers?: number;
  /** Makes each layer's cell, the same kind as the encoder's. Default `gruCell`. */
  cell?: CellFactory;
}

/**
 * What a seq2seq model needs from its decoder. Each step reads the previous target character
 * (the start token first) and the decoder's state, and scores every character of the vocabulary
 * for the next position. {@link Decoder} is the plain one; an attention decoder has the same
 * shape, with a context recomputed at each step from the previous state and `encoded.states`.
 * The state is one cell state per layer. Introduced in 05-seq2seq.
 */
export interface SequenceDecoder extends Layer {
  /** How many characters the target vocabulary has: the scores each step returns. */
  readonly vocabSize: number;
  /** Where decoding starts, from what the encoder produced: one state per layer. */
  initialState(encoded: Encoded): CellState[];
  /** One step: previous ids [batch] and state → logits [batch, vocab] and the next state. */
  step(previous: tf.Tensor1D, state: readonly CellState[], encoded: Encoded): [logits: tf.Tensor2D, state: CellState[]];
  /**
   * Every step at once when all inputs are known in advance (teacher forcing): ids
   * [batch, steps] → logits [batch, steps, vocab]. Equals calling `step` for each column (a
   * decoder whose steps depend on each other, like an attention decoder, may do just that).
   */
  forward(inputs: tf.Tensor2D, state: readonly CellState[], encoded: Encoded): tf.Tensor3D;
}

/** Makes a seq2seq model's decoder from the model's sizes. */
export type DecoderFactory<D extends SequenceDecoder = SequenceDecoder> = (config: DecoderConfig) => D;
