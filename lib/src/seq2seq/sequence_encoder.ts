import type * as tf from "@tensorflow/tfjs";
import type { CellFactory, CellState } from "../cells/recurrent_cell";
import type { Layer } from "../layer";
import type { Seeded } from "../random";

/** Everything that defines an encoder ({@link Encoder}, {@link BidirectionalEncoder}, or another). */
export interface EncoderConfig extends Seeded {
  /** How many characters the source vocabulary has. Required. */
  vocabSize: number;
  /** Length of each character's embedding vector. Default 32. */
  embeddingSize?: number;
  /** Size of each layer's hidden state. Default 64. */
  hiddenSize?: number;
  /** Stacked recurrent layers; layer l reads the states of layer l − 1. Default 1. */
  layers?: number;
  /** Makes each layer's cell (`gruCell`, `lstmCell`, `simpleRNNCell`). Default `gruCell`. */
  cell?: CellFactory;
}

/** What an encoder hands the decoder. */
export interface Encoded {
  /**
   * The encoder's top-layer output at every source step: [batch, steps, stateSize] (what attention
   * reads). At a masked step it repeats the one before it; attention should give such steps no weight.
   */
  states: tf.Tensor3D;
  /** The state each decoder layer starts from, bottom layer first: the cell's state type per layer. */
  last: CellState[];
  /** c, the summary of the whole source: the top layer's last output h   [batch, hidden]. */
  context: tf.Tensor2D;
  /** 1 where the source holds a character, 0 where it holds padding: [batch, steps]. Absent: no padding. */
  mask?: tf.Tensor2D;
}

/**
 * What a seq2seq model needs from its encoder: source ids in, {@link Encoded} out. The
 * left-to-right {@link Encoder} and the {@link BidirectionalEncoder} are two; a new encoder plugs
 * into `Seq2Seq` as an {@link EncoderFactory}. Introduced in 05-seq2seq.
 */
export interface SequenceEncoder extends Layer {
  /** How many characters the source vocabulary has. */
  readonly vocabSize: number;
  /** Width of each of `Encoded.states` (the size of attention's keys and values). */
  readonly stateSize: number;
  /** Source ids [batch, steps] (and optionally a mask [batch, steps], 1 = character, 0 = padding) → {@link Encoded}. */
  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): Encoded;
}

/** Makes a seq2seq model's encoder from the model's sizes: `new Seq2Seq({ …, encoder: bidirectionalEncoder })`. */
export type EncoderFactory = (config: EncoderConfig) => SequenceEncoder;
