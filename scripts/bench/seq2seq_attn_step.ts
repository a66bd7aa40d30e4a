import { additiveAttention, attentionDecoder } from "seqlab";
import { additionSeq2Seq, fixedBatchStep } from "./seq2seq_step";

/**
 * `seq2seq-attn-step`: `seq2seq-step` with additive attention in the decoder (06-attention): the
 * query is the previous decoder state s_{t-1}, the score vᵀ tanh(W [h_i; s_{t-1}] + b) with
 * W 256 → 128, the decoder's input [embed(y_{t-1}); c_t], and the output layer reads the new state s_t.
 */
export function seq2seqAttnStepWorkload(): () => Promise<void> {
  return fixedBatchStep(additionSeq2Seq(attentionDecoder({ attention: additiveAttention(), readout: "state" })));
}
