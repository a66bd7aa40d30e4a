import * as tf from "@tensorflow/tfjs";
import { ResourceAdam, type AdamStepSettings } from "../kernels/resource_adam";
import { hasTensorFlowOps } from "../kernels/tensorflow_ops";

/** A weight's gradient, by the weight's name (tfjs's `NamedTensor`, which it does not export). */
export interface NamedGradient {
  /** The weight's name, as in `tf.engine().registeredVariables`. */
  name: string;
  /** Its gradient, the weight's shape. */
  tensor: tf.Tensor;
}

/**
 * Adam's state for the weights flattened into one buffer of `size` numbers, w, m and v, and its
 * step: {@link ResourceAdam} on the `tensorflow` backend, {@link EquationAdam} elsewhere.
 */
interface FlatAdamState {
  /** Sets w [size], the weights flattened (m and v stay as they are). */
  load(weights: tf.Tensor1D): void;
  /** One step with gradient g [size]: updates w, m and v, and returns the new w [size]. */
  step(g: tf.Tensor1D, settings: AdamStepSettings): tf.Tensor1D;
  dispose(): void;
}

/** The weights a {@link FlatAdam} trains, fixed at its first step: their names and sizes, in order, and the sizes' sum. */
interface FlatLayout {
  names: string[];
  sizes: number[];
  total: number;
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
 * an error). Use it as any tfjs optimizer: `optimizer.minimize(loss, true, model.weights)`. It
 * keeps its own flat copy of the weights, updates that in place and hands each weight its slice;
 * when a weight was assigned elsewhere since its last step, it copies them all in again first. On
 * the `tensorflow` backend the copy and the moments live in TensorFlow and one fused op computes
 * the step (`ResourceAdam`, kernels/resource_adam.ts); elsewhere `EquationAdam` computes it as
 * written above. Introduced in 02-rnn.
 */
export class FlatAdam extends tf.Optimizer {
  /** Its name in tfjs's serialization registry. */
  static readonly className = "FlatAdam";
  private layout: FlatLayout | undefined;
  private state: FlatAdamState | undefined;
  /** Each weight's data as this optimizer left it (tfjs gives a weight new data when it is assigned). */
  private lastAssigned: readonly tf.DataId[] = [];
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
    const state = (this.state ??= hasTensorFlowOps() ? new ResourceAdam(layout.total) : new EquationAdam(layout.total));
    const weights = named.map(({ name }) => tf.engine().registeredVariables[name]);
    const { learningRate, beta1, beta2, epsilon, beta1Power, beta2Power } = this;
    tf.tidy(() => {
      if (weights.some((weight, i) => weight.dataId !== this.lastAssigned[i])) {
        // w = [w_1; w_2; …] (flattened)   [total]
        state.load(tf.concat(weights.map((weight) => weight.reshape([-1]))) as tf.Tensor1D);
      }
      // g = [g_1; g_2; …]   [total]
      const g = tf.concat(named.map(({ tensor }) => tensor.reshape([-1]))) as tf.Tensor1D;
      const slices = tf.split(state.step(g, { learningRate, beta1, beta2, epsilon, beta1Power, beta2Power }), layout.sizes);
      for (const [i, weight] of weights.entries()) weight.assign(slices[i].reshape(weight.shape));
    });
    this.lastAssigned = weights.map((weight) => weight.dataId);
    this.beta1Power = Math.fround(this.beta1Power * Math.fround(this.beta1));
    this.beta2Power = Math.fround(this.beta2Power * Math.fround(this.beta2));
    this.incrementIterations();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /** Frees its copy of the weights and the moments. */
  dispose(): void {
    this.state?.dispose();
    this.state = undefined;
    this.lastAssigned = [];
  }

  /** The layout of the first step, checked against this step's gradients. */
  private layoutFor(named: readonly NamedGradient[]): FlatLayout {
    const names = named.map(({ name }) => name);
    const sizes = named.map(({ tensor }) => tensor.size);
    this.layout ??= { names, sizes, total: sizes.reduce((a, b) => a + b, 0) };
    const same = names.length === this.layout.names.length && names.every((name, i) => name === this.layout?.names[i]);
    if (!same) throw new Error(`FlatAdam: trains [${this.layout.names.join(", ")}] at every step, got [${names.join(", ")}]`);
    return this.layout;
  }
}

/** Adam's state for one flat buffer, and the step: the equations of {@link FlatAdam}, op by op. */
export class EquationAdam implements FlatAdamState {
  /** w, m and v: [size] each. */
  private readonly w: tf.Variable<tf.Rank.R1>;
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;

  constructor(readonly size: number) {
    [this.w, this.m, this.v] = tf.tidy(() => [0, 1, 2].map(() => tf.variable(tf.zeros<tf.Rank.R1>([size]), false)));
  }

  load(weights: tf.Tensor1D): void {
    this.w.assign(weights);
  }

  step(g: tf.Tensor1D, { learningRate, beta1, beta2, epsilon, beta1Power, beta2Power }: AdamStepSettings): tf.Tensor1D {
    return tf.tidy(() => {
      // m ← β₁ m + (1 − β₁) g      v ← β₂ v + (1 − β₂) g²
      const mNext = this.m.mul(beta1).add(g.mul(1 - beta1));
      const vNext = this.v.mul(beta2).add(g.square().mul(1 - beta2));
      this.m.assign(mNext as tf.Tensor1D);
      this.v.assign(vNext as tf.Tensor1D);
      // w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
      const mHat = mNext.div(1 - beta1Power);
      const vHat = vNext.div(1 - beta2Power);
      const wNext = this.w.add<tf.Tensor1D>(mHat.div(vHat.sqrt().add(epsilon)).mul(-learningRate));
      this.w.assign(wNext);
      return wNext;
    });
  }

  /** Frees w, m and v. */
  dispose(): void {
    tf.dispose([this.w, this.m, this.v]);
  }
}

/** A {@link FlatAdam} optimizer: `flatAdam(0.01)` where tfjs code writes `tf.train.adam(0.01)`. */
export function flatAdam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number): FlatAdam {
  return new FlatAdam(learningRate, beta1, beta2, epsilon);
}
