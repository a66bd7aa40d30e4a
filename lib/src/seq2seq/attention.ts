import * as tf from "@tensorflow/tfjs";
import type { Layer } from "../layer";
import type { Random } from "../random";

/**
 * What every attention in the kit computes, in the words of the seed's web-search analogy: a
 * query (what you typed) is matched against one key per source position (each page's keywords),
 * and the values (each page's content) are blended by how well their keys match:
 *
 *   e_i = score(s, h_i)              step 1: one alignment score per source position i
 *   α = softmax(e)                   step 2: attention weights, ≥ 0, summing to 1 over i
 *   c = Σ_i α_i h_i                  step 3: the context vector, a weighted sum of the values
 *
 * In the seq2seq decoder the query s is the decoder's previous state s_{t-1}, and the keys and
 * values are both the encoder's states h_i. Implementations differ only in `score`:
 * {@link AdditiveAttention} (Bahdanau, the seeds') and {@link DotAttention} (the Transformer's).
 * Introduced in 06-attention.
 */
export interface Attention extends Layer {
  /** Size of the query s. */
  readonly querySize: number;
  /** Size of each key and value h_i. */
  readonly keySize: number;
  /**
   * The part of the scores that depends on the source only, computed once per source sequence
   * rather than once per decoder step: values h [batch, srcSteps, key] → keys [batch, srcSteps, *].
   */
  projectKeys(values: tf.Tensor3D): tf.Tensor3D;
  /**
   * Steps 1–3 for one query per example: query s [batch, query], values h [batch, srcSteps, key],
   * mask [batch, srcSteps] (1 = character, 0 = padding; absent: no padding), and optionally the
   * keys from {@link projectKeys} (computed here when absent) → context c [batch, key] and
   * weights α [batch, srcSteps], exactly 0 where the mask is 0.
   */
  attend(query: tf.Tensor2D, values: tf.Tensor3D, mask?: tf.Tensor2D, keys?: tf.Tensor3D): [context: tf.Tensor2D, weights: tf.Tensor2D];
}

/**
 * Makes the attention of a decoder from the decoder's sizes: query = its state, keys = the
 * encoder's states. `additiveAttention()` and `dotAttention()` make the kit's two; a new kind of
 * attention is one file with its class and its factory. Introduced in 06-attention.
 */
export type AttentionFactory = (sizes: { querySize: number; keySize: number; random: Random }) => Attention;

/** What a masked score becomes before the softmax: e^(−1e9 − max e) is exactly 0 in float32. */
const MASKED_SCORE = -1e9;

/**
 * Step 2 of attention, with padding left out: scores e [batch, srcSteps] and mask m
 * [batch, srcSteps] (1 = character, 0 = padding) →
 *
 *   α_i = m_i e^(e_i) / Σ_j m_j e^(e_j)
 *
 * computed as softmax(e + (1 − m)·(−10⁹)): a masked position's exponential underflows to exactly
 * 0, so padding gets no weight at all and the other weights still sum to 1. Without a mask it is
 * the plain softmax over source positions. Every row needs at least one unmasked position.
 * Scores of any rank work the same way, the softmax over the last axis and the mask broadcast
 * against them (multi-head attention's [batch, heads, queries, keys] with a [batch, 1, 1, keys]
 * padding mask, say). Introduced in 06-attention.
 */
export function maskedSoftmax<T extends tf.Tensor>(scores: T, mask?: tf.Tensor): T {
  return tf.tidy(() => {
    if (mask === undefined) return tf.softmax(scores);
    // e_i where m_i = 1, e_i − 10⁹ where m_i = 0   scores' shape
    const masked = scores.add(maskPenalty(mask));
    return tf.softmax(masked) as T;
  });
}

/** What {@link maskedSoftmax} adds to the scores for mask m: (1 − m)·(−10⁹), 0 on characters and −10⁹ on padding. */
export function maskPenalty<T extends tf.Tensor>(mask: T): T {
  return tf.tidy(() => tf.sub(1, mask.toFloat()).mul<T>(MASKED_SCORE));
}
