/**
 * The app's own client of the hub: a stock y-websocket provider that sends the Yjs updates made in
 * one turn of the event loop as one message.
 *
 * A stock provider sends a WebSocket message per Yjs update. Typing makes one update per
 * keystroke, each in its own turn, and then nothing changes: the update leaves as soon as the
 * turn's synchronous work is done (a microtask). But when many transactions happen in one turn (a
 * paste split into steps, the agenda's sections brought in step, a version restored, an editing
 * trace replayed), the stock provider pays for a message per update at every step of the path:
 * encoding and sending here, the hub reading, checking and relaying each, every other client
 * applying each. This one merges them first (`mergeAll`) and sends one update.
 *
 * The wire protocol is unchanged (a y-websocket sync `update` message): the hub and stock clients
 * need nothing new. Before an awareness change (a caret, a selection) is sent, the waiting updates
 * go first, so a caret never leaves before the text it points into. Disconnecting (destroying
 * disconnects) sends what is waiting first, as the stock provider would have sent it already.
 */
import * as bc from 'lib0/broadcastchannel';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { mergeAll } from './updates';

/** y-websocket's message type for sync messages (the first varUint of every message). */
const MESSAGE_SYNC = 0;

export class HubProvider extends WebsocketProvider {
  /** Local updates made in this turn, not sent yet. */
  private waiting: Uint8Array[] = [];
  /** Messages sent for local updates, and the updates they carried (for the benchmarks). */
  readonly sent = { messages: 0, updates: 0 };

  constructor(...args: ConstructorParameters<typeof WebsocketProvider>) {
    super(...args);
    const doc: Y.Doc = this.doc;
    doc.off('update', this._updateHandler);
    this._updateHandler = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      if (this.waiting.push(update) === 1) queueMicrotask(() => this.sendWaiting());
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

  /** Sends the updates made since the last message, merged into one (nothing if there are none). */
  sendWaiting(): void {
    const updates = this.waiting;
    if (updates.length === 0) return;
    this.waiting = [];
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, mergeAll(updates));
    const message = encoding.toUint8Array(encoder);
    // As y-websocket's own broadcast: to the hub if connected (otherwise the next sync sends it),
    // and to the other windows of this browser if the BroadcastChannel is on.
    const ws = this.ws;
    if (this.wsconnected && ws && ws.readyState === ws.OPEN) {
      ws.send(message);
      this.sent.messages++;
      this.sent.updates += updates.length;
    }
    if (this.bcconnected) bc.publish(this.bcChannel, message, this);
  }

  override disconnect(): void {
    this.sendWaiting();
    super.disconnect();
  }
}
