import { additionTo99Workload } from "./addition_to_99";
import { gruStepWorkload } from "./gru_step";
import { seq2seqAttnStepWorkload } from "./seq2seq_attn_step";
import { seq2seqStepWorkload } from "./seq2seq_step";

/** A benchmark: builds its model and data, then returns one training step to time. */
export type Workload = () => () => Promise<void>;

/** A benchmark that measures itself (a time to a target, say) and returns its own result fields. */
export interface SelfTimedWorkload {
  selfTimed: () => Promise<Record<string, number | boolean>>;
}

/** Every workload `npm run bench` knows, by the name it prints. */
export const WORKLOADS: Record<string, Workload | SelfTimedWorkload> = {
  "gru-step": gruStepWorkload,
  "seq2seq-step": seq2seqStepWorkload,
  "seq2seq-attn-step": seq2seqAttnStepWorkload,
  "addition-to-99": { selfTimed: additionTo99Workload },
};

/** The workloads scripts/bench/pytorch_workloads.py has a PyTorch version of (the baseline in the same run). */
export const PYTORCH_WORKLOADS: ReadonlySet<string> = new Set(Object.keys(WORKLOADS));
