import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import { Random } from "../random";
import { Embedding } from "./embedding";
import type { Encoded, EncoderConfig } from "./encoder";
import { gruCell, type RecurrentCell } from "./recurrent_cell";

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
 * own s_0. The decoder's states stay `hiddenSize`; its attention reads 2·hidden-sized states
 * (`contextSize` = {@link stateSize}). Padding: with a mask, a masked step keeps the previous
 * state in both directions, as in {@link Encoder}. Takes an {@link EncoderConfig}, with the same
 * defaults. Introduced in 06-attention.
 */
export class BidirectionalEncoder {
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
  /** W, b of s_0 = tanh(W [h→_T; h←_1] + b), one per layer: [2·hidden → hidden]. */
  readonly bridges: Dense[];

  constructor(config: EncoderConfig) {
    const random = config.random ?? new Random(config.seed ?? 0);
    const cell = config.cell ?? gruCell;
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? 32;
    this.hiddenSize = config.hiddenSize ?? 64;
    this.stateSize = 2 * this.hiddenSize;
    const layers = config.layers ?? 1;
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    const makeCells = () =>
      Array.from({ length: layers }, (_, l) => cell({ inputSize: l === 0 ? this.embeddingSize : this.stateSize, hiddenSize: this.hiddenSize, random }));
    this.cells = makeCells();
    this.backwardCells = makeCells();
    this.bridges = Array.from({ length: layers }, () => new Dense({ inputSize: this.stateSize, outputSize: this.hiddenSize, activation: "tanh", random }));
  }

  /** The trainable weights: the embedding's, the left-to-right cells', the right-to-left cells', the bridges'. */
  get weights(): tf.Variable[] {
    return [
      ...this.embedding.weights,
      ...this.cells.flatMap((c) => c.weights),
      ...this.backwardCells.flatMap((c) => c.weights),
      ...this.bridges.flatMap((d) => d.weights),
    ];
  }

  /** Source ids [batch, steps] (and optionally a mask [batch, steps], 1 = character, 0 = padding) → {@link Encoded}. */
  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): Encoded {
    return tf.tidy(() => {
      const m = mask?.toFloat() as tf.Tensor2D | undefined;
      // [batch, steps, embedding]
      let input: tf.Tensor3D = this.embedding.apply(source);
      const last: tf.Tensor2D[] = [];
      for (const [l, forwardCell] of this.cells.entries()) {
        // h→_t for every t   [batch, steps, hidden]
        const [forward, forwardLast] = run(forwardCell, input, m);
        // h←_t for every t: the right-to-left cell runs over the reversed source, then its states are put back in order
        const [backwardReversed, backwardLast] = run(this.backwardCells[l] as RecurrentCell, tf.reverse(input, 1), m && tf.reverse(m, 1));
        // h_t = [h→_t; h←_t]   [batch, steps, 2·hidden]
        input = tf.concat([forward, tf.reverse(backwardReversed, 1)], 2);
        // s_0 = tanh(W [h→_T; h←_1] + b)   [batch, hidden]
        last.push((this.bridges[l] as Dense).apply(tf.concat([forwardLast, backwardLast], 1)));
      }
      return m === undefined ? { states: input, last } : { states: input, last, mask: m };
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    for (const cell of [...this.cells, ...this.backwardCells]) cell.dispose();
    for (const bridge of this.bridges) bridge.dispose();
  }
}

/**
 * One direction of one layer: xs [batch, steps, input] → every state [batch, steps, hidden] and
 * the last. Without a mask one `unroll`; with one, step by step, keeping h_{t-1} where m_t = 0.
 */
function run(cell: RecurrentCell, xs: tf.Tensor3D, mask: tf.Tensor2D | undefined): [hs: tf.Tensor3D, hLast: tf.Tensor2D] {
  if (mask === undefined) return cell.unroll(xs);
  const [batch, steps] = mask.shape;
  // steps × [batch, input] and steps × [batch, 1]
  const inputs = tf.unstack(xs, 1) as tf.Tensor2D[];
  const masks = tf.unstack(mask, 1).map((m) => m.reshape([batch, 1]) as tf.Tensor2D);
  // h_0 = 0   [batch, hidden]
  let h: tf.Tensor2D = tf.zeros([batch, cell.hiddenSize]);
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    // h_t = h_{t-1} + m_t (cell(x_t, h_{t-1}) − h_{t-1}):   the cell's step where m_t = 1, h_{t-1} where m_t = 0
    h = h.add((masks[t] as tf.Tensor2D).mul(cell.step(inputs[t] as tf.Tensor2D, h).sub(h)));
    hs.push(h);
  }
  return [tf.stack(hs, 1) as tf.Tensor3D, h];
}
