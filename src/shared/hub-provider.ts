/**
 * The app's own client of the hub: a stock y-websocket provider that sends the Yjs updates made in
 * one turn of the event loop in one WebSocket frame.
 *
 * A stock provider sends a frame per Yjs update. Typing makes one update per keystroke, each in its
 * own turn, and then nothing changes: the update leaves as soon as the turn's synchronous work is
 * done (a microtask). But when many transactions happen in one turn (the agenda's sections brought
 * in step, a version restored, an editing trace replayed), a frame per update costs at every step:
 * a send here, a frame for the hub to read and queue. This provider writes the turn's update
 * messages one after the other into one frame, as the hub contract allows (the hub reads every
 * message of a frame, in order); the hub then applies and relays them as one, as it does for any
 * connection's run of updates. Nothing is merged here, so sending costs next to nothing.
 *
 * Each message is the y-websocket sync `update` message a stock provider sends; only their
 * grouping into frames differs, and a frame never holds more than FRAME_BYTES of them (one larger
 * update goes alone, as a stock provider would send it). Before an awareness change (a caret, a
 * selection) is sent, the waiting updates go first, so a caret never leaves before the text it
 * points into. Disconnecting (destroying disconnects) sends what is waiting first, as the stock
 * provider would have sent it already.
 */
import * as bc from 'lib0/broadcastchannel';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

/** y-websocket's message type for sync messages (the first varUint of every message). */
const MESSAGE_SYNC = 0;
/** At most this much in one frame: far below the hub's limit on a message (8 MiB by default). */
export const FRAME_BYTES = 256 * 1024;

/** y-protocols' sync message type for an update. */
const SYNC_UPDATE = 2;

/** Bytes of `n` written as a lib0 varUint. */
function varUintBytes(n: number): number {
  let bytes = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 0x80);
    bytes++;
  }
  return bytes;
}

/** The bytes of the y-websocket message a stock provider sends for a local update of `n` bytes. */
const messageBytes = (n: number): number => 2 + varUintBytes(n) + n;

/**
 * The y-websocket messages a stock provider would send for `updates` (each `[sync][update][length]
 * bytes`, as y-protocols' writeUpdate writes it, the length a lib0 varUint), one after the other
 * in one buffer of `bytes` (their messageBytes added up): each update is copied once.
 */
function updateMessages(updates: readonly Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const u of updates) {
    out[at++] = MESSAGE_SYNC;
    out[at++] = SYNC_UPDATE;
    let n = u.byteLength;
    while (n > 0x7f) {
      out[at++] = 0x80 | (n & 0x7f);
      n = Math.floor(n / 0x80);
    }
    out[at++] = n;
    out.set(u, at);
    at += u.byteLength;
  }
  return out;
}

export class HubProvider extends WebsocketProvider {
  /** Local updates made in this turn, not sent yet, and the size of their messages. */
  private waiting: Uint8Array[] = [];
  private waitingBytes = 0;
  /** Frames sent for local updates, and the updates they carried (for the benchmarks). */
  readonly sent = { frames: 0, updates: 0 };

  constructor(...args: ConstructorParameters<typeof WebsocketProvider>) {
    super(...args);
    const doc: Y.Doc = this.doc;
    doc.off('update', this._updateHandler);
    this._updateHandler = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const bytes = messageBytes(update.byteLength);
      if (this.waitingBytes + bytes > FRAME_BYTES) this.sendWaiting();
      if (this.waiting.push(update) === 1) queueMicrotask(() => this.sendWaiting());
      this.waitingBytes += bytes;
    };
    doc.on('update', this._updateHandler);

    this.awareness.off('update', this._awarenessUpdateHandler);
    const sendAwareness = this._awarenessUpdateHandler;
    this._awarenessUpdateHandler = (changed: unknown, origin: unknown) => {
      this.sendWaiting();
      sendAwareness(changed, origin);
    };
    this.awareness.on('update', this._awarenessUpdateHandler);
  }

  /** Sends the updates made since the last frame, in one frame (nothing if there are none). */
  sendWaiting(): void {
    const updates = this.waiting;
    if (updates.length === 0) return;
    const frame = updateMessages(updates, this.waitingBytes);
    this.waiting = [];
    this.waitingBytes = 0;
    // As y-websocket's own broadcast: to the hub if connected (otherwise the next sync sends it).
    const ws = this.ws;
    if (this.wsconnected && ws && ws.readyState === ws.OPEN) {
      ws.send(frame);
      this.sent.frames++;
      this.sent.updates += updates.length;
    }
    // Other windows of this browser read one message per BroadcastChannel message.
    if (this.bcconnected)
      for (const u of updates)
        bc.publish(this.bcChannel, updateMessages([u], messageBytes(u.byteLength)), this);
  }

  override disconnect(): void {
    this.sendWaiting();
    super.disconnect();
  }
}
