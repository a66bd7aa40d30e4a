import * as tf from "@tensorflow/tfjs";
import { Residual } from "../blocks/residual";
import type { LayerNorm } from "../blocks/layer_norm";

/**
 * Where a Transformer layer puts its LayerNorms: "post", after each shortcut's sum (the original
 * Transformer's, and PyTorch's `norm_first=False`), or "pre", on the sublayer's input inside the
 * shortcut (Xiong et al. 2020; PyTorch's `norm_first=True`), which leaves a clean identity path
 * from the first layer's input to the last layer's output. Introduced in 09-transformer.
 */
export type NormPlacement = "post" | "pre";

/**
 * One sublayer F (attention or feed-forward) with its shortcut, a {@link Residual} of
 * 07-residual, and its {@link LayerNorm} of 08-normalization:
 *
 *   post-LN:  y = LN(x + F(x))          pre-LN:  y = x + F(LN(x))
 *
 * x [batch, steps, d_model] → y [batch, steps, d_model]. Introduced in 09-transformer.
 */
export function sublayer(x: tf.Tensor3D, F: (h: tf.Tensor3D) => tf.Tensor3D, norm: LayerNorm, placement: NormPlacement): tf.Tensor3D {
  return tf.tidy(() => {
    // LN(x + F(x))
    if (placement === "post") return norm.apply(new Residual(F).apply(x));
    // x + F(LN(x))
    return new Residual<tf.Tensor3D>((h) => F(norm.apply(h))).apply(x);
  });
}
