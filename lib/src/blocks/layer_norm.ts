import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { checkSizes } from "../sizes";

/** Everything that defines a {@link LayerNorm}. */
export interface LayerNormConfig {
  /** Size of the last axis (dims in the seed's [batch, seq_len, dims]), the features each vector is normalized over. Required. */
  dims: number;
  /** ε, added to the variance before the square root so a constant vector does not divide by 0. Default 1e-3 (tfjs and Keras; PyTorch's nn.LayerNorm uses 1e-5). */
  epsilon?: number;
}

/**
 * Layer normalization, written from its formula. Each vector x on the last axis (one token's
 * features, one sample's hidden state) is normalized over its own d features:
 *
 *   μ = (1/d) Σ_i x_i
 *   σ² = (1/d) Σ_i (x_i − μ)²
 *   x̂ = (x − μ) / √(σ² + ε)
 *   y = γ ⊙ x̂ + β
 *
 * with learned γ (scale, starts at 1) and β (shift, starts at 0), one per feature: [dims].
 * σ² is the biased (population) variance, as in `tf.layers.layerNormalization` (axis −1,
 * whose gamma/beta copy across unchanged) and PyTorch's nn.LayerNorm. Nothing is averaged over
 * the batch or over time steps, so a sample's output does not depend on the rest of its batch,
 * and training and inference compute the same thing. Introduced in 08-normalization.
 */
export class LayerNorm extends WeightedLayer {
  /** Size of the last axis, the features each vector is normalized over (`config.dims`). */
  readonly dims: number;
  /** ε, added to the variance before the square root (`config.epsilon`, default 1e-3). */
  readonly epsilon: number;
  /** γ, the learned scale: [dims]. */
  readonly gamma: tf.Variable<tf.Rank.R1>;
  /** β, the learned shift: [dims]. */
  readonly beta: tf.Variable<tf.Rank.R1>;

  constructor(config: LayerNormConfig) {
    super();
    checkSizes("LayerNorm", { dims: config.dims });
    this.dims = config.dims;
    this.epsilon = config.epsilon ?? 1e-3;
    this.gamma = this.weight(() => tf.ones<tf.Rank.R1>([this.dims]));
    this.beta = this.weight(() => tf.zeros<tf.Rank.R1>([this.dims]));
  }

  /** x [batch, dims] or [batch, steps, dims] → y of the same shape, each last-axis vector normalized. */
  apply<T extends tf.Tensor2D | tf.Tensor3D>(x: T): T {
    const size = x.shape[x.rank - 1];
    if (size !== this.dims) throw new Error(`LayerNorm: x has ${size} features on its last axis, expected ${this.dims}`);
    return tf.tidy(() => {
      // μ = (1/d) Σ_i x_i   [batch, (steps,) 1]
      const mu = x.mean(-1, true);
      // σ² = (1/d) Σ_i (x_i − μ)²   [batch, (steps,) 1]
      const sigma2 = x.sub(mu).square().mean(-1, true);
      // x̂ = (x − μ) / √(σ² + ε)   x's shape
      const xHat = x.sub(mu).div(sigma2.add(this.epsilon).sqrt());
      // y = γ ⊙ x̂ + β   x's shape
      return xHat.mul(this.gamma).add<T>(this.beta);
    });
  }
}
