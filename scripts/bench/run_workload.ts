// Child process of scripts/bench.ts: runs one workload on the backend named by SEQLAB_BACKEND and
// prints one JSON line (ms_per_step, or what a self-timed workload reports). One process per
// backend, so backends never share a tfjs engine.
import { selectBackend } from "seqlab";
import { medianStepMs } from "./timing";
import { WORKLOADS } from "./workloads";

async function main(): Promise<void> {
  const [name, stepsArg, warmupArg] = process.argv.slice(2);
  const workload = name === undefined ? undefined : WORKLOADS[name];
  if (workload === undefined) throw new Error(`unknown workload "${name}"; known: ${Object.keys(WORKLOADS).join(", ")}`);
  const { name: backend } = await selectBackend();
  if (typeof workload !== "function") {
    // it times itself and says what it measured
    console.log(JSON.stringify({ workload: name, backend, ...(await workload.selfTimed()) }));
    return;
  }
  const msPerStep = await medianStepMs(workload(), Number(warmupArg), Number(stepsArg));
  console.log(JSON.stringify({ workload: name, backend, ms_per_step: Number(msPerStep.toFixed(3)), steps: Number(stepsArg) }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
