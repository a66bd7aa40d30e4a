import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { randomFrom, type Seeded } from "../random";
import { maskedSoftmax, type Attention, type AttentionFactory } from "./attention";
import { checkSizes, checkWidth } from "../sizes";

/** Everything that defines an {@link AdditiveAttention}. */
export interface AdditiveAttentionConfig extends Seeded {
  /** Size of the query s, the decoder's state. Required. */
  querySize: number;
  /** Size of each encoder state h_i (keys and values). Default `querySize`. */
  keySize?: number;
  /** Rows of W, the size of the tanh layer inside the score (the seed's `hidden_size`). Default `querySize`. */
  attentionSize?: number;
}

/**
 * Bahdanau (additive) attention, the second seed's `Attention` class: a one-hidden-layer network
 * scores how well the decoder's state s matches each encoder state h_i,
 *
 *   e_i = vᵀ tanh(W [h_i; s] + b)          alignment score        (seed: v_a(tanh(W_a(cat(h_i, s)))))
 *   α = softmax(e)                         attention weights, over source positions
 *   c = Σ_i α_i h_i                        context vector
 *
 * W [key + query → attention] is split by the halves of [h_i; s] it multiplies:
 * W [h_i; s] = W_h h_i + W_s s. W_h h_i + b does not depend on the decoder step, so
 * {@link projectKeys} computes it once per source sequence for every i, and each step adds only
 * W_s s. Stored as rows of examples, like Dense: `Wh` [key, attention] and `Ws` [query, attention]
 * stacked are the seed's W_a transposed (W_a = nn.Linear(2·hidden, hidden), with bias b);
 * v [attention, 1] is v_a (no bias, as in both seeds). The first seed's `Attention` is the same
 * with the halves in the order [s; h_i] and no b. Initial weights: Glorot uniform from the kit's
 * Random, b = 0. Introduced in 06-attention.
 */
export class AdditiveAttention extends WeightedLayer implements Attention {
  readonly querySize: number;
  readonly keySize: number;
  /** Size of the tanh layer inside the score, the columns of W_h and W_s (`config.attentionSize`, default `querySize`). */
  readonly attentionSize: number;
  /** W_h: [key, attention], the half of W that reads h_i. */
  readonly Wh: tf.Variable<tf.Rank.R2>;
  /** W_s: [query, attention], the half of W that reads s. */
  readonly Ws: tf.Variable<tf.Rank.R2>;
  /** b: [attention]. */
  readonly b: tf.Variable<tf.Rank.R1>;
  /** v: [attention, 1], one score per tanh vector. */
  readonly v: tf.Variable<tf.Rank.R2>;

  constructor(config: AdditiveAttentionConfig) {
    super();
    const random = randomFrom(config);
    this.querySize = config.querySize;
    this.keySize = config.keySize ?? config.querySize;
    this.attentionSize = config.attentionSize ?? config.querySize;
    checkSizes("AdditiveAttention", { querySize: this.querySize, keySize: this.keySize, attentionSize: this.attentionSize });
    const A = this.attentionSize;
    // W_a [key + query, attention] drawn whole, as one layer (Glorot over its full fan-in), then split
    const Wa = random.glorot(this.keySize + this.querySize, A);
    this.Wh = this.weight(() => Wa.slice([0, 0], [this.keySize, A]));
    this.Ws = this.weight(() => Wa.slice([this.keySize, 0], [this.querySize, A]));
    Wa.dispose();
    this.b = this.weight(() => tf.zeros<tf.Rank.R1>([A]));
    this.v = this.weight(() => random.glorot(A, 1));
  }

  /** W_h h_i + b for every source position i: values [batch, srcSteps, key] → [batch, srcSteps, attention]. */
  projectKeys(values: tf.Tensor3D): tf.Tensor3D {
    const [batch, steps, key] = values.shape;
    return tf.tidy(() =>
      values
        .reshape([batch * steps, key])
        .matMul(this.Wh)
        .add(this.b)
        .reshape([batch, steps, this.attentionSize]),
    );
  }

  attend(query: tf.Tensor2D, values: tf.Tensor3D, mask?: tf.Tensor2D, keys?: tf.Tensor3D): [context: tf.Tensor2D, weights: tf.Tensor2D] {
    checkWidth("AdditiveAttention", "the query", query.shape, this.querySize, "querySize");
    checkWidth("AdditiveAttention", "each value", values.shape, this.keySize, "keySize");
    const [batch, steps] = values.shape;
    const A = this.attentionSize;
    return tf.tidy(() => {
      // W_h h_i + b   [batch, srcSteps, attention]
      const projected = keys ?? this.projectKeys(values);
      // W_s s, the same for every i   [batch, 1, attention]
      const q = query.matMul(this.Ws).reshape([batch, 1, A]);
      // tanh(W [h_i; s] + b) = tanh(W_h h_i + b + W_s s)   [batch, srcSteps, attention]
      const energy = tf.tanh(projected.add(q));
      // e_i = vᵀ tanh(…)   [batch, srcSteps]
      const scores = energy
        .reshape([batch * steps, A])
        .matMul(this.v)
        .reshape<tf.Tensor2D>([batch, steps]);
      // α = softmax(e) over source positions, 0 on padding   [batch, srcSteps]
      const alpha = maskedSoftmax(scores, mask);
      // c = Σ_i α_i h_i   [batch, 1, srcSteps] @ [batch, srcSteps, key] → [batch, key]
      const context = alpha.reshape([batch, 1, steps]).matMul(values).reshape<tf.Tensor2D>([batch, this.keySize]);
      return [context, alpha];
    });
  }
}

/**
 * Makes {@link AdditiveAttention} for a decoder (the default of `attentionDecoder`), its tanh
 * layer `attentionSize` wide (default the query's size).
 */
export function additiveAttention(options: { attentionSize?: number } = {}): AttentionFactory {
  return ({ querySize, keySize, random }) =>
    new AdditiveAttention({ querySize, keySize, attentionSize: options.attentionSize ?? querySize, random });
}
