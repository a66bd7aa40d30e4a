import { gruStepWorkload } from "./gru_step";

/** A benchmark: builds its model and data, then returns one training step to time. */
export type Workload = () => () => Promise<void>;

/** Every workload `npm run bench` knows, by the name it prints. */
export const WORKLOADS: Record<string, Workload> = {
  "gru-step": gruStepWorkload,
};
