/**
 * A minimal Jupyter client: DEALER sockets on shell and control, a SUB socket on IOPub subscribed
 * to everything, and requests matched to their replies and IOPub messages by parent msg_id.
 */
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import type { ConnectionInfo } from "./connection_file";
import { createMessage, parentMsgId, parse, serialize, type JupyterMessage } from "./wire_protocol";

/** The request channels: shell for work, control for shutdown (it has its own queue). */
export type RequestChannel = "shell" | "control";

/** What a caller may pass along with a request. */
export interface RequestOptions {
  /** Called for each IOPub message the request causes, except its busy/idle status. */
  onIopub?: (message: JupyterMessage) => void;
  /** Give up on the request when any of these aborts: the promise rejects with its reason. */
  signals?: readonly AbortSignal[];
}

/** A request in flight; it completes once both its reply and IOPub's `idle` for it have arrived. */
interface PendingRequest {
  onIopub: (message: JupyterMessage) => void;
  reply: JupyterMessage | undefined;
  idle: boolean;
  resolve(reply: JupyterMessage): void;
  reject(error: unknown): void;
}

export class JupyterClient {
  private readonly session = randomUUID();
  private readonly pending = new Map<string, PendingRequest>();
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  /** zeromq allows one send at a time per socket: each channel's sends are chained here. */
  private readonly sendQueues: Record<RequestChannel, Promise<void>> = {
    shell: Promise.resolve(),
    control: Promise.resolve(),
  };
  /** Set once the client is closed: why it was, which later requests reject with. */
  private closedBecause: unknown = undefined;

  constructor(private readonly connection: ConnectionInfo) {
    const address = (port: number) => `${connection.transport}://${connection.ip}:${port}`;
    this.shell.connect(address(connection.shell_port));
    this.control.connect(address(connection.control_port));
    this.iopub.connect(address(connection.iopub_port));
    this.iopub.subscribe();
    for (const socket of [this.shell, this.control]) void this.receiveLoop(socket, (m) => this.onReply(m));
    void this.receiveLoop(this.iopub, (m) => this.onIopub(m));
  }

  /** Sends a request and resolves with its reply once the kernel has also gone idle for it. */
  request(
    channel: RequestChannel,
    msgType: string,
    content: Record<string, unknown>,
    options: RequestOptions = {},
  ): Promise<JupyterMessage> {
    if (this.closedBecause !== undefined) return Promise.reject(this.closedBecause);
    const message = createMessage(msgType, content, this.session);
    const msgId = message.header.msg_id;
    return new Promise<JupyterMessage>((resolve, reject) => {
      const signals = options.signals ?? [];
      const onAbort = (event: Event) => request.reject((event.target as AbortSignal).reason);
      const settle =
        <T>(finish: (value: T) => void) =>
        (value: T) => {
          for (const signal of signals) signal.removeEventListener("abort", onAbort);
          this.pending.delete(msgId);
          finish(value);
        };
      const request: PendingRequest = {
        onIopub: options.onIopub ?? (() => {}),
        reply: undefined,
        idle: false,
        resolve: settle(resolve),
        reject: settle(reject),
      };
      const abortedAlready = signals.find((signal) => signal.aborted);
      if (abortedAlready) return request.reject(abortedAlready.reason);
      for (const signal of signals) signal.addEventListener("abort", onAbort, { once: true });
      this.pending.set(msgId, request);
      const socket = this[channel];
      const sent = this.sendQueues[channel].then(() => socket.send(serialize(message, this.connection.key)));
      this.sendQueues[channel] = sent.catch(() => {});
      sent.catch((error: unknown) => request.reject(error));
    });
  }

  /** Closes the sockets; requests still in flight reject with `reason`. */
  close(reason: unknown = new Error("the kernel connection is closed")): void {
    if (this.closedBecause !== undefined) return;
    this.closedBecause = reason;
    for (const request of [...this.pending.values()]) request.reject(reason);
    this.shell.close();
    this.control.close();
    this.iopub.close();
  }

  /**
   * Reads a socket until it closes; unsigned or malformed messages are dropped, as Jupyter does.
   * A socket that fails closes the client, so that no request waits for a reply that cannot come.
   */
  private async receiveLoop(socket: zmq.Dealer | zmq.Subscriber, handle: (message: JupyterMessage) => void) {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = parse(frames, this.connection.key);
        } catch {
          continue;
        }
        handle(message);
      }
    } catch (error) {
      this.close(error);
    }
  }

  private onReply(message: JupyterMessage): void {
    const request = this.pendingFor(message);
    if (request === undefined) return;
    request.reply = message;
    if (request.idle) request.resolve(message);
  }

  private onIopub(message: JupyterMessage): void {
    const request = this.pendingFor(message);
    if (request === undefined) return;
    if (message.header.msg_type !== "status") return request.onIopub(message);
    if (message.content["execution_state"] !== "idle") return;
    request.idle = true;
    if (request.reply !== undefined) request.resolve(request.reply);
  }

  private pendingFor(message: JupyterMessage): PendingRequest | undefined {
    const msgId = parentMsgId(message);
    return msgId === undefined ? undefined : this.pending.get(msgId);
  }
}
