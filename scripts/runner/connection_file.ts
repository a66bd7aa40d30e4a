/**
 * The connection file Jupyter writes before it starts a kernel: where the five sockets listen and
 * the key that signs every message. The kernel reads it from `--config-path`.
 *
 * See https://jupyter-client.readthedocs.io/en/latest/kernels.html#connection-files
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The contents of a connection file. */
export interface ConnectionInfo {
  transport: "tcp";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/** A connection file on disk; `remove` deletes it and its private folder (synchronously, so exit hooks can call it). */
export interface ConnectionFile {
  path: string;
  info: ConnectionInfo;
  remove(): void;
}

const LOOPBACK = "127.0.0.1";

/**
 * Ports already handed to a kernel by this process. The OS may offer a port again once the probe
 * closes it, and kernels start in parallel: remembering them keeps two kernels apart.
 */
const portsHandedOut = new Set<number>();

/** Asks the OS for a free TCP port on the loopback interface. */
function probeFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports that no other kernel of this process has been given. */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await probeFreePort();
    if (port === 0 || portsHandedOut.has(port)) continue;
    portsHandedOut.add(port);
    ports.push(port);
  }
  return ports;
}

/** Picks five free ports and a random key, and writes them to a private temporary file. */
export async function writeConnectionFile(kernelName: string): Promise<ConnectionFile> {
  const [shell, iopub, stdin, control, hb] = (await freePorts(5)) as [number, number, number, number, number];
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: LOOPBACK,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: kernelName,
  };
  const folder = await mkdtemp(join(tmpdir(), "run-notebooks-"));
  const path = join(folder, "kernel.json");
  await writeFile(path, JSON.stringify(info, null, 1) + "\n", { mode: 0o600 });
  return { path, info, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
