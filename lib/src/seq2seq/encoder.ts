import * as tf from "@tensorflow/tfjs";
import { Random } from "../random";
import { Embedding } from "./embedding";
import { gruCell, type CellFactory, type RecurrentCell } from "./recurrent_cell";

/** Everything that defines an {@link Encoder}. */
export interface EncoderConfig {
  /** How many characters the source vocabulary has. Required. */
  vocabSize: number;
  /** Length of each character's embedding vector. Default 32. */
  embeddingSize?: number;
  /** Size of each layer's hidden state. Default 64. */
  hiddenSize?: number;
  /** Stacked recurrent layers; layer l reads the states of layer l − 1. Default 1. */
  layers?: number;
  /** Makes each layer's cell. Default {@link gruCell}. */
  cell?: CellFactory;
  /** Seed of the Random that draws the initial weights when `random` is not given. Default 0. */
  seed?: number;
  /** A Random to draw the initial weights from instead of `new Random(seed)`. Default: none. */
  random?: Random;
}

/** What the encoder hands the decoder. */
export interface Encoded {
  /**
   * The top layer's state at every source step: [batch, steps, hidden] (what attention reads).
   * At a masked step it repeats the state before it; attention should give such steps no weight.
   */
  states: tf.Tensor3D;
  /** Each layer's last state, bottom layer first: layers × [batch, hidden]. */
  last: tf.Tensor2D[];
  /** 1 where the source holds a character, 0 where it holds padding: [batch, steps]. Absent: no padding. */
  mask?: tf.Tensor2D;
}

/**
 * The encoder of the seeds' encoder–decoder (d2l's `Seq2SeqEncoder`): an embedding, then a stack
 * of recurrent layers that read the source from left to right. Its last states summarise the
 * whole source in a fixed size, whatever the source's length; all its top-layer states are kept
 * too, for an attention decoder to look back at.
 *
 * Padding: with a mask, a masked step keeps the previous state, h_t = h_{t-1}, so padding
 * changes nothing, wherever it sits. Without a mask every step is a real one and each layer is
 * one `unroll` (its input projections one matmul); with a mask the layers step one at a time.
 * Introduced in 05-seq2seq.
 */
export class Encoder {
  /** How many characters the source vocabulary has (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each character's embedding vector (`config.embeddingSize`, default 32). */
  readonly embeddingSize: number;
  /** Size of each layer's state h_t (`config.hiddenSize`, default 64). */
  readonly hiddenSize: number;
  /** The source characters' vectors: [vocab, embedding]. */
  readonly embedding: Embedding;
  /** One cell per layer, bottom first. */
  readonly cells: RecurrentCell[];

  constructor(config: EncoderConfig) {
    const random = config.random ?? new Random(config.seed ?? 0);
    const cell = config.cell ?? gruCell;
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? 32;
    this.hiddenSize = config.hiddenSize ?? 64;
    const layers = config.layers ?? 1;
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    this.cells = Array.from({ length: layers }, (_, l) =>
      cell({ inputSize: l === 0 ? this.embeddingSize : this.hiddenSize, hiddenSize: this.hiddenSize, random }),
    );
  }

  /** The trainable weights: the embedding's, then each layer's. */
  get weights(): tf.Variable[] {
    return [...this.embedding.weights, ...this.cells.flatMap((c) => c.weights)];
  }

  /** Source ids [batch, steps] (and optionally a mask [batch, steps], 1 = character, 0 = padding) → {@link Encoded}. */
  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): Encoded {
    return tf.tidy(() => {
      // [batch, steps, embedding]
      const xs = this.embedding.apply(source);
      if (mask === undefined) {
        let input: tf.Tensor3D = xs;
        const last: tf.Tensor2D[] = [];
        for (const cell of this.cells) {
          // [batch, steps, hidden] and [batch, hidden]
          const [hs, hLast] = cell.unroll(input);
          input = hs;
          last.push(hLast);
        }
        return { states: input, last };
      }
      return { ...this.encodeMasked(xs, mask), mask: mask.toFloat() };
    });
  }

  /** The masked path: step by step, each layer keeping its state where the mask is 0. */
  private encodeMasked(xs: tf.Tensor3D, mask: tf.Tensor2D): { states: tf.Tensor3D; last: tf.Tensor2D[] } {
    const [batch, steps] = mask.shape;
    // steps × [batch, embedding]
    const inputs = tf.unstack(xs, 1) as tf.Tensor2D[];
    // steps × [batch, 1]: m_t, broadcast over the hidden units
    const masks = tf.unstack(mask.toFloat(), 1).map((m) => m.reshape([batch, 1]) as tf.Tensor2D);
    // layers × [batch, hidden]
    const h = this.cells.map((cell) => tf.zeros([batch, cell.hiddenSize]) as tf.Tensor2D);
    const top: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      let input = inputs[t] as tf.Tensor2D;
      const m = masks[t] as tf.Tensor2D;
      for (const [l, cell] of this.cells.entries()) {
        const hPrev = h[l] as tf.Tensor2D;
        // h_t = h_{t-1} + m_t (cell(x_t, h_{t-1}) − h_{t-1}):   the cell's step where m_t = 1, h_{t-1} where m_t = 0
        const hNext = hPrev.add(m.mul(cell.step(input, hPrev).sub(hPrev))) as tf.Tensor2D;
        h[l] = hNext;
        input = hNext;
      }
      top.push(input);
    }
    // [batch, steps, hidden]
    return { states: tf.stack(top, 1) as tf.Tensor3D, last: h };
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    for (const cell of this.cells) cell.dispose();
  }
}
