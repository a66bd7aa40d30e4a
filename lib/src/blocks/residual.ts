import * as tf from "@tensorflow/tfjs";

/**
 * What a {@link Residual} can wrap: H, the "non-linear layers" of the seed. Either a function of
 * x, or a layer with an `apply` method (a Dense, a LayerNorm, …). Its output must have x's shape.
 */
export type Sublayer<T extends tf.Tensor> =
  | ((x: T) => T)
  | {
      /** H(w, x): the layer's output, the same shape as x. */
      apply(x: T): T;
    };

/**
 * A residual (shortcut) connection, as the seed writes it:
 *
 *   Y = H(w, x) + x
 *
 * H keeps its layers; a shortcut carries x around them and adds it to their output. A deep
 * stack of these can always fall back to the identity (H = 0), which is why making it deeper
 * does not make its training loss worse, while a plain stack Y = H(w, x) has to *learn* the
 * identity and, deep enough, trains worse than a shallow one (the degradation problem).
 *
 * The sum needs H(w, x) and x to have the same shape, the same width on the last axis in
 * particular: a mismatch is an error, at construction when H says its sizes (`inputSize` and
 * `outputSize`, as a Dense does), otherwise on the first call. (ResNet's projection shortcut
 * for changing widths is left out.) Introduced in 07-residual.
 */
export class Residual<T extends tf.Tensor = tf.Tensor> {
  /** H(w, ·), the wrapped layer or function. */
  readonly H: Sublayer<T>;

  constructor(H: Sublayer<T>) {
    const sizes = H as Partial<Record<"inputSize" | "outputSize", unknown>>;
    if (typeof sizes.inputSize === "number" && typeof sizes.outputSize === "number" && sizes.inputSize !== sizes.outputSize) {
      throw new Error(`Residual: Y = H(w, x) + x needs H to keep the width, but H maps ${sizes.inputSize} → ${sizes.outputSize} features`);
    }
    this.H = H;
  }

  /** The wrapped layer's trainable weights, when it has a `weights` list; otherwise none. */
  get weights(): tf.Variable[] {
    const { weights } = this.H as { weights?: unknown };
    return Array.isArray(weights) ? (weights as tf.Variable[]) : [];
  }

  /** x → Y = H(w, x) + x, the same shape as x (e.g. [batch, hidden] or [batch, steps, hidden]). */
  apply(x: T): T {
    return tf.tidy(() => {
      // H(w, x)   the same shape as x
      const Hx = typeof this.H === "function" ? this.H(x) : this.H.apply(x);
      if (!sameShape(Hx.shape, x.shape)) {
        throw new Error(`Residual: Y = H(w, x) + x needs H(w, x) to have x's shape [${x.shape.join(", ")}], got [${Hx.shape.join(", ")}]`);
      }
      // Y = H(w, x) + x
      return Hx.add<T>(x);
    });
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
