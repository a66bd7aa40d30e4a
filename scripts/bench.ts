// npm run bench -- [--workloads gru-step,...] [--backends tensorflow,wasm,cpu] [--steps 50] [--warmup 5] [--no-pytorch]
//
// Times each workload on each tfjs backend and, as the baseline in the same run, in PyTorch (when
// a python3 with torch is found; SEQLAB_BENCH_PYTHON names one). Prints one JSON line per
// measurement on stdout; tfjs lines carry `vs_pytorch`, their time (ms_per_step, or seconds for a
// self-timed workload) over PyTorch nn.GRU's in the same run, for the workloads with a PyTorch
// version (PYTORCH_WORKLOADS: all of them).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PYTORCH_WORKLOADS, WORKLOADS } from "./bench/workloads";

const BENCH_DIR = path.join(__dirname, "bench");
const PYTORCH_VARIANTS = ["nn.GRU", "scratch"] as const;

interface Measurement {
  workload: string;
  backend: string;
  /** Absent for a self-timed workload, which reports its own fields (addition-to-99: seconds, steps). */
  ms_per_step?: number;
  /** A self-timed workload's wall-clock time. */
  seconds?: number;
  steps: number;
  vs_pytorch?: number;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      workloads: { type: "string", default: Object.keys(WORKLOADS).join(",") },
      backends: { type: "string", default: "tensorflow,wasm,cpu" },
      steps: { type: "string", default: "50" },
      warmup: { type: "string", default: "5" },
      "no-pytorch": { type: "boolean", default: false },
    },
  });
  const workloads = values.workloads.split(",");
  const unknown = workloads.filter((w) => !(w in WORKLOADS));
  if (unknown.length > 0) {
    console.error(`bench: unknown workload ${unknown.join(", ")}; known: ${Object.keys(WORKLOADS).join(", ")}`);
    return 2;
  }
  const python = values["no-pytorch"] ? undefined : findPythonWithTorch();
  if (!values["no-pytorch"] && python === undefined) {
    console.error("bench: no python3 with torch found (apt-get install python3-torch); no PyTorch baseline");
  }
  let failures = 0;
  for (const workload of workloads) {
    let baseline: number | undefined;
    if (python !== undefined && PYTORCH_WORKLOADS.has(workload)) {
      for (const variant of PYTORCH_VARIANTS) {
        const result = measure(
          workload,
          `pytorch ${variant}`,
          python,
          [path.join(BENCH_DIR, "pytorch_workloads.py"), workload, values.steps, values.warmup, variant],
          {},
        );
        if (result === undefined) failures++;
        else if (variant === "nn.GRU") baseline = timeOf(result);
      }
    }
    for (const backend of values.backends.split(",")) {
      const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
      const result = measure(
        workload,
        backend,
        tsx,
        [path.join(BENCH_DIR, "run_workload.ts"), workload, values.steps, values.warmup],
        { SEQLAB_BACKEND: backend },
        baseline,
      );
      if (result === undefined) failures++;
    }
  }
  return failures === 0 ? 0 : 1;
}

/** Runs one measurement in its own process; prints its JSON line (with the ratio) or the error. */
function measure(
  workload: string,
  label: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  baseline?: number,
): Measurement | undefined {
  process.stderr.write(`bench: ${workload} on ${label} …\n`);
  const child = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
  const line = child.stdout.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || line === undefined) {
    const reason = (child.stderr || child.stdout || String(child.error)).trim().split("\n").pop();
    console.error(`bench: ${workload} on ${label} failed: ${reason}`);
    return undefined;
  }
  const result = JSON.parse(line) as Measurement;
  const time = timeOf(result);
  if (baseline !== undefined && time !== undefined) result.vs_pytorch = Number((time / baseline).toFixed(2));
  console.log(JSON.stringify(result));
  return result;
}

/** What a measurement's ratio compares: milliseconds per step, or a self-timed workload's seconds. */
function timeOf(result: Measurement): number | undefined {
  return result.ms_per_step ?? result.seconds;
}

function findPythonWithTorch(): string | undefined {
  const candidates = [process.env["SEQLAB_BENCH_PYTHON"], "python3", "/usr/bin/python3"].filter((c): c is string => !!c);
  return candidates.find((python) => spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status === 0);
}

process.exit(main());
