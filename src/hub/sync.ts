/**
 * WS /sync/<docName>?token=… : the y-websocket protocol (sync and awareness), built on
 * y-protocols so that any stock y-websocket client can join, with what the stock server lacks:
 * authentication at the upgrade, read-only roles, attribution of every update, persistence
 * before relay, and per-connection limits.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import {
  EditOrigin,
  EditRefused,
  PersistenceError,
  type Core,
  type DocAccess,
  type LiveDoc,
  type LiveDocs,
} from '../core';
import type { Caller } from '../shared/domain';
import { CLOSE_RESTORED, storageCloseReason, type StorageProblem } from '../shared/storage';
import { storageProblem } from '../core/store/storage-errors';
import { clientAddress, type FailureThrottle } from './throttle';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes: 1007 malformed message, 1009 too big (sent by ws itself), 1011 server error. */
const CLOSE_MALFORMED = 1007;
const CLOSE_SERVER_ERROR = 1011;
/** An update its sender may not make (see LiveDocs.applyRemote). */
export const CLOSE_EDIT_REFUSED = 4403;
/** The token the connection was opened with no longer stands for anyone (link revoked, member left). */
export const CLOSE_REVOKED = 4401;

/** A WebSocket close reason is at most 123 bytes. */
function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

export interface SyncOptions {
  /** Largest message accepted, in bytes; a larger one closes that connection only. */
  maxMessageBytes: number;
  pingIntervalMs: number;
  /** Invalid tokens from an address, counted with those at /api. */
  throttle: FailureThrottle;
  log: (line: string) => void;
}

interface Connection {
  ws: WebSocket;
  caller: Caller;
  /** Re-checked when the member's links or role change. */
  token: string;
  access: DocAccess;
  origin: EditOrigin;
  /** Awareness client ids this connection speaks for. */
  clients: Set<number>;
  alive: boolean;
}

class Room {
  readonly conns = new Set<Connection>();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly unsubscribe: () => void;
  private readonly onAwareness: (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => void;

  constructor(
    readonly live: LiveDoc,
    docs: LiveDocs,
    onBroken: (room: Room, error: PersistenceError) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(live.doc);
    this.awareness.setLocalState(null);
    // Relayed once the core has the update durably on disk (after its group commit).
    this.unsubscribe = docs.subscribe(live.name, {
      persisted: (update, origin) => {
        const msg = encodeMessage((e) => {
          encoding.writeVarUint(e, MESSAGE_SYNC);
          syncProtocol.writeUpdate(e, update);
        });
        const from = origin instanceof EditOrigin ? origin.via : null;
        for (const c of this.conns) if (c !== from) send(c, msg);
      },
      broken: (error) => onBroken(this, error),
    });
    this.onAwareness = ({ added, updated, removed }, origin) => {
      const changed = [...added, ...updated, ...removed];
      const from = [...this.conns].find((c) => c === origin);
      if (from) {
        for (const id of added) from.clients.add(id);
        for (const id of removed) from.clients.delete(id);
      }
      const msg = encodeMessage((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      });
      for (const c of this.conns) send(c, msg);
    };
    this.awareness.on('update', this.onAwareness);
  }

  get doc(): Y.Doc {
    return this.live.doc;
  }

  disposed = false;

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.awareness.off('update', this.onAwareness);
    this.awareness.destroy();
  }
}

