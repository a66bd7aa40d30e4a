import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { checkSizes } from "../sizes";

/** Everything that defines a {@link BatchNorm}. */
export interface BatchNormConfig {
  /** Size of the last axis, the features (channels) each normalized on its own. Required. */
  dims: number;
  /** ε, added to the variance before the square root. Default 1e-3 (tfjs and Keras; PyTorch uses 1e-5). */
  epsilon?: number;
  /**
   * How much of the running statistics survives each training batch:
   * running ← momentum · running + (1 − momentum) · batch statistic. Default 0.99, the tfjs and
   * Keras convention (PyTorch's `momentum=0.1` means the same update with 1 − 0.1 = 0.9 here).
   */
  momentum?: number;
}

/** Which statistics a {@link BatchNorm} normalizes with. */
export type BatchNormMode = "training" | "inference";

/**
 * Batch normalization, written from its formula. Each feature (the last axis) is normalized
 * over every other axis: over the batch for [batch, dims], over the batch *and* the time steps
 * for [batch, steps, dims]. Across samples, in other words: one sample's output depends on the
 * others in its batch.
 *
 * Training (`apply(x, "training")`), with B the values of one feature in this batch and m = |B|:
 *
 *   μ_B = (1/m) Σ_B x
 *   σ²_B = (1/m) Σ_B (x − μ_B)²
 *   x̂ = (x − μ_B) / √(σ²_B + ε)
 *   y = γ ⊙ x̂ + β
 *
 * and the running statistics move towards this batch's:
 *
 *   μ_run ← momentum · μ_run + (1 − momentum) · μ_B
 *   σ²_run ← momentum · σ²_run + (1 − momentum) · σ²_B
 *
 * Inference (`apply(x)`, the default) uses the running statistics instead, so a sample's output
 * no longer depends on its batch: x̂ = (x − μ_run) / √(σ²_run + ε).
 *
 * Like `tf.layers.batchNormalization` (axis −1; weights gamma, beta, moving_mean,
 * moving_variance copy across unchanged) the running variance averages the biased σ²_B
 * (PyTorch's averages the unbiased one, m/(m − 1) · σ²_B). γ starts at 1, β and μ_run at 0,
 * σ²_run at 1. Introduced in 08-normalization.
 */
export class BatchNorm extends WeightedLayer {
  /** Size of the last axis, the features normalized each on its own (`config.dims`). */
  readonly dims: number;
  /** ε, added to the variance before the square root (`config.epsilon`, default 1e-3). */
  readonly epsilon: number;
  /** Weight of the old value when the running statistics are updated (`config.momentum`, default 0.99). */
  readonly momentum: number;
  /** γ, the learned scale: [dims]. */
  readonly gamma: tf.Variable<tf.Rank.R1>;
  /** β, the learned shift: [dims]. */
  readonly beta: tf.Variable<tf.Rank.R1>;
  /** μ_run, the running mean (not trained by gradients): [dims]. */
  readonly runningMean: tf.Variable<tf.Rank.R1>;
  /** σ²_run, the running variance (not trained by gradients): [dims]. */
  readonly runningVariance: tf.Variable<tf.Rank.R1>;

  constructor(config: BatchNormConfig) {
    super();
    checkSizes("BatchNorm", { dims: config.dims });
    this.dims = config.dims;
    this.epsilon = config.epsilon ?? 1e-3;
    this.momentum = config.momentum ?? 0.99;
    this.gamma = this.weight(() => tf.ones<tf.Rank.R1>([this.dims]));
    this.beta = this.weight(() => tf.zeros<tf.Rank.R1>([this.dims]));
    this.runningMean = this.weight(() => tf.zeros<tf.Rank.R1>([this.dims]), { trainable: false });
    this.runningVariance = this.weight(() => tf.ones<tf.Rank.R1>([this.dims]), { trainable: false });
  }

  /** Every weight, in tfjs's order [gamma, beta, moving_mean, moving_variance]: for saving or copying. */
  get allWeights(): tf.Variable[] {
    return [this.gamma, this.beta, this.runningMean, this.runningVariance];
  }

  /**
   * x [batch, dims] or [batch, steps, dims] → y of the same shape. "training" normalizes with
   * this batch's statistics and updates the running ones; "inference" (default) uses the running ones.
   */
  apply<T extends tf.Tensor2D | tf.Tensor3D>(x: T, mode: BatchNormMode = "inference"): T {
    const size = x.shape[x.rank - 1];
    if (size !== this.dims) throw new Error(`BatchNorm: x has ${size} features on its last axis, expected ${this.dims}`);
    return tf.tidy(() => {
      if (mode === "inference") return this.normalize(x, this.runningMean, this.runningVariance);
      // every axis but the last: [0] for [batch, dims], [0, 1] for [batch, steps, dims]
      const axes = x.shape.slice(0, -1).map((_, axis) => axis);
      // μ_B = (1/m) Σ_B x   [dims]
      const muB = x.mean<tf.Tensor1D>(axes);
      // σ²_B = (1/m) Σ_B (x − μ_B)²   [dims]
      const sigma2B = x.sub(muB).square().mean<tf.Tensor1D>(axes);
      this.updateRunningStatistics(muB, sigma2B);
      return this.normalize(x, muB, sigma2B);
    });
  }

  /** y = γ ⊙ (x − μ) / √(σ² + ε) + β, with μ and σ² of shape [dims]. */
  private normalize<T extends tf.Tensor>(x: T, mu: tf.Tensor1D, sigma2: tf.Tensor1D): T {
    return tf.tidy(() => {
      // x̂ = (x − μ) / √(σ² + ε)   x's shape
      const xHat = x.sub(mu).div(sigma2.add(this.epsilon).sqrt());
      // y = γ ⊙ x̂ + β   x's shape
      return xHat.mul(this.gamma).add<T>(this.beta);
    });
  }

  private updateRunningStatistics(muB: tf.Tensor1D, sigma2B: tf.Tensor1D): void {
    const m = this.momentum;
    tf.tidy(() => {
      // μ_run ← momentum · μ_run + (1 − momentum) · μ_B
      this.runningMean.assign(this.runningMean.mul(m).add(muB.mul(1 - m)));
      // σ²_run ← momentum · σ²_run + (1 − momentum) · σ²_B
      this.runningVariance.assign(this.runningVariance.mul(m).add(sigma2B.mul(1 - m)));
    });
  }
}
