import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import { gruCell } from "../cells/fused_gru";
import type { CellState, RecurrentCell } from "../cells/recurrent_cell";
import { runCell } from "../cells/stack";
import { disposeAll, weightsOf } from "../layer";
import { randomFrom } from "../random";
import { checkSizes } from "../sizes";
import { DEFAULT_SIZES } from "./defaults";
import { Embedding } from "./embedding";
import type { Encoded, EncoderConfig, EncoderFactory, SequenceEncoder } from "./sequence_encoder";

/**
 * The first seed's attention encoder (`nn.GRU(…, bidirectional = True)` then `fc`): one stack of
 * cells reads the source left to right, another right to left, and each position's state is the
 * two side by side, so that it describes its character in the context of the whole source, what
 * comes after it included:
 *
 *   h→_t = cell→(x_t, h→_{t-1})                    left to right, from h→_0 = 0
 *   h←_t = cell←(x_t, h←_{t+1})                    right to left, from h←_{T+1} = 0
 *   h_t = [h→_t; h←_t]                             [batch, steps, 2·hidden]: what attention reads
 *   s_0 = tanh(W [h→_T; h←_1] + b)                 each direction's last state, through a dense layer: the decoder's start
 *
 * With several layers, layer l reads layer l − 1's h_t (both directions), and each layer gets its
 * own s_0. With an LSTM cell, each part of the state (h and c) gets its own dense layer. The
 * decoder's states stay `hiddenSize`; its attention reads 2·hidden-sized states (`contextSize` =
 * {@link stateSize}). Padding: with a mask, a masked step keeps the previous state in both
 * directions, as in {@link Encoder}. Takes an {@link EncoderConfig}, with the same defaults.
 * Introduced in 06-attention.
 */
export class BidirectionalEncoder implements SequenceEncoder {
  /** How many characters the source vocabulary has (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each character's embedding vector (`config.embeddingSize`, default 32). */
  readonly embeddingSize: number;
  /** Size of each direction's state h→_t, h←_t and of each s_0 (`config.hiddenSize`, default 64). */
  readonly hiddenSize: number;
  /** Size of each position's state [h→_t; h←_t]: 2·hidden. */
  readonly stateSize: number;
  /** The source characters' vectors, read by both directions: [vocab, embedding]. */
  readonly embedding: Embedding;
  /** The left-to-right cells, one per layer, bottom first. */
  readonly cells: RecurrentCell[];
  /** The right-to-left cells, one per layer, bottom first. */
  readonly backwardCells: RecurrentCell[];
  /** W, b of s_0 = tanh(W [h→_T; h←_1] + b), per layer, one per part of the state: [2·hidden → hidden]. */
  readonly bridges: Dense[][];

  constructor(config: EncoderConfig) {
    const random = randomFrom(config);
    const cell = config.cell ?? gruCell;
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? DEFAULT_SIZES.embeddingSize;
    this.hiddenSize = config.hiddenSize ?? DEFAULT_SIZES.hiddenSize;
    this.stateSize = 2 * this.hiddenSize;
    const layers = config.layers ?? DEFAULT_SIZES.layers;
    checkSizes("BidirectionalEncoder", {
      vocabSize: this.vocabSize,
      embeddingSize: this.embeddingSize,
      hiddenSize: this.hiddenSize,
      layers,
    });
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    const makeCells = () =>
      Array.from({ length: layers }, (_, l) =>
        cell({ inputSize: l === 0 ? this.embeddingSize : this.stateSize, hiddenSize: this.hiddenSize, random }),
      );
    this.cells = makeCells();
    this.backwardCells = makeCells();
    this.bridges = this.cells.map((c) => {
      const parts = tf.tidy(() => c.parts(c.zeroState(1)).length);
      return Array.from(
        { length: parts },
        () => new Dense({ inputSize: this.stateSize, outputSize: this.hiddenSize, activation: "tanh", random }),
      );
    });
  }

  /** The trainable weights: the embedding's, the left-to-right cells', the right-to-left cells', the bridges'. */
  get weights(): tf.Variable[] {
    return [...this.embedding.weights, ...weightsOf(this.cells), ...weightsOf(this.backwardCells), ...weightsOf(this.bridges.flat())];
  }

  /** Source ids [batch, steps] (and optionally a mask [batch, steps], 1 = character, 0 = padding) → {@link Encoded}. */
  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): Encoded {
    return tf.tidy(() => {
      const m = mask?.toFloat();
      // [batch, steps, embedding]
      let input: tf.Tensor3D = this.embedding.apply(source);
      const last: CellState[] = [];
      for (const [l, forwardCell] of this.cells.entries()) {
        const backwardCell = this.backwardCells[l];
        // h→_t for every t   [batch, steps, hidden]
        const [forward, forwardLast] = runCell(forwardCell, input, m);
        // h←_t for every t: the right-to-left cell runs over the reversed source, then its states are put back in order
        const [backwardReversed, backwardLast] = runCell(backwardCell, tf.reverse(input, 1), m && tf.reverse(m, 1));
        // h_t = [h→_t; h←_t]   [batch, steps, 2·hidden]
        input = tf.concat([forward, tf.reverse(backwardReversed, 1)], 2);
        // s_0 = tanh(W [h→_T; h←_1] + b), part by part   [batch, hidden] each
        const backwardParts = backwardCell.parts(backwardLast);
        const bridges = this.bridges[l];
        const bridged = forwardCell.parts(forwardLast).map((f, p) => bridges[p].apply(tf.concat([f, backwardParts[p]], 1)));
        last.push(forwardCell.fromParts(bridged));
      }
      // c: the top layer's s_0 h   [batch, hidden]
      const top = this.cells[this.cells.length - 1];
      const context = top.output(last[last.length - 1]);
      return m === undefined ? { states: input, last, context } : { states: input, last, context, mask: m };
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    disposeAll([...this.cells, ...this.backwardCells, ...this.bridges.flat()]);
  }
}

/** The {@link BidirectionalEncoder}, for a seq2seq model with an attention decoder: `encoder: bidirectionalEncoder`. */
export const bidirectionalEncoder: EncoderFactory = (config) => new BidirectionalEncoder(config);
