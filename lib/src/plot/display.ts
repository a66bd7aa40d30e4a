import * as fs from "node:fs";
import * as path from "node:path";
import { PLOTLY_MIME } from "./mime";
import { plotlyPage } from "./plotly_page";

/**
 * One output as Jupyter sends it: several representations of the same thing, keyed by MIME type.
 * Each frontend shows the richest one it can: JupyterLab and VS Code the interactive chart, GitHub
 * the PNG, a terminal the text.
 */
export type MimeBundle = Record<string, unknown>;

/** The function tslab's kernel installs while a cell runs (tslab/dist/jupyter). */
type WriteDisplayData = (
  data: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

/**
 * A place on the page that shows one bundle and can be redrawn: the first `show` adds an
 * output (`display_data`), later ones replace it in place (`update_display_data`), so a live
 * training chart stays one chart. Outside a Jupyter kernel (a copied cell run with tsx), each
 * `show` writes the bundle to files under `charts/` instead and prints their paths.
 */
export class DisplayHandle {
  private shown = false;
  private readonly displayId = `seqlab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  /** @param name What is shown, in a few words; outside a kernel it names the files (`charts/NAME.png`, …). */
  constructor(private readonly name: string) {}

  /** Shows `bundle` here: the first time as a new output, later in place of what was shown before. */
  show(bundle: MimeBundle): void {
    const write = kernelDisplayWriter();
    if (write === undefined) {
      writeBundleFiles(this.name, bundle);
      return;
    }
    write({ data: bundle, metadata: {}, transient: { display_id: this.displayId } }, this.shown);
    this.shown = true;
  }
}

/** Whether this code runs inside a tslab kernel (a notebook), rather than as a plain script. */
export function inKernel(): boolean {
  return kernelDisplayWriter() !== undefined;
}

/** Shows a bundle once, as a new output. */
export function showBundle(name: string, bundle: MimeBundle): void {
  new DisplayHandle(name).show(bundle);
}

/**
 * tslab's display writer, when this code runs inside a tslab kernel. It is found among the
 * modules already loaded rather than by `require("tslab")`, so it is the kernel's own instance
 * even when seqlab and tslab were installed in different folders.
 */
function kernelDisplayWriter(): WriteDisplayData | undefined {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const write = (loaded?.exports as { lastWriteDisplayData?: WriteDisplayData | null } | undefined)?.lastWriteDisplayData;
    if (typeof write === "function") return write;
  }
  return undefined;
}

/**
 * Outside a kernel: the chart lands in ./charts, named after it (a PNG, a JSON spec, and for
 * plotly a self-contained HTML page), and its summary and paths are printed. A bundle with
 * nothing to write as a file (a table) is printed as its text.
 */
function writeBundleFiles(name: string, bundle: MimeBundle): void {
  const stem = path.join(path.resolve("charts"), slug(name));
  const files: [file: string, content: string | Buffer][] = [];
  for (const [mime, value] of Object.entries(bundle)) {
    if (mime === "image/png" && typeof value === "string") files.push([`${stem}.png`, Buffer.from(value, "base64")]);
    else if (mime === PLOTLY_MIME) files.push([`${stem}.html`, plotlyPage(name, value)]);
    else if (mime.endsWith("+json")) files.push([`${stem}.json`, JSON.stringify(value, null, 1)]);
  }
  if (files.length > 0) fs.mkdirSync(path.dirname(stem), { recursive: true });
  for (const [file, content] of files) fs.writeFileSync(file, content);
  const summary = bundle["text/plain"];
  const text = typeof summary === "string" ? summary : name;
  console.log(files.length > 0 ? `${text}\n  written to ${files.map(([file]) => file).join(", ")}` : text);
}

function slug(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60);
  return words.replace(/^-+|-+$/g, "") || "chart";
}
