/**
 * seqlab outside this repository, the way lib/README.md tells a user to take it: `npm pack` of
 * lib, a fresh project in the system's temporary folder (`npm init -y`, then the tarball,
 * @tensorflow/tfjs, tsx and typescript from the npm registry), notebook 04 exported whole with
 * `npm run export`, and its training cell exported with the cells it needs (`--cell N`) and the
 * notebook's checks that those cells can make. Both run with `npx tsx` on whatever backend the
 * fresh project has, and must print the committed notebook's check claims (the measured numbers
 * may differ by backend); both type-check strictly against the packed declarations.
 *
 * Needs the npm registry and a minute or two: `npm run test:standalone`.
 */
import type { INotebookContent } from "@jupyterlab/nbformat";
import { spawn } from "node:child_process";
import { appendFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNotebook } from "../../scripts/runner/notebook_io";
import { cellNumberWith, checksFor, committedClaims, printedClaims } from "./notebook_checks";

const ROOT = resolve(__dirname, "..", "..");
const NOTEBOOK = join(ROOT, "notebooks", "04-gru.ipynb");

/** What a command printed (stdout and stderr together), how it ended and how long it took. */
interface Finished {
  status: number | null;
  output: string;
  seconds: number;
}

/**
 * Environment for commands in the fresh project: this checkout's npm settings and kit settings
 * left out (npm run exports the workspace's prefix as npm_config_local_prefix, which would make
 * `npm install` there install here), the registry and cache settings kept.
 */
function projectEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_local_prefix$|^INIT_CWD$|^SEQLAB_|^NODE_PATH$|^NODE_OPTIONS$/i.test(key)) delete env[key];
  }
  return env;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", fail);
    child.on("close", (status) => done({ status, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Runs a command that must succeed; its output is the failure message otherwise. */
async function mustRun(what: string, command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Finished> {
  const finished = await run(command, args, cwd, env);
  if (finished.status !== 0) throw new Error(`${what} failed (exit ${finished.status}):\n${finished.output.slice(-4000)}`);
  console.log(`${what}: ${finished.seconds.toFixed(1)} s`);
  return finished;
}

/** The version the repository pins for a dev tool, so the fresh project runs the same tsx and tsc. */
async function rootVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const version = manifest.devDependencies[name];
  if (version === undefined) throw new Error(`package.json pins no ${name}`);
  return version;
}

let folder: string;
let project: string;
let notebook: INotebookContent;
let packedFiles: string[];
/** The runs of the exported notebook and of the copied cell, in parallel. */
let whole: Finished;
let copied: Finished;
let copiedClaims: string[];

beforeAll(async () => {
  const started = performance.now();
  notebook = await readNotebook(NOTEBOOK);
  folder = await mkdtemp(join(tmpdir(), "seqlab-standalone-"));
  project = join(folder, "my-project");
  await mkdir(project);
  const env = projectEnvironment();

  const pack = await mustRun("npm pack -w lib", "npm", ["pack", "-w", "lib", "--json", "--pack-destination", folder], ROOT);
  const [packed] = JSON.parse(pack.output.slice(pack.output.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed.files.map((file) => file.path);
  const tarball = join(folder, packed.filename);

  await mustRun("npm init -y", "npm", ["init", "-y"], project, env);
  const tools = [`tsx@${await rootVersion("tsx")}`, `typescript@${await rootVersion("typescript")}`];
  await mustRun(
    "npm install seqlab @tensorflow/tfjs tsx typescript",
    "npm",
    ["install", "--no-audit", "--no-fund", tarball, "@tensorflow/tfjs", ...tools],
    project,
    env,
  );

  // the whole notebook, and its training cell with the cells it needs and the checks they allow
  await mustRun("npm run export", "npm", ["run", "-s", "export", "--", NOTEBOOK, "-o", join(project, "04-gru.mts")], ROOT);
  const training = cellNumberWith(notebook, "await train(");
  const trainFile = join(project, "train.mts");
  await mustRun(
    `npm run export -- --cell ${training}`,
    "npm",
    ["run", "-s", "export", "--", NOTEBOOK, "--cell", String(training), "-o", trainFile],
    ROOT,
  );
  const checks = checksFor(notebook, await readFile(trainFile, "utf8"));
  await appendFile(trainFile, `\n// The notebook's checks that these cells can make\n${checks.code}\n`);
  copiedClaims = checks.claims;

  [whole, copied] = await Promise.all([run("npx", ["tsx", "04-gru.mts"], project, env), run("npx", ["tsx", "train.mts"], project, env)]);
  console.log(`npx tsx 04-gru.mts: ${whole.seconds.toFixed(1)} s; npx tsx train.mts: ${copied.seconds.toFixed(1)} s (in parallel)`);
  console.log(`${whole.output.split("\n", 1)[0]}`);
  console.log(`standalone set-up and runs: ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
});
afterAll(async () => {
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe("seqlab in a project of its own", () => {
  it("packs its build, declarations, README and manifest", () => {
    for (const file of ["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/cells/gru.d.ts"]) {
      expect(packedFiles).toContain(file);
    }
  });

  it("picks a backend in the fresh project and says which", () => {
    expect(whole.output.split("\n", 1)[0]).toMatch(/^seqlab backend: (tensorflow|wasm|cpu) \(.+\)$/);
  });

  it("runs the exported notebook 04 and prints every claim the committed notebook checked", () => {
    const expected = committedClaims(notebook);
    expect(expected.length).toBeGreaterThan(10);
    const printed = printedClaims(whole.output);
    expect(printed.failed, whole.output.slice(-3000)).toEqual([]);
    expect(whole.status, whole.output.slice(-3000)).toBe(0);
    expect(printed.passed).toEqual(expected);
  });

  it("runs the copied training cell, with the cells it needs, and prints the notebook's claims it can check", () => {
    expect(copiedClaims.length).toBeGreaterThanOrEqual(3);
    expect(committedClaims(notebook)).toEqual(expect.arrayContaining(copiedClaims));
    const printed = printedClaims(copied.output);
    expect(printed.failed, copied.output.slice(-3000)).toEqual([]);
    expect(copied.status, copied.output.slice(-3000)).toBe(0);
    expect(printed.passed).toEqual(copiedClaims);
  });

  it("type-checks both files strictly against the packed declarations", async () => {
    const tsc = ["tsc", "--noEmit", "--strict", "--module", "nodenext", "--target", "es2022", "--lib", "es2022,dom", "--skipLibCheck"];
    const checked = await run("npx", [...tsc, "04-gru.mts", "train.mts"], project, projectEnvironment());
    expect(checked.output).toBe("");
    expect(checked.status).toBe(0);
  });
});
