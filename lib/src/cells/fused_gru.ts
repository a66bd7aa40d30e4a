import * as tf from "@tensorflow/tfjs";
import { gruBlockStepper, gruBlockUnroll } from "../kernels/gru_block";
import { hasTensorFlowOps } from "../kernels/tensorflow_ops";
import { GRUCell } from "./gru";
import { checkedStepper, checkSequence } from "./project_inputs";
import type { CellFactory, SequenceStepper } from "./recurrent_cell";

/**
 * The {@link GRUCell} of 04-gru, the same weights and the same results (to float rounding,
 * 1e-5 in test/cells/fused_gru.test.ts, forward and gradients), run on the `tensorflow` backend
 * by TensorFlow's fused GRU kernels (GRUBlockCell forward, GRUBlockCellGrad backward;
 * `kernels/gru_block.ts`): one op per step each way instead of a dozen, which is most of what
 * makes a seq2seq training step fast. On the other backends it is the GRUCell itself. The
 * encoders and decoders use it ({@link gruCell}); the GRUCell stays the equations to read.
 */
export class FusedGRUCell extends GRUCell {
  step(x: tf.Tensor2D, hPrev: tf.Tensor2D): tf.Tensor2D {
    if (!hasTensorFlowOps()) return super.step(x, hPrev);
    return tf.tidy(() => this.stepper().step(x, hPrev));
  }

  stepper(): SequenceStepper<tf.Tensor2D> {
    if (!hasTensorFlowOps()) return super.stepper();
    return checkedStepper("FusedGRUCell", this.inputSize, gruBlockStepper(this.W, this.U, this.b));
  }

  unroll(xs: tf.Tensor3D, h0?: tf.Tensor2D): [hs: tf.Tensor3D, hLast: tf.Tensor2D] {
    if (!hasTensorFlowOps()) return super.unroll(xs, h0);
    checkSequence("FusedGRUCell", xs, this.inputSize);
    const [batch, steps] = xs.shape;
    return tf.tidy(() => {
      // [batch, steps, hidden]
      const hs = gruBlockUnroll(xs, h0 ?? this.zeroState(batch), this.W, this.U, this.b);
      // h_T   [batch, hidden]
      const hLast = hs.slice([0, steps - 1, 0], [batch, 1, this.hiddenSize]).reshape<tf.Tensor2D>([batch, this.hiddenSize]);
      return [hs, hLast];
    });
  }
}

/** The GRU of 04-gru for an encoder or decoder (their default cell), fused on the `tensorflow` backend ({@link FusedGRUCell}). */
export const gruCell: CellFactory<tf.Tensor2D> = (config) => new FusedGRUCell(config);
