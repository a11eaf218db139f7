/**
 * The hub: an HTTP and WebSocket server over the core. It serves the built renderer, the API
 * (POST /api/<method>) and the documents (WS /sync/<docName>). The contract is in the README.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Core } from '../core';
import { LATEST_VERSION } from '../core/store/migrations';
import { handleApi, sendJson } from './http';
import { SyncServer } from './sync';
import { FailureThrottle, type ThrottleOptions } from './throttle';

export interface HubOptions {
  core: Core;
  /** Default 127.0.0.1: reachable from this machine only unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the built renderer (index.html); `GET /` serves it. */
  rendererDir?: string;
  maxMessageBytes?: number;
  pingIntervalMs?: number;
  /** How repeated invalid tokens from one address are slowed down (see throttle.ts). */
  throttle?: ThrottleOptions;
  log?: (line: string) => void;
}

export interface Hub {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * Where others can reach a hub listening on `host:port`: its LAN addresses when it listens on
 * every interface, else the address it listens on.
 */
export function inviteBaseUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::')
    return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const urls: string[] = [];
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (!a.internal && a.family === 'IPv4') urls.push(`http://${a.address}:${port}`);
    }
  }
  urls.push(`http://127.0.0.1:${port}`);
  return urls;
}

export async function startHub(opts: HubOptions): Promise<Hub> {
  const { core } = opts;
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((line: string) => console.log(line));
  const throttle = new FailureThrottle(opts.throttle);
  const sync = new SyncServer(core, {
    maxMessageBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    pingIntervalMs: opts.pingIntervalMs ?? 30_000,
    throttle,
    log,
  });
  const rendererDir = opts.rendererDir;
  const hasRenderer = !!rendererDir && existsSync(join(rendererDir, 'index.html'));
  const statics = hasRenderer ? sirv(rendererDir, { etag: true, dev: false, single: true }) : null;

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { ok: true, app: 'coconstruct', schema: LATEST_VERSION });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const raw = url.pathname.slice('/api/'.length);
      let method: string;
      try {
        method = decodeURIComponent(raw);
      } catch {
        method = raw; // not valid percent-encoding: no such method (404), not a crash
      }
      void handleApi(core, req, res, method, throttle);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'invalid_input', message: 'Method not allowed.' } });
      return;
    }
    if (!statics) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Coconstruct is not built yet: run `npm run build`, then start the hub again.\n');
      return;
    }
    statics(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (!url.pathname.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice('/sync/'.length));
    } catch {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sync.handleUpgrade(req, socket, head, docName, url.searchParams.get('token'));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  core.setInviteBaseUrls(inviteBaseUrls(host, port));
  let closing: Promise<void> | null = null;

  return {
    url: `http://${shownHost}:${port}`,
    host,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        sync.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
