import * as tf from "@tensorflow/tfjs";
import { checkSizes } from "../sizes";
import { maskedSoftmax, type Attention, type AttentionFactory } from "./attention";

/** Everything that defines a {@link DotAttention}. */
export interface DotAttentionConfig {
  /** Size of the query s and of each key h_i: a dot product needs them equal. Required. */
  size: number;
  /** Divide the scores by √size (scaled dot-product attention, the Transformer's). Default true. */
  scaled?: boolean;
}

/**
 * Dot-product attention: the score of position i is how far the query points the same way as
 * its key, with no weights at all,
 *
 *   e_i = s · h_i            (Luong's "dot")       or   e_i = s · h_i / √d   (scaled, the Transformer's)
 *   α = softmax(e)           attention weights, over source positions
 *   c = Σ_i α_i h_i          context vector
 *
 * Why √d: if the d components of s and h_i are independent with mean 0 and variance 1, s · h_i
 * has variance d, so with large d the scores spread out, the softmax saturates on one position
 * and its gradients vanish; dividing by √d brings the variance back to 1. The Transformer computes
 * exactly this, softmax(Q Kᵀ / √d) V, after three learned projections make the queries, keys and
 * values from its inputs; here the query is the decoder's state and keys and values are the
 * encoder's states as they are. Introduced in 06-attention.
 */
export class DotAttention implements Attention {
  readonly querySize: number;
  readonly keySize: number;
  /** Whether the scores are divided by √size (`config.scaled`, default true). */
  readonly scaled: boolean;
  /** No trainable weights. */
  readonly weights: tf.Variable[] = [];

  constructor(config: DotAttentionConfig) {
    checkSizes("DotAttention", { size: config.size });
    this.querySize = config.size;
    this.keySize = config.size;
    this.scaled = config.scaled ?? true;
  }

  /** The keys are the values themselves: h [batch, srcSteps, size], returned as they are. */
  projectKeys(values: tf.Tensor3D): tf.Tensor3D {
    return values;
  }

  /**
   * As {@link Attention.attend}; `keys` [batch, srcSteps, size] default to the values themselves
   * (as in the seq2seq decoder, where both are the encoder's states h_i), but may be other
   * vectors than the values, like a search engine's keywords and pages.
   */
  attend(query: tf.Tensor2D, values: tf.Tensor3D, mask?: tf.Tensor2D, keys?: tf.Tensor3D): [context: tf.Tensor2D, weights: tf.Tensor2D] {
    const k = keys ?? values;
    const [batch, steps, d] = k.shape;
    if (query.shape[1] !== d)
      throw new Error(`DotAttention: the query has ${query.shape[1]} features, the keys ${d}; a dot product needs them equal`);
    return tf.tidy(() => {
      // e_i = s · k_i   [batch, 1, d] @ [batch, d, srcSteps] → [batch, srcSteps]
      let scores = query.reshape([batch, 1, d]).matMul(k, false, true).reshape<tf.Tensor2D>([batch, steps]);
      // e_i / √d
      if (this.scaled) scores = scores.div(Math.sqrt(d));
      // α = softmax(e) over source positions, 0 on padding   [batch, srcSteps]
      const alpha = maskedSoftmax(scores, mask);
      // c = Σ_i α_i h_i   [batch, 1, srcSteps] @ [batch, srcSteps, value] → [batch, value]
      const context = alpha.reshape([batch, 1, steps]).matMul(values).reshape<tf.Tensor2D>([batch, values.shape[2]]);
      return [context, alpha];
    });
  }

  /** Nothing to free: dot-product attention has no weights. */
  dispose(): void {}
}

/**
 * Makes {@link DotAttention} for a decoder (scaled unless `scaled: false`): it needs the decoder's
 * state and the encoder's states to be the same size.
 */
export function dotAttention(options: { scaled?: boolean } = {}): AttentionFactory {
  return ({ querySize, keySize }) => {
    if (querySize !== keySize) {
      throw new Error(`DotAttention: a dot product needs the query (${querySize}) and the keys (${keySize}) to be the same size`);
    }
    return new DotAttention({ size: querySize, scaled: options.scaled ?? true });
  };
}
