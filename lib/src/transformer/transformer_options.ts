import type { NormPlacement } from "./sublayer";

/**
 * What a Transformer encoder or decoder adds to the sizes a `Seq2Seq` hands every encoder and
 * decoder: its `hiddenSize` is d_model and its `layers` the number of layers; its
 * `embeddingSize` is not used, since the embeddings are added to the positions and so are
 * d_model wide too. Introduced in 09-transformer.
 */
export interface TransformerOptions {
  /** h, the attention heads of every layer; d_model must be a multiple of it. Default 4. */
  heads?: number;
  /** d_ff, the feed-forward blocks' hidden width. Default 4 · d_model. */
  feedForwardSize?: number;
  /** Where the LayerNorms go: "post" (the original Transformer's) or "pre" (a last LayerNorm then follows the top layer). Default "post". */
  norm?: NormPlacement;
  /** How positions are encoded: "sinusoidal" (fixed, any length) or "learned" (one trained vector per position up to `maxSteps`). Default "sinusoidal". */
  positions?: "sinusoidal" | "learned";
  /** The longest sequence "learned" positions can encode. Default 64. */
  maxSteps?: number;
}
