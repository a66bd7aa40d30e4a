import * as tf from "@tensorflow/tfjs";
import type { TopLevelSpec } from "vega-lite";
import { DisplayHandle, inKernel } from "../plot/display";
import { lineChartSpec, type Point } from "../plot/line_chart";
import { vegaLiteBundle, type VegaLitePanel } from "../plot/vega_lite";

/** Everything that defines a training run. */
export interface TrainConfig {
  /** Names the run in its chart and its closing line. Required. */
  title: string;
  /** The most optimizer steps to take. Required. */
  steps: number;
  /** Takes optimizer step `step` (0-based) and returns its loss, which the loop reads and frees. Required. */
  step: (step: number) => tf.Scalar;
  /** Steps between loss readings; each reading waits for the backend, so not every step. Default 10. */
  recordEvery?: number;
  /** Held-out metrics such as `{ accuracy: 0.97 }`, measured every `evaluateEvery` steps. Default: none. */
  evaluate?: () => Record<string, number> | Promise<Record<string, number>>;
  /** Steps between evaluations. Default 100. */
  evaluateEvery?: number;
  /** Stops as soon as an evaluation reaches `atLeast` on `metric`. Default: run all steps. */
  stopAt?: {
    /** The name of a metric `evaluate` returns. */
    metric: string;
    /** The value of that metric at which training stops. */
    atLeast: number;
  };
  /** A logarithmic loss axis. Default true. */
  logLoss?: boolean;
}

/** What a training run measured. */
export interface TrainResult {
  /** Loss readings, x = step. */
  loss: Point[];
  /** Each metric's evaluations, x = step. */
  metrics: Record<string, Point[]>;
  /** Optimizer steps taken. */
  steps: number;
  /** Whether `stopAt` was reached (false when there was none). */
  reachedTarget: boolean;
  /** Wall-clock seconds, evaluation and charts included. */
  seconds: number;
}

/** Most chart redraws per run: each renders a PNG. */
const MAX_REDRAWS = 25;

/**
 * The kit's training loop: runs `step` up to `steps` times, records the loss, evaluates, stops at
 * a target metric, and shows progress while it runs — in a notebook one live chart redrawn in
 * place (loss, and metrics when there are any), in a script a progress line on stderr. Prints the
 * final state once, as one closing line on stdout; in a script the chart is written to files under
 * `charts/` at the end and their paths follow the closing line. Introduced in 02-rnn.
 */
export async function train(config: TrainConfig): Promise<TrainResult> {
  const recordEvery = config.recordEvery ?? 10;
  const evaluateEvery = config.evaluateEvery ?? 100;
  const redrawEvery = config.evaluate !== undefined ? evaluateEvery : Math.max(recordEvery, Math.ceil(config.steps / MAX_REDRAWS));
  const live = inKernel();
  const display = new DisplayHandle(config.title);
  const result: TrainResult = { loss: [], metrics: {}, steps: 0, reachedTarget: false, seconds: 0 };
  const start = performance.now();

  for (let step = 0; step < config.steps; step++) {
    const loss = config.step(step);
    const taken = step + 1;
    const last = taken === config.steps;
    if (taken % recordEvery === 0 || step === 0 || last) result.loss.push({ x: taken, y: (await loss.data())[0] });
    loss.dispose();
    result.steps = taken;

    if (config.evaluate !== undefined && (taken % evaluateEvery === 0 || last)) {
      for (const [name, value] of Object.entries(await config.evaluate())) {
        (result.metrics[name] ??= []).push({ x: taken, y: value });
      }
      const target = config.stopAt;
      const reached = target === undefined ? undefined : lastValue(result.metrics[target.metric]);
      if (target !== undefined && reached !== undefined && reached >= target.atLeast) result.reachedTarget = true;
    }
    const final = last || result.reachedTarget;
    if (taken % redrawEvery === 0 || final) {
      result.seconds = (performance.now() - start) / 1000;
      if (live) display.show(await chartBundle(config, result, progressLine(config, result)));
      // in a script the final state is left to the closing line
      else if (!final) process.stderr.write(`${progressLine(config, result)}\n`);
    }
    if (result.reachedTarget) break;
  }
  result.seconds = (performance.now() - start) / 1000;
  const closing = closingLine(config, result);
  // in a notebook the live chart already shows the end; in a script the chart's files are written
  // now, with the closing line as their summary, printed once above their paths
  if (live) console.log(closing);
  else display.show(await chartBundle(config, result, closing));
  return result;
}

/** The loss chart, and the metrics chart beside it when there are metrics; `summary` is its text. */
function chartBundle(config: TrainConfig, result: TrainResult, summary: string) {
  const lossChart = lineChartSpec({
    title: `${config.title}: training loss`,
    series: { loss: result.loss },
    xTitle: "step",
    yTitle: "loss",
    logY: config.logLoss ?? true,
    height: 160,
  });
  const metricNames = Object.keys(result.metrics);
  const spec: TopLevelSpec =
    metricNames.length === 0
      ? lossChart
      : {
          // two single charts side by side (each is also valid alone, hence the cast)
          hconcat: [
            lossChart,
            lineChartSpec({
              title: "held-out metrics",
              series: result.metrics,
              xTitle: "step",
              yTitle: metricNames.join(", "),
              height: 160,
              width: 300,
            }),
          ] as VegaLitePanel[],
          resolve: { scale: { color: "independent" } },
        };
  return vegaLiteBundle(spec, summary);
}

function progressLine(config: TrainConfig, result: TrainResult): string {
  const metrics = Object.entries(result.metrics).map(([name, points]) => `${name} ${format(lastValue(points))}`);
  return [
    `${config.title}: step ${result.steps}/${config.steps}`,
    `loss ${format(lastValue(result.loss))}`,
    ...metrics,
    `${result.seconds.toFixed(1)} s`,
  ].join(", ");
}

function closingLine(config: TrainConfig, result: TrainResult): string {
  const target = config.stopAt;
  const verdict =
    target === undefined
      ? ""
      : result.reachedTarget
        ? ` — reached ${target.metric} ≥ ${target.atLeast}`
        : ` — did not reach ${target.metric} ≥ ${target.atLeast}`;
  return `${progressLine(config, result)}${verdict}`;
}

function lastValue(points: readonly Point[] | undefined): number | undefined {
  return points?.[points.length - 1]?.y;
}

function format(value: number | undefined): string {
  if (value === undefined) return "–";
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(3);
}
