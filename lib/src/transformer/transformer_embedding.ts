import * as tf from "@tensorflow/tfjs";
import { disposeAll, weightsOf, type Layer } from "../layer";
import type { Random } from "../random";
import { Embedding } from "../seq2seq/embedding";
import { addPositions, LearnedPositions, sinusoidalPositions } from "./positional_encoding";
import type { TransformerOptions } from "./transformer_options";

/**
 * The input of a Transformer's encoder or decoder: each id's embedding plus its position's
 * vector, x_t = E[id_t] + PE(t). The embeddings are N(0, 1), as `nn.Embedding` (and the kit's
 * {@link Embedding}), which puts them on the scale of the sinusoidal positions without the
 * paper's √d_model factor. Introduced in 09-transformer.
 */
export class TransformerEmbedding implements Layer {
  /** d_model, the width of every vector. */
  readonly modelSize: number;
  /** E: one learned vector per id, d_model wide. */
  readonly embedding: Embedding;
  /** The learned positions, when `options.positions` is "learned"; otherwise the sinusoidal ones are used. */
  readonly learnedPositions: LearnedPositions | undefined;

  constructor(sizes: { vocabSize: number; modelSize: number; random: Random }, options: TransformerOptions) {
    const { vocabSize, modelSize, random } = sizes;
    this.modelSize = modelSize;
    this.embedding = new Embedding({ vocabSize, embeddingSize: modelSize, random });
    this.learnedPositions =
      options.positions === "learned" ? new LearnedPositions({ maxSteps: options.maxSteps ?? 64, modelSize, random }) : undefined;
  }

  get weights(): tf.Variable[] {
    return weightsOf(this.parts());
  }

  /** ids [batch, steps] → x [batch, steps, d_model]. */
  apply(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const steps = ids.shape[1];
      // PE(t) for t = 0 … steps − 1   [steps, d_model]
      const positions = this.learnedPositions?.positions(steps) ?? sinusoidalPositions(steps, this.modelSize);
      // x_t = E[id_t] + PE(t)   [batch, steps, d_model]
      return addPositions(this.embedding.apply(ids), positions);
    });
  }

  dispose(): void {
    disposeAll(this.parts());
  }

  private parts(): Layer[] {
    return this.learnedPositions === undefined ? [this.embedding] : [this.embedding, this.learnedPositions];
  }
}
