/**
 * Turns the IOPub messages of one cell into nbformat outputs the way Jupyter frontends do:
 * consecutive streams of one name merge (with `\r` and `\b` applied as a terminal would),
 * `update_display_data` rewrites every earlier output of the same display_id (in any cell),
 * and `clear_output` with `wait: true` clears only when the next output arrives.
 */
import type { IDisplayData, IError, IExecuteResult, IMimeBundle, IOutput, IStream } from "@jupyterlab/nbformat";
import type { JupyterMessage } from "./wire_protocol";

/** Outputs that a later message may rewrite through their `transient.display_id`. */
type UpdatableOutput = IDisplayData | IExecuteResult;

/** Outputs by display_id, across a whole notebook (Jupyter updates displays in earlier cells too). */
export class DisplayRegistry {
  private readonly outputsById = new Map<string, UpdatableOutput[]>();

  register(displayId: string, output: UpdatableOutput): void {
    const outputs = this.outputsById.get(displayId) ?? [];
    outputs.push(output);
    this.outputsById.set(displayId, outputs);
  }

  /** Replaces data and metadata of every output shown under `displayId`. */
  update(displayId: string, data: IMimeBundle, metadata: IDisplayData["metadata"]): void {
    for (const output of this.outputsById.get(displayId) ?? []) {
      output.data = data;
      output.metadata = metadata;
    }
  }
}

/**
 * Applies carriage returns and backspaces as a terminal shows them: `\r` goes back to the start
 * of the line and the text after it overwrites what was there; `\b` erases one character.
 * A trailing `\r` is kept so that text appended later still overwrites the line.
 */
export function applyTerminalControls(text: string): string {
  let erased = text;
  for (let previous = ""; previous !== erased;) {
    previous = erased;
    // eslint-disable-next-line no-control-regex -- a backspace is exactly what this erases
    erased = erased.replace(/[^\n]\x08/g, "");
  }
  return erased
    .replace(/\r+\n/g, "\n")
    .split("\n")
    .map((line) => {
      const pendingReturn = line.endsWith("\r");
      const segments = (pendingReturn ? line.slice(0, -1) : line).split("\r");
      const shown = segments.reduce((screen, overwrite) => overwrite + screen.slice(overwrite.length));
      return pendingReturn ? shown + "\r" : shown;
    })
    .join("\n");
}

/** The display_id a message carries in its `transient` dict, if any. */
function displayIdOf(content: Record<string, unknown>): string | undefined {
  const transient = content["transient"] as { display_id?: unknown } | undefined;
  return typeof transient?.display_id === "string" ? transient.display_id : undefined;
}

/** Collects the outputs of one cell. */
export class OutputCollector {
  readonly outputs: IOutput[] = [];
  private clearOnNextOutput = false;

  constructor(private readonly displays: DisplayRegistry) {}

  /** Feeds one IOPub message whose parent is this cell's execute_request. */
  add(message: JupyterMessage): void {
    const content = message.content;
    switch (message.header.msg_type) {
      case "stream":
        return this.addStream(content["name"] === "stderr" ? "stderr" : "stdout", String(content["text"] ?? ""));
      case "display_data":
        return this.addDisplay({ output_type: "display_data", data: bundle(content), metadata: metadataOf(content) }, content);
      case "execute_result":
        return this.addDisplay(
          {
            output_type: "execute_result",
            execution_count: typeof content["execution_count"] === "number" ? content["execution_count"] : null,
            data: bundle(content),
            metadata: metadataOf(content),
          },
          content,
        );
      case "update_display_data": {
        const displayId = displayIdOf(content);
        if (displayId !== undefined) this.displays.update(displayId, bundle(content), metadataOf(content));
        return;
      }
      case "error": {
        const error: IError = {
          output_type: "error",
          ename: String(content["ename"] ?? ""),
          evalue: String(content["evalue"] ?? ""),
          traceback: Array.isArray(content["traceback"]) ? content["traceback"].map(String) : [],
        };
        return this.append(error);
      }
      case "clear_output":
        if (content["wait"] === true) this.clearOnNextOutput = true;
        else this.outputs.length = 0;
        return;
    }
  }

  private addStream(name: IStream["name"], text: string): void {
    this.clearIfWaiting();
    const last = this.outputs[this.outputs.length - 1];
    if (last?.output_type === "stream" && (last as IStream).name === name) {
      const stream = last as IStream;
      stream.text = applyTerminalControls(String(stream.text) + text);
      return;
    }
    this.append({ output_type: "stream", name, text: applyTerminalControls(text) });
  }

  private addDisplay(output: UpdatableOutput, content: Record<string, unknown>): void {
    const displayId = displayIdOf(content);
    if (displayId !== undefined) {
      this.displays.update(displayId, output.data, output.metadata);
      this.displays.register(displayId, output);
    }
    this.append(output);
  }

  private append(output: IOutput): void {
    this.clearIfWaiting();
    this.outputs.push(output);
  }

  private clearIfWaiting(): void {
    if (!this.clearOnNextOutput) return;
    this.clearOnNextOutput = false;
    this.outputs.length = 0;
  }
}

function bundle(content: Record<string, unknown>): IMimeBundle {
  return (content["data"] ?? {}) as IMimeBundle;
}

function metadataOf(content: Record<string, unknown>): IDisplayData["metadata"] {
  return (content["metadata"] ?? {}) as IDisplayData["metadata"];
}
