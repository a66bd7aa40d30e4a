/**
 * The tslab kernel as a child process, started the way Jupyter starts it from the kit's kernel
 * spec (`node tslab kernel --config-path {connection_file}`), with the notebook's folder as cwd,
 * on the runner's own Node (so `PATH=…/node-24/bin:$PATH npm run notebooks` tests Node 24).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { writeConnectionFile, type ConnectionFile } from "./connection_file";
import { JupyterClient } from "./jupyter_client";

/** The project's own tslab, so that the runner uses the version package.json pins. */
const TSLAB_SCRIPT = resolve(__dirname, "..", "..", "node_modules", "tslab", "bin", "tslab");

/** How long a kernel may take to answer its first kernel_info_request. */
const STARTUP_TIMEOUT_MS = 60_000;
/** How long one kernel_info_request waits before it is sent again (IOPub may not be connected yet). */
const HANDSHAKE_RETRY_MS = 1_000;
/** How long a kernel may take to exit after shutdown_request before it is killed. */
const SHUTDOWN_GRACE_MS = 2_000;
/** How much of the kernel process's own stdout/stderr is kept to explain why it died. */
const OUTPUT_TAIL_CHARS = 4_000;

/** Kernels still running, so that an exiting runner leaves none behind. */
const runningKernels = new Set<Kernel>();

/** Kills every kernel this process started and removes their connection files (synchronous). */
export function killAllKernels(): void {
  for (const kernel of runningKernels) kernel.kill();
}

/** Makes sure no kernel outlives this process: killed at exit, on Ctrl-C (status 130) and on SIGTERM (143). */
export function killKernelsWhenProcessEnds(): void {
  process.on("exit", killAllKernels);
  for (const [signal, status] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(signal, () => {
      killAllKernels();
      process.exit(status);
    });
  }
}

export class Kernel {
  /** Aborts, with an Error that says how, when the kernel process exits. */
  readonly died: AbortSignal;
  /** Resolves when the kernel process has exited, whatever the reason. */
  readonly exited: Promise<void>;
  private outputTail = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly connectionFile: ConnectionFile,
    readonly client: JupyterClient,
  ) {
    const died = new AbortController();
    this.died = died.signal;
    // A process that cannot be spawned emits "error" and then "close" with a negative code.
    child.on("error", (error) => {
      this.outputTail += `${error.message}\n`;
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (text: string) => {
        this.outputTail = (this.outputTail + text).slice(-OUTPUT_TAIL_CHARS);
      });
    }
    this.exited = new Promise((resolveExit) => {
      child.on("close", (code, signal) => {
        runningKernels.delete(this);
        connectionFile.remove();
        const error = new Error(this.describeExit(code, signal));
        died.abort(error);
        client.close(error);
        resolveExit();
      });
    });
    runningKernels.add(this);
  }

  /** Starts a kernel in `cwd` and waits until it answers kernel_info_request. */
  static async start(cwd: string): Promise<Kernel> {
    if (!existsSync(TSLAB_SCRIPT)) throw new Error(`tslab is not installed: ${TSLAB_SCRIPT} is missing (run npm install)`);
    const connectionFile = await writeConnectionFile("tslab");
    const child = spawn(process.execPath, [TSLAB_SCRIPT, "kernel", "--config-path", connectionFile.path], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const kernel = new Kernel(child, connectionFile, new JupyterClient(connectionFile.info));
    try {
      await kernel.waitUntilReady();
    } catch (error) {
      await kernel.shutdown();
      throw error;
    }
    return kernel;
  }

  /**
   * Interrupts the running cell. tslab has no `interrupt_request` handler and its kernel spec sets
   * no `interrupt_mode`, so Jupyter's default applies: SIGINT, which tslab turns into a rejection
   * of the awaited cell (or a break out of synchronous code).
   */
  interrupt(): void {
    this.child.kill("SIGINT");
  }

  /** Asks the kernel to shut down on the control channel; kills it if it has not exited in time. */
  async shutdown(): Promise<void> {
    if (!this.hasExited()) {
      const answer = this.client.request(
        "control",
        "shutdown_request",
        { restart: false },
        {
          signals: [AbortSignal.timeout(SHUTDOWN_GRACE_MS)],
        },
      );
      await Promise.race([answer.catch(() => {}), this.exited]);
      await Promise.race([this.exited, sleep(SHUTDOWN_GRACE_MS)]);
    }
    this.kill();
    await this.exited;
  }

  /** Ends the process at once (synchronous, safe in exit hooks). */
  kill(): void {
    if (!this.hasExited()) this.child.kill("SIGKILL");
    this.connectionFile.remove();
  }

  private hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends kernel_info_request until one is answered on shell and seen idle on IOPub. */
  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const attempt = AbortSignal.timeout(HANDSHAKE_RETRY_MS);
      try {
        await this.client.request("shell", "kernel_info_request", {}, { signals: [this.died, attempt] });
        return;
      } catch (error) {
        if (!attempt.aborted || this.died.aborted) throw error;
      }
    }
    throw new Error(`the kernel did not answer kernel_info_request within ${STARTUP_TIMEOUT_MS / 1000}s`);
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal === null ? `with code ${code}` : `on ${signal}`;
    const lastLine = this.outputTail.trim().split("\n").pop()?.trim();
    return `the kernel exited ${how}${lastLine ? `: ${lastLine}` : ""}`;
  }
}
