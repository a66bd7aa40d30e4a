/**
 * Progress on stderr while notebooks run: on a terminal one live line naming every running
 * notebook, its cell and its elapsed time; elsewhere (CI logs) one line per cell start.
 */
import type { CellProgress } from "./execute";

/** Where text goes: process.stdout / process.stderr, or a capture of them in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width, when the sink is a terminal. */
  columns?: number;
}

/** How often the live line is redrawn, so that elapsed times keep moving. */
const REDRAW_MS = 1_000;

interface Running {
  startedAt: number;
  progress: CellProgress | undefined;
}

export class ProgressReporter {
  private readonly running = new Map<string, Running>();
  private readonly live: boolean;
  private redrawTimer: NodeJS.Timeout | undefined;

  constructor(private readonly stderr: TextSink) {
    this.live = stderr.isTTY === true;
  }

  notebookStarted(name: string): void {
    this.running.set(name, { startedAt: performance.now(), progress: undefined });
    if (this.live && this.redrawTimer === undefined) {
      this.redrawTimer = setInterval(() => this.redraw(), REDRAW_MS);
      this.redrawTimer.unref();
    }
    this.redraw();
  }

  cellStarted(name: string, progress: CellProgress): void {
    const running = this.running.get(name);
    if (running === undefined) return;
    running.progress = progress;
    if (this.live) this.redraw();
    else this.stderr.write(`${this.describe(name, running)}\n`);
  }

  notebookFinished(name: string): void {
    this.running.delete(name);
    if (this.running.size === 0 && this.redrawTimer !== undefined) {
      clearInterval(this.redrawTimer);
      this.redrawTimer = undefined;
    }
    this.redraw();
  }

  /** Writes a finished notebook's line (to stdout, say) without garbling the live line. */
  printAbove(sink: TextSink, line: string): void {
    this.clearLine();
    sink.write(`${line}\n`);
    this.redraw();
  }

  private redraw(): void {
    if (!this.live) return;
    this.clearLine();
    const line = [...this.running].map(([name, running]) => this.describe(name, running)).join(" | ");
    // A line longer than the terminal would wrap, and "\r" would then redraw only its last row.
    const width = (this.stderr.columns ?? 80) - 1;
    this.stderr.write(line.length > width ? line.slice(0, width - 1) + "…" : line);
  }

  private clearLine(): void {
    if (this.live) this.stderr.write("\r\x1b[K");
  }

  private describe(name: string, { startedAt, progress }: Running): string {
    const elapsed = ((performance.now() - startedAt) / 1000).toFixed(1);
    const cell = progress ? `cell ${progress.runningCell}/${progress.cellsToRun}` : "starting kernel";
    return `${name}: ${cell}, ${elapsed}s`;
  }
}
