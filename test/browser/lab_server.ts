/**
 * The project's own JupyterLab (.venv, set up by scripts/lab.sh) started for a browser test: on
 * 127.0.0.1, a free port, a random token, with settings, workspaces and runtime files in a
 * temporary folder so that nothing of the user's own Jupyter set-up (kernel specs in
 * ~/.local/share/jupyter, settings, open tabs) changes what the test sees. Autosave is off and
 * checkpoints go to the temporary folder, so the notebooks' folder stays as it is.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** User settings for the test's JupyterLab, by plugin. */
const SETTINGS: Record<string, Record<string, unknown>> = {
  // no "Would you like to receive official Jupyter news?" prompt, no update check
  "@jupyterlab/apputils-extension/notification": { fetchNews: "false", checkForUpdates: false },
  // every cell in the DOM, so that every chart is drawn and can be measured; no blank space
  // after the last cell in the screenshots
  "@jupyterlab/notebook-extension/tracker": { windowingMode: "none", scrollPastEnd: false },
  // never write the executed notebooks over the committed ones
  "@jupyterlab/docmanager-extension/plugin": { autosave: false },
};

/** How long JupyterLab may take to answer its first request. */
const START_TIMEOUT_MS = 120_000;

/** Most output kept for error messages. */
const LOG_CHARS = 20_000;

export interface LabServer {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** The server's recent output, for error messages. */
  log(): string;
  /** Shuts the server (and its kernels) down and removes its temporary folder. */
  stop(): Promise<void>;
}

/** Starts `jupyter lab` from `jupyter` (a path) on the notebooks in `notebookDir`. */
export async function startJupyterLab(jupyter: string, notebookDir: string): Promise<LabServer> {
  const home = await mkdtemp(join(tmpdir(), "seqlab-jupyterlab-"));
  for (const [plugin, values] of Object.entries(SETTINGS)) {
    const file = join(home, "settings", `${plugin}.jupyterlab-settings`);
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(file, JSON.stringify(values));
  }
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const args = [
    "lab",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--IdentityProvider.token=${token}`,
    `--notebook-dir=${notebookDir}`,
    // checkpoints (made when a notebook opens) in the temporary folder, not beside the notebooks
    `--FileCheckpoints.checkpoint_dir=${join(home, "checkpoints")}`,
    // window.jupyterapp: the test runs commands through the app, as the Run menu does
    "--expose-app-in-browser",
    // containers and CI machines often run as root, which JupyterLab refuses without this flag
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  const server = spawn(jupyter, args, {
    detached: true, // its own process group, so that stopping it also stops its kernels
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_DATA_DIR: join(home, "data"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTERLAB_SETTINGS_DIR: join(home, "settings"),
      JUPYTERLAB_WORKSPACES_DIR: join(home, "workspaces"),
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-LOG_CHARS);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);
  const exited = new Promise<void>((done) => server.once("exit", () => done()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      // the server's own shutdown stops its kernels too
      await fetch(`${url}/api/shutdown`, { method: "POST", headers: { Authorization: `token ${token}` } }).catch(() => undefined);
      await Promise.race([exited, sleep(15_000)]);
    }
    if (running && server.pid !== undefined) {
      process.kill(-server.pid, "SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (running) process.kill(-server.pid, "SIGKILL");
    }
    await rm(home, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!running) {
      await stop();
      throw new Error(`JupyterLab exited before it answered:\n${output}`);
    }
    const status = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } }).catch(() => undefined);
    if (status?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`JupyterLab did not answer within ${START_TIMEOUT_MS / 1000}s:\n${output}`);
    }
    await sleep(500);
  }
  return { url, token, log: () => output, stop };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
