import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import { disposeAll, weightsOf, type Layer } from "../layer";
import { randomFrom, type Seeded } from "../random";

/** Everything that defines a {@link FeedForward} block. */
export interface FeedForwardConfig extends Seeded {
  /** d_model, the size of the input and output vectors. Required. */
  modelSize: number;
  /** d_ff, the width of the hidden layer. Default 4 · d_model (the paper's 2048 for 512). */
  hiddenSize?: number;
}

/**
 * The Transformer's position-wise feed-forward block (Vaswani et al. 2017, §3.3): the same
 * two-layer network applied to every position on its own,
 *
 *   FFN(x) = max(0, x W_1 + b_1) W_2 + b_2          W_1 [d_model, d_ff], W_2 [d_ff, d_model]
 *
 * Attention mixes information between positions; this block then transforms each position's
 * vector. Made of two of the kit's {@link Dense} layers (07-residual). Introduced in 09-transformer.
 */
export class FeedForward implements Layer {
  /** d_model (`config.modelSize`). */
  readonly modelSize: number;
  /** d_ff (`config.hiddenSize`, default 4 · d_model). */
  readonly hiddenSize: number;
  /** x W_1 + b_1, then max(0, ·). */
  readonly expand: Dense;
  /** · W_2 + b_2. */
  readonly project: Dense;

  constructor(config: FeedForwardConfig) {
    const random = randomFrom(config);
    this.modelSize = config.modelSize;
    this.hiddenSize = config.hiddenSize ?? 4 * config.modelSize;
    this.expand = new Dense({ inputSize: this.modelSize, outputSize: this.hiddenSize, activation: "relu", random });
    this.project = new Dense({ inputSize: this.hiddenSize, outputSize: this.modelSize, random });
  }

  get weights(): tf.Variable[] {
    return weightsOf([this.expand, this.project]);
  }

  /** x [batch, steps, d_model] → FFN(x) [batch, steps, d_model], position by position. */
  apply(x: tf.Tensor3D): tf.Tensor3D {
    // max(0, x W_1 + b_1) W_2 + b_2   [batch, steps, d_ff] → [batch, steps, d_model]
    return tf.tidy(() => this.project.apply(this.expand.apply(x)));
  }

  dispose(): void {
    disposeAll([this.expand, this.project]);
  }
}
