// npm run bench -- [--workloads gru-step,...] [--backends tensorflow,wasm,cpu] [--steps 50] [--warmup 5] [--rounds 3] [--no-pytorch]
//
// Times each workload on each tfjs backend and, as the baseline in the same run, in PyTorch (when
// a python3 with torch is found; SEQLAB_BENCH_PYTHON names one). A workload runs in `rounds`
// rounds, each of which runs every engine once, one after another, so that a stretch when the
// machine is busy slows both sides of a round. Prints one JSON line per workload and engine: the
// median over the rounds of its time (ms_per_step, or seconds for a self-timed workload), every
// round's time, and on tfjs lines `vs_pytorch`, the median over the rounds of the ratio of its
// time to PyTorch nn.GRU's in the same round (`vs_pytorch_rounds`: each round's ratio), for the
// workloads with a PyTorch version (PYTORCH_WORKLOADS: all of them).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PYTORCH_WORKLOADS, WORKLOADS } from "./bench/workloads";

const BENCH_DIR = path.join(__dirname, "bench");
const PYTORCH_VARIANTS = ["nn.GRU", "scratch"] as const;
/** The engine every tfjs time is compared with. */
const BASELINE_VARIANT = "nn.GRU";

interface Measurement {
  workload: string;
  backend: string;
  /** Absent for a self-timed workload, which reports its own fields (addition-to-99: seconds, steps). */
  ms_per_step?: number;
  /** A self-timed workload's wall-clock time. */
  seconds?: number;
  steps: number;
  /** Each round's time (ms_per_step or seconds), in the order the rounds ran. */
  rounds?: number[];
  vs_pytorch?: number;
  /** Each round's ratio to PyTorch nn.GRU's time in the same round, in the order the rounds ran: the spread the median hides. */
  vs_pytorch_rounds?: number[];
}

/** One engine of a workload's rounds: how to start it, and what each round measured. */
interface Engine {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  isBaseline: boolean;
  results: (Measurement | undefined)[];
}

function main(): number {
  const { values } = parseArgs({
    options: {
      workloads: { type: "string", default: Object.keys(WORKLOADS).join(",") },
      backends: { type: "string", default: "tensorflow,wasm,cpu" },
      steps: { type: "string", default: "50" },
      warmup: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      "no-pytorch": { type: "boolean", default: false },
    },
  });
  const workloads = values.workloads.split(",");
  const unknown = workloads.filter((w) => !(w in WORKLOADS));
  if (unknown.length > 0) {
    console.error(`bench: unknown workload ${unknown.join(", ")}; known: ${Object.keys(WORKLOADS).join(", ")}`);
    return 2;
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`bench: --rounds ${values.rounds} is not a whole number of rounds, at least 1`);
    return 2;
  }
  const python = values["no-pytorch"] ? undefined : findPythonWithTorch();
  if (!values["no-pytorch"] && python === undefined) {
    console.error("bench: no python3 with torch found (apt-get install python3-torch); no PyTorch baseline");
  }
  let failures = 0;
  for (const workload of workloads) {
    const engines: Engine[] = [];
    if (python !== undefined && PYTORCH_WORKLOADS.has(workload)) {
      for (const variant of PYTORCH_VARIANTS) {
        const args = [path.join(BENCH_DIR, "pytorch_workloads.py"), workload, values.steps, values.warmup, variant];
        engines.push({
          label: `pytorch ${variant}`,
          command: python,
          args,
          env: {},
          isBaseline: variant === BASELINE_VARIANT,
          results: [],
        });
      }
    }
    for (const backend of values.backends.split(",")) {
      const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
      const args = [path.join(BENCH_DIR, "run_workload.ts"), workload, values.steps, values.warmup];
      engines.push({ label: backend, command: tsx, args, env: { SEQLAB_BACKEND: backend }, isBaseline: false, results: [] });
    }
    for (let round = 1; round <= rounds; round++) {
      for (const engine of engines) {
        const result = measure(workload, `${engine.label}, round ${round}/${rounds}`, engine.command, engine.args, engine.env);
        if (result === undefined) failures++;
        engine.results.push(result);
      }
    }
    const baseline = engines.find((engine) => engine.isBaseline);
    for (const engine of engines) {
      const summary = summarize(engine, engine.label.startsWith("pytorch") ? undefined : baseline);
      if (summary !== undefined) console.log(JSON.stringify(summary));
    }
  }
  return failures === 0 ? 0 : 1;
}

/** Runs one measurement in its own process; returns its JSON line, or says why it failed. */
function measure(workload: string, label: string, command: string, args: string[], env: Record<string, string>): Measurement | undefined {
  process.stderr.write(`bench: ${workload} on ${label} …\n`);
  const child = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
  const line = child.stdout.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || line === undefined) {
    const reason = (child.stderr || child.stdout || String(child.error)).trim().split("\n").pop();
    console.error(`bench: ${workload} on ${label} failed: ${reason}`);
    return undefined;
  }
  return JSON.parse(line) as Measurement;
}

/**
 * One engine's line: its last round's fields, with the median time of its rounds in place of
 * that round's, every round's time, and against `baseline` each round's ratio and their median.
 */
function summarize(engine: Engine, baseline?: Engine): Measurement | undefined {
  const measured = engine.results.filter((result): result is Measurement => result !== undefined);
  const last = measured[measured.length - 1];
  if (last === undefined) return undefined;
  const times = measured.map(timeOf).filter((time): time is number => time !== undefined);
  const summary: Measurement = { ...last, rounds: times };
  const field = last.ms_per_step !== undefined ? "ms_per_step" : "seconds";
  if (times.length > 0) summary[field] = Number(median(times).toFixed(3));
  const ratios = engine.results.flatMap((result, round) => {
    const time = result === undefined ? undefined : timeOf(result);
    const base = baseline?.results[round];
    const baseTime = base === undefined ? undefined : timeOf(base);
    return time === undefined || baseTime === undefined ? [] : [time / baseTime];
  });
  if (ratios.length > 0) {
    summary.vs_pytorch = Number(median(ratios).toFixed(2));
    summary.vs_pytorch_rounds = ratios.map((ratio) => Number(ratio.toFixed(2)));
  }
  return summary;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