function encodeMessage(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function send(c: Connection, msg: Uint8Array): void {
  if (c.ws.readyState !== WebSocket.OPEN) return;
  c.ws.send(msg, (err) => {
    if (err) c.ws.terminate();
  });
}

export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Room>();
  private readonly pinger: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeStorage: () => void;

  constructor(
    private readonly core: Core,
    private readonly opts: SyncOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
    this.pinger = setInterval(() => this.ping(), opts.pingIntervalMs);
    this.pinger.unref();
    this.unsubscribe = core.onAccessChange((memberId) => this.recheck(memberId));
    this.unsubscribeStorage = core.onStorage((event) => {
      if (event.kind === 'restoring') this.closeAll(CLOSE_RESTORED, 'restored from a backup; reload');
      if (event.kind === 'doc-failed') {
        // Also when the change came through the API (the core's own edit): every peer resyncs.
        // After the failing transaction has unwound, not inside it.
        const room = this.rooms.get(event.docName);
        if (room)
          setImmediate(() => {
            if (this.rooms.get(event.docName) === room)
              this.evict(room, new Error('a change could not be saved'), event.problem);
          });
      }
    });
  }

  /**
   * A member's links or role changed: their open connections follow at once. A revoked link is
   * closed (4401: a stock client does not retry); a new role takes effect on the same connection.
   */
  private recheck(memberId: string): void {
    for (const room of this.rooms.values()) {
      for (const c of room.conns) {
        if (c.caller.kind !== 'member' || c.caller.memberId !== memberId) continue;
        const caller = this.core.authenticate(c.token);
        const access = caller && this.core.docAccess(caller, room.live.name);
        if (!caller || !access) {
          c.access = 'read-only'; // nothing more it sends is applied, even before the close completes
          c.ws.close(CLOSE_REVOKED, 'this invitation link is no longer valid');
          continue;
        }
        c.caller = caller;
        c.access = access;
      }
    }
  }

  /** Handles an HTTP upgrade to /sync/<docName>: refuses a bad token or an unknown doc. */
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    docName: string,
    token: string | null,
  ): void {
    const refuse = (status: number, reason: string, headers = '') => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${headers}Content-Length: 0\r\n\r\n`);
    };
    const address = clientAddress(req.socket.remoteAddress);
    const wait = this.opts.throttle.retryAfter(address);
    if (wait) return refuse(429, 'Too Many Requests', `Retry-After: ${wait}\r\n`);
    let caller: Caller | null;
    let access: DocAccess | null;
    if (this.core.isRestoring) return refuse(503, 'Service Unavailable');
    try {
      caller = this.core.authenticate(token);
      if (!caller) {
        if (token) this.opts.throttle.fail(address);
        return refuse(401, 'Unauthorized');
      }
      access = this.core.docAccess(caller, docName);
      if (!access) return refuse(404, 'Not Found');
    } catch (err) {
      this.opts.log(`sync: upgrade failed: ${String(err)}`);
      return refuse(500, 'Internal Server Error');
    }
    const who = caller;
    const how = access;
    const presented = token ?? '';
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws, docName, who, presented, how));
  }

  private connect(ws: WebSocket, docName: string, caller: Caller, token: string, access: DocAccess): void {
    ws.binaryType = 'nodebuffer';
    let room: Room;
    try {
      room = this.room(docName);
    } catch (err) {
      this.opts.log(`sync: could not open ${docName}: ${String(err)}`);
      ws.close(CLOSE_SERVER_ERROR, 'could not open the document');
      return;
    }
    const conn: Connection = {
      ws,
      caller,
      token,
      access,
      origin: null as unknown as EditOrigin,
      clients: new Set(),
      alive: true,
    };
    conn.origin = new EditOrigin(caller.kind === 'member' ? caller.memberId : null, conn);
    room.conns.add(conn);

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        ws.close(CLOSE_MALFORMED, 'binary messages only');
        return;
      }
      this.receive(room, conn, toBytes(data));
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.disconnect(docName, room, conn));

    // Start the sync: our state vector (of what is on disk), then everyone's presence.
    this.core.docs.flush();
    send(
      conn,
      encodeMessage((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, room.doc);
      }),
    );
    const states = room.awareness.getStates();
    if (states.size > 0) {
      send(
        conn,
        encodeMessage((e) => {
          encoding.writeVarUint(e, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(
            e,
            awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()]),
          );
        }),
      );
    }
  }

  /**
   * Reads the y-websocket messages of one frame, in order: a stock client sends one per frame; the
   * app's own client (HubProvider) writes the update messages of one turn one after the other. A
   * malformed message closes the connection; the messages before it in the frame stand.
   */
  private receive(room: Room, conn: Connection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    do {
      if (!this.receiveOne(room, conn, decoder)) return;
    } while (decoding.hasContent(decoder) && conn.ws.readyState === WebSocket.OPEN);
  }

  /** Reads and acts on one message; false if it was refused or the room is gone. */
  private receiveOne(room: Room, conn: Connection, decoder: decoding.Decoder): boolean {
    try {
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC: {
          const syncType = decoding.readVarUint(decoder);
          if (syncType === syncProtocol.messageYjsSyncStep1) {
            // Only what is durably on disk is sent: commit the open group first.
            this.core.docs.flush();
            if (!this.rooms.has(room.live.name) || this.rooms.get(room.live.name) !== room) return false;
            const reply = encodeMessage((e) => {
              encoding.writeVarUint(e, MESSAGE_SYNC);
              syncProtocol.writeSyncStep2(e, room.doc, decoding.readVarUint8Array(decoder));
            });
            send(conn, reply);
          } else if (
            syncType === syncProtocol.messageYjsSyncStep2 ||
            syncType === syncProtocol.messageYjsUpdate
          ) {
            const update = decoding.readVarUint8Array(decoder);
            // A read-only role never changes a document: its updates are dropped. The core may
            // apply it at the end of the turn, merged with the connection's next ones; what it
            // refuses then comes back here as it would have been thrown.
            if (conn.access === 'read-write')
              this.core.docs.applyRemote(room.live, update, conn.origin, (err) => this.fail(room, conn, err));
          } else {
            throw new Error(`unknown sync message ${syncType}`);
          }
          break;
        }
        case MESSAGE_AWARENESS:
          awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), conn);
          break;
        case MESSAGE_QUERY_AWARENESS:
          send(
            conn,
            encodeMessage((e) => {
              encoding.writeVarUint(e, MESSAGE_AWARENESS);
              encoding.writeVarUint8Array(
                e,
                awarenessProtocol.encodeAwarenessUpdate(room.awareness, [
                  ...room.awareness.getStates().keys(),
                ]),
              );
            }),
          );
          break;
        default:
          throw new Error(`unknown message type ${type}`);
      }
      return true;
    } catch (err) {
      this.fail(room, conn, err);
      return false;
    }
  }

  /** What a connection sent was refused: closes it, or evicts the room if it could not be saved. */
  private fail(room: Room, conn: Connection, err: unknown): void {
    if (err instanceof PersistenceError) {
      this.evict(room, err, storageProblem(err));
      return;
    }
    if (err instanceof EditRefused) {
      // 4403: a stock y-websocket client does not reconnect on 44xx, so it does not resend the
      // refused update in a loop; the app tells the person and offers to reload.
      this.opts.log(`sync: refused an update to ${room.live.name}: ${err.message}`);
      conn.ws.close(CLOSE_EDIT_REFUSED, truncateReason(err.message));
      return;
    }
    this.opts.log(`sync: closing a connection to ${room.live.name}: ${String(err)}`);
    conn.ws.close(CLOSE_MALFORMED, 'malformed message');
  }

  /**
   * A change to this document could not be written to disk: unload it and close every connection
   * to it. Peers reconnect, resync from what is on disk, and send their unsaved changes again.
   */
  private evict(room: Room, err: Error, problem: StorageProblem | null): void {
    if (room.disposed) return; // already evicted (the core reports a failure once per listener)
    const name = room.live.name;
    this.opts.log(`sync: ${name} could not be saved, asking every peer to resync: ${err.message}`);
    if (this.rooms.get(name) === room) this.rooms.delete(name);
    // The reason says why (storage:full…) so that the app can tell the person; a stock client
    // reconnects on 1011 and sends its unsaved changes again.
    const reason = problem ? storageCloseReason(problem) : 'could not save; reconnect';
    for (const c of [...room.conns]) c.ws.close(CLOSE_SERVER_ERROR, reason);
    room.conns.clear();
    room.dispose();
    this.core.docs.evict(name);
  }

  private room(docName: string): Room {
    let room = this.rooms.get(docName);
    if (!room) {
      room = new Room(this.core.docs.acquire(docName), this.core.docs, (r, err) =>
        this.evict(r, err, storageProblem(err)),
      );
      this.rooms.set(docName, room);
    }
    return room;
  }

  private disconnect(docName: string, room: Room, conn: Connection): void {
    if (!room.conns.delete(conn)) return;
    awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.clients], null);
    if (room.conns.size === 0 && this.rooms.get(docName) === room) {
      this.rooms.delete(docName);
      room.dispose();
      this.core.docs.release(docName);
    }
  }

  private ping(): void {
    const members = new Set<string>();
    for (const room of this.rooms.values()) {
      for (const c of room.conns) if (c.caller.kind === 'member') members.add(c.caller.memberId);
    }
    // A link that expired since its connection opened: closed as a revoked one is (4401).
    for (const memberId of members) this.recheck(memberId);
    for (const room of this.rooms.values()) {
      for (const c of room.conns) {
        if (!c.alive) {
          c.ws.terminate();
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
    }
  }

  /** Closes every connection (with `code`, or at once) and releases every document. */
  private closeAll(code?: number, reason?: string): void {
    for (const [name, room] of [...this.rooms]) {
      for (const c of room.conns) {
        c.access = 'read-only'; // nothing more it sends is applied, even before the close completes
        if (code) c.ws.close(code, reason);
        else c.ws.terminate();
      }
      room.conns.clear();
      room.dispose();
      this.rooms.delete(name);
      this.core.docs.release(name);
    }
  }

  /** Closes every connection and releases every document. */
  close(): void {
    clearInterval(this.pinger);
    this.unsubscribe();
    this.unsubscribeStorage();
    this.closeAll();
    this.wss.close();
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
