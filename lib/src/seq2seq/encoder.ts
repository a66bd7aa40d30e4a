import * as tf from "@tensorflow/tfjs";
import { gruCell } from "../cells/fused_gru";
import { CellStack } from "../cells/stack";
import { randomFrom } from "../random";
import { DEFAULT_SIZES } from "./defaults";
import { Embedding } from "./embedding";
import type { Encoded, EncoderConfig, EncoderFactory, SequenceEncoder } from "./sequence_encoder";

/**
 * The encoder of the seeds' encoder–decoder (d2l's `Seq2SeqEncoder`): an embedding, then a stack
 * of recurrent layers that read the source from left to right. Its last states summarise the
 * whole source in a fixed size, whatever the source's length; all its top-layer states are kept
 * too, for an attention decoder to look back at.
 *
 * Any recurrent cell: `cell: lstmCell` gives an LSTM encoder. Padding: with a mask, a masked
 * step keeps the previous state, s_t = s_{t-1}, so padding changes nothing, wherever it sits.
 * Without a mask every step is a real one and each layer is one `unroll` (its input projections
 * one matmul); with a mask each layer steps one at a time ({@link runCell}).
 * Introduced in 05-seq2seq.
 */
export class Encoder implements SequenceEncoder {
  /** How many characters the source vocabulary has (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each character's embedding vector (`config.embeddingSize`, default 32). */
  readonly embeddingSize: number;
  /** Size of each layer's state h_t (`config.hiddenSize`, default 64). */
  readonly hiddenSize: number;
  /** Width of each of `Encoded.states`: the top layer's h_t, `hiddenSize`. */
  readonly stateSize: number;
  /** The source characters' vectors: [vocab, embedding]. */
  readonly embedding: Embedding;
  /** The recurrent layers, bottom first. */
  readonly layers: CellStack;

  constructor(config: EncoderConfig) {
    const random = randomFrom(config);
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? DEFAULT_SIZES.embeddingSize;
    this.hiddenSize = config.hiddenSize ?? DEFAULT_SIZES.hiddenSize;
    this.stateSize = this.hiddenSize;
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    this.layers = new CellStack({
      cell: config.cell ?? gruCell,
      layers: config.layers ?? DEFAULT_SIZES.layers,
      inputSize: this.embeddingSize,
      hiddenSize: this.hiddenSize,
      random,
      owner: "Encoder",
    });
  }

  /** The trainable weights: the embedding's, then each layer's. */
  get weights(): tf.Variable[] {
    return [...this.embedding.weights, ...this.layers.weights];
  }

  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): Encoded {
    return tf.tidy(() => {
      const m = mask?.toFloat();
      // [batch, steps, embedding]
      const xs = this.embedding.apply(source);
      // the top layer's h_t for every t [batch, steps, hidden], each layer's last state
      const [states, last] = this.layers.run(xs, m);
      // c: the top layer's last h   [batch, hidden]
      const context = this.layers.output(last);
      return m === undefined ? { states, last, context } : { states, last, context, mask: m };
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    this.layers.dispose();
  }
}

/** The left-to-right {@link Encoder} (the default encoder of a seq2seq model). */
export const leftToRightEncoder: EncoderFactory = (config) => new Encoder(config);
