/**
 * The reference for bench/fan-out.ts: a bare y-websocket-style relay, as the stock y-websocket
 * server does it: one Y.Doc per room in memory, each update applied and sent to every other
 * connection, no authentication, no checks, no persistence. Run as a process of its own, like the
 * hub's CLI, and prints `listening on http://127.0.0.1:PORT` when ready. Not a benchmark itself
 * (bench/run.ts skips files starting with `_`).
 *
 *   npx tsx bench/_bare-relay.ts [--port 0]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

interface Room {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  conns: Set<WebSocket>;
}

const rooms = new Map<string, Room>();

function encode(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function room(name: string): Room {
  const r = rooms.get(name);
  if (r) return r;
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const made: Room = { doc, awareness, conns: new Set() };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    const msg = encode((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
    });
    for (const c of made.conns) if (c !== origin && c.readyState === WebSocket.OPEN) c.send(msg);
  });
  awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
    const msg = encode((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [...added!, ...updated!, ...removed!]),
      );
    });
    for (const c of made.conns) if (c.readyState === WebSocket.OPEN) c.send(msg);
  });
  rooms.set(name, made);
  return made;
}

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"ok":true}');
});
server.on('upgrade', (req, socket, head) => {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/sync\//, ''));
  wss.handleUpgrade(req, socket, head, (ws) => {
    const r = room(name);
    r.conns.add(ws);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: RawData) => {
      const bytes = new Uint8Array(data as Buffer);
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        const reply = encode((e) => {
          encoding.writeVarUint(e, 0);
          syncProtocol.readSyncMessage(decoder, e, r.doc, ws);
        });
        if (reply.length > 1) ws.send(reply);
      } else if (type === 1) {
        awarenessProtocol.applyAwarenessUpdate(r.awareness, decoding.readVarUint8Array(decoder), ws);
      }
    });
    ws.on('close', () => r.conns.delete(ws));
    ws.send(
      encode((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeSyncStep1(e, r.doc);
      }),
    );
  });
});

const portArg = process.argv.indexOf('--port');
server.listen(portArg >= 0 ? Number(process.argv[portArg + 1]) : 0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
