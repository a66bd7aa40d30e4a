import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..");

/** Runs selectBackend() in a fresh process (the choice is made once per process). */
function chooseIn(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const script =
    'require("seqlab").selectBackend().then((c) => console.log(JSON.stringify(c)), (e) => { console.error(e.message); process.exit(1); })';
  const child = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Whether `name` loads in a fresh process here (tfjs-node does only once set up). */
function loads(name: string): boolean {
  return (
    spawnSync(process.execPath, ["-e", `require(${JSON.stringify(name)})`], {
      cwd: ROOT,
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" },
    }).status === 0
  );
}

describe("selectBackend", () => {
  it("uses the backend SEQLAB_BACKEND names and says so in one line", () => {
    const { status, stdout } = chooseIn({ SEQLAB_BACKEND: "cpu" });
    expect(status).toBe(0);
    expect(stdout).toContain("seqlab backend: cpu (set by SEQLAB_BACKEND)");
  });

  it("refuses an unknown SEQLAB_BACKEND with the names it knows", () => {
    const { status, stderr } = chooseIn({ SEQLAB_BACKEND: "gpu" });
    expect(status).toBe(1);
    expect(stderr).toContain("SEQLAB_BACKEND=gpu is not one of tensorflow, wasm, cpu");
  });

  it("falls back to wasm when tfjs-node cannot load, naming the reason", () => {
    // A resolver hook that hides tfjs-node, as on a machine where it never installed. (Hooking
    // resolution, not Module._load, keeps the hook off the stack of other requires: from Node 22
    // on, a require("punycode") with a frame outside node_modules on its stack prints DEP0040.)
    const hide =
      'const M = require("module"); const resolve = M._resolveFilename; M._resolveFilename = function (r, ...a) { if (r === "@tensorflow/tfjs-node") throw new Error("Cannot find module \'@tensorflow/tfjs-node\'"); return resolve.call(this, r, ...a); };';
    const out = execFileSync(process.execPath, ["-e", `${hide} require("seqlab").selectBackend()`], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SEQLAB_BACKEND: "" },
    });
    expect(out).toMatch(/^seqlab backend: wasm \(tensorflow unavailable: Cannot find module '@tensorflow\/tfjs-node'\)/);
  });

  it.runIf(loads("@tensorflow/tfjs-node"))("skips a backend that loads but fails its proof, saying why", () => {
    // util.isNullOrUndefined gone for good, so seqlab cannot supply it: Node 24 without seqlab's fix.
    const breakOps = 'Object.defineProperty(require("util"), "isNullOrUndefined", { get() {}, set() {} });';
    const out = execFileSync(process.execPath, ["-e", `${breakOps} require("seqlab").selectBackend()`], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SEQLAB_BACKEND: "" },
    });
    expect(out).toMatch(/^seqlab backend: wasm \(tensorflow unavailable: .*isNullOrUndefined.* is not a function\)/);
  });

  // CI installs the native backend (npm run setup:native -- --strict); the kit's speed rests on it.
  it.runIf(process.env["CI"])("picks the native tensorflow backend in CI", () => {
    const { status, stdout } = chooseIn({ SEQLAB_BACKEND: "" });
    expect(status).toBe(0);
    expect(JSON.parse(stdout.split("\n")[1] ?? "{}")).toEqual({ name: "tensorflow", reason: "fastest available" });
  });
});
