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
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** y-websocket's message type for sync messages (the first varUint of every message). */
const MESSAGE_SYNC = 0;
/** At most this much in one frame: far below the hub's limit on a message (8 MiB by default). */
export const FRAME_BYTES = 256 * 1024;

/** The y-websocket message a stock provider sends for one local update. */
function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export class HubProvider extends WebsocketProvider {
  /** Update messages made in this turn, not sent yet, and their size. */
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
      const message = updateMessage(update);
      if (this.waitingBytes + message.byteLength > FRAME_BYTES) this.sendWaiting();
      if (this.waiting.push(message) === 1) queueMicrotask(() => this.sendWaiting());
      this.waitingBytes += message.byteLength;
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

  /** Sends the update messages made since the last frame, in one frame (nothing if there are none). */
  sendWaiting(): void {
    const messages = this.waiting;
    if (messages.length === 0) return;
    this.waiting = [];
    const frame = messages.length === 1 ? messages[0]! : new Uint8Array(this.waitingBytes);
    if (messages.length > 1) {
      let at = 0;
      for (const m of messages) {
        frame.set(m, at);
        at += m.byteLength;
      }
    }
    this.waitingBytes = 0;
    // As y-websocket's own broadcast: to the hub if connected (otherwise the next sync sends it).
    const ws = this.ws;
    if (this.wsconnected && ws && ws.readyState === ws.OPEN) {
      ws.send(frame);
      this.sent.frames++;
      this.sent.updates += messages.length;
    }
    // Other windows of this browser read one message per BroadcastChannel message.
    if (this.bcconnected) for (const m of messages) bc.publish(this.bcChannel, m, this);
  }

  override disconnect(): void {
    this.sendWaiting();
    super.disconnect();
  }
}
