import * as tf from "@tensorflow/tfjs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { VEGA_LITE_MIME } from "../../lib/src/plot/mime";
import { train, type TrainConfig } from "../../lib/src/train/train_loop";

/** 20 steps with loss 1 / (step + 1) and accuracy = taken / 20, evaluated (and redrawn) every 5 steps. */
function run(overrides: Partial<TrainConfig> = {}): TrainConfig {
  let taken = 0;
  return {
    title: "Tiny run",
    steps: 20,
    step: (step) => {
      taken = step + 1;
      return tf.scalar(1 / (step + 1));
    },
    recordEvery: 5,
    evaluate: () => ({ accuracy: taken / 20 }),
    evaluateEvery: 5,
    ...overrides,
  };
}

/** A progress line of "Tiny run" at `step`, any duration. */
function progress(step: number, loss: string, accuracy: string): RegExp {
  return new RegExp(`^Tiny run: step ${step}/20, loss ${loss}, accuracy ${accuracy}, \\d+\\.\\d s`);
}

let folder: string;
let cwd: string;
let log: MockInstance<typeof console.log>;
let stderr: MockInstance<typeof process.stderr.write>;

/** What the run printed: console.log's calls and stderr's lines. */
function printed(): { stdout: string[]; stderr: string[] } {
  return {
    stdout: log.mock.calls.map((call) => String(call[0])),
    stderr: stderr.mock.calls
      .map((call) => String(call[0]))
      .join("")
      .split("\n")
      .filter((line) => line !== ""),
  };
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "seqlab-train-"));
  cwd = process.cwd();
  process.chdir(folder);
  log = vi.spyOn(console, "log").mockImplementation(() => {});
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(async () => {
  log.mockRestore();
  stderr.mockRestore();
  process.chdir(cwd);
  await rm(folder, { recursive: true, force: true });
});

describe("train outside a kernel (a script)", () => {
  it("prints progress on stderr, then the final state once on stdout, above the chart's files", async () => {
    const result = await train(run());
    expect(result.steps).toBe(20);
    const { stdout, stderr } = printed();
    // progress while it runs, the final state left to the closing line
    expect(stderr).toHaveLength(3);
    stderr.forEach((line, i) =>
      expect(line).toMatch(progress(5 * (i + 1), ["0.2000", "0.1000", "0.0667"][i], ["0.2500", "0.5000", "0.7500"][i])),
    );
    expect(stdout).toHaveLength(1);
    const [closing, files, ...more] = stdout[0].split("\n");
    expect(closing).toMatch(new RegExp(`${progress(20, "0.0500", "1.0000").source}$`));
    expect(files).toBe(`  written to ${join(folder, "charts", "tiny-run.json")}, ${join(folder, "charts", "tiny-run.png")}`);
    expect(more).toEqual([]);
    expect((await readdir(join(folder, "charts"))).sort()).toEqual(["tiny-run.json", "tiny-run.png"]);
  });

  it("closes with the verdict when it stops at the target", async () => {
    const result = await train(run({ stopAt: { metric: "accuracy", atLeast: 0.5 } }));
    expect(result).toMatchObject({ steps: 10, reachedTarget: true });
    const { stdout, stderr } = printed();
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(progress(5, "0.2000", "0.2500"));
    expect(stdout).toHaveLength(1);
    expect(stdout[0].split("\n")[0]).toMatch(new RegExp(`${progress(10, "0.1000", "0.5000").source} — reached accuracy ≥ 0.5$`));
  });
});

describe("train in a kernel (a notebook)", () => {
  /** Where tslab's display writer would be loaded from; display.ts looks for it in require.cache. */
  const jupyterModule = join(tmpdir(), "seqlab-fake", "node_modules", "tslab", "dist", "jupyter.js");
  type Write = (data: { data: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void;
  let write: ReturnType<typeof vi.fn<Write>>;

  beforeEach(() => {
    write = vi.fn<Write>();
    require.cache[jupyterModule] = { exports: { lastWriteDisplayData: write } } as unknown as NodeJS.Module;
  });
  afterEach(() => {
    delete require.cache[jupyterModule];
  });

  it("redraws one live chart in place, prints only the closing line, and writes no files", async () => {
    await train(run({ stopAt: { metric: "accuracy", atLeast: 1.5 } }));
    const { stdout, stderr } = printed();
    expect(stderr).toEqual([]);
    expect(stdout).toHaveLength(1);
    expect(stdout[0]).toMatch(new RegExp(`${progress(20, "0.0500", "1.0000").source} — did not reach accuracy ≥ 1.5$`));
    // one display: shown at step 5, updated at 10, 15 and 20
    expect(write.mock.calls.map(([, update]) => update)).toEqual([false, true, true, true]);
    expect(new Set(write.mock.calls.map(([data]) => data.transient.display_id)).size).toBe(1);
    const bundle = write.mock.calls[3][0].data;
    expect(Object.keys(bundle).sort()).toEqual(["image/png", "text/plain", VEGA_LITE_MIME].sort());
    expect(bundle["text/plain"]).toMatch(new RegExp(`${progress(20, "0.0500", "1.0000").source}$`));
    await expect(readdir(folder)).resolves.toEqual([]);
  });
});
