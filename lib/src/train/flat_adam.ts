import * as tf from "@tensorflow/tfjs";

/** A weight's gradient, by the weight's name (tfjs's `NamedTensor`, which it does not export). */
export interface NamedGradient {
  /** The weight's name, as in `tf.engine().registeredVariables`. */
  name: string;
  /** Its gradient, the weight's shape. */
  tensor: tf.Tensor;
}

/** The weights a {@link FlatAdam} trains, fixed at its first step: their names and sizes, in order. */
interface FlatLayout {
  names: string[];
  sizes: number[];
}

/**
 * Adam (Kingma & Ba 2015) with every weight's moments in one flat buffer: the same update as
 * `tf.train.adam`, step for step (test/train/flat_adam.test.ts), in a fixed number of ops per step
 * instead of about fifteen per weight. Each op costs tens of microseconds on tfjs-node whatever
 * its size, so for a model of a dozen small weights that is most of the optimizer's time:
 *
 *   g = [g_1; g_2; …] (flattened)      m ← β₁ m + (1 − β₁) g      v ← β₂ v + (1 − β₂) g²
 *   w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)          (each w its slice)
 *
 * It trains the same list of weights at every step (the list of its first step; another list is
 * an error). Use it as any tfjs optimizer: `optimizer.minimize(loss, true, model.weights)`.
 * Introduced in 02-rnn.
 */
export class FlatAdam extends tf.Optimizer {
  /** Its name in tfjs's serialization registry. */
  static readonly className = "FlatAdam";
  private layout: FlatLayout | undefined;
  private moments: { m: tf.Variable<tf.Rank.R1>; v: tf.Variable<tf.Rank.R1> } | undefined;
  // β₁ᵗ and β₂ᵗ in float32, as tf.train.adam keeps them
  private beta1Power: number;
  private beta2Power: number;

  /**
   * @param learningRate the step size, lr
   * @param beta1 β₁, how slowly the mean of the gradients forgets
   * @param beta2 β₂, how slowly the mean of their squares forgets
   * @param epsilon ε, added to √v̂ so the step never divides by zero (the backend's, as tfjs's)
   */
  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon: number = tf.backend().epsilon(),
  ) {
    super();
    this.beta1Power = Math.fround(beta1);
    this.beta2Power = Math.fround(beta2);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedGradient[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const layout = this.layoutFor(named);
    tf.tidy(() => {
      const { m, v } = (this.moments ??= this.zeroMoments(layout));
      const g = tf.concat(named.map(({ tensor }) => tensor.reshape([-1])));
      const mNext = m.mul(this.beta1).add(g.mul(1 - this.beta1));
      const vNext = v.mul(this.beta2).add(g.square().mul(1 - this.beta2));
      const mHat = mNext.div(1 - this.beta1Power);
      const vHat = vNext.div(1 - this.beta2Power);
      const update = mHat.div(vHat.sqrt().add(this.epsilon)).mul(-this.learningRate);
      m.assign(mNext as tf.Tensor1D);
      v.assign(vNext as tf.Tensor1D);
      const slices = tf.split(update, layout.sizes);
      for (const [i, { name }] of named.entries()) {
        const weight = tf.engine().registeredVariables[name];
        weight.assign(weight.add(slices[i].reshape(weight.shape)));
      }
    });
    this.beta1Power = Math.fround(this.beta1Power * Math.fround(this.beta1));
    this.beta2Power = Math.fround(this.beta2Power * Math.fround(this.beta2));
    this.incrementIterations();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /** Frees the moments. */
  dispose(): void {
    if (this.moments !== undefined) tf.dispose([this.moments.m, this.moments.v]);
    this.moments = undefined;
  }

  /** The layout of the first step, checked against this step's gradients. */
  private layoutFor(named: readonly NamedGradient[]): FlatLayout {
    const names = named.map(({ name }) => name);
    this.layout ??= { names, sizes: named.map(({ tensor }) => tensor.size) };
    const same = names.length === this.layout.names.length && names.every((name, i) => name === this.layout?.names[i]);
    if (!same) throw new Error(`FlatAdam: trains [${this.layout.names.join(", ")}] at every step, got [${names.join(", ")}]`);
    return this.layout;
  }

  private zeroMoments(layout: FlatLayout): { m: tf.Variable<tf.Rank.R1>; v: tf.Variable<tf.Rank.R1> } {
    const size = layout.sizes.reduce((a, b) => a + b, 0);
    return { m: tf.variable(tf.zeros([size]), false), v: tf.variable(tf.zeros([size]), false) };
  }
}

/** A {@link FlatAdam} optimizer: `flatAdam(0.01)` where tfjs code writes `tf.train.adam(0.01)`. */
export function flatAdam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number): FlatAdam {
  return new FlatAdam(learningRate, beta1, beta2, epsilon);
}
