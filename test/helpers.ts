/**
 * Shared test helpers. Everything here drives the real parts: real SQLite files in temporary
 * folders, the real core, the real hub on a free port, stock y-websocket clients and raw `ws`
 * sockets. No mocks, and no fixed sleeps: `waitFor` polls for a condition.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Core, type CoreOptions } from '../src/core';
import { startHub, type Hub, type HubOptions } from '../src/hub/server';
import type { Input, MethodName, Output } from '../src/shared/api';
import type { Committee, Meeting, Member } from '../src/shared/domain';

// ---------------------------------------------------------------------------------------------
// Waiting and cleaning up

/** `promise`, or a failure naming `what` if it has not settled after `timeoutMs`. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Polls `predicate` until it returns a truthy value (returned) or `timeoutMs` passes (throws,
 * naming `what` and the last error the predicate threw, if any).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'a condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError
        ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`
        : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const deferred: (() => unknown)[] = [];

/** Registers a clean-up step; `runDeferred` (in each file's afterEach) runs them last-in first-out. */
export function defer(fn: () => unknown): void {
  deferred.push(fn);
}

export async function runDeferred(): Promise<void> {
  const errors: unknown[] = [];
  while (deferred.length) {
    try {
      await deferred.pop()!();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
}

/** A fresh folder under the OS temp folder, removed after the test. */
export function tempDir(prefix = 'coconstruct-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Core and hub

export const OWNER_TOKEN = 'owner-secret-for-tests-0123456789';

export function openCore(dataDir: string, opts: Partial<CoreOptions> = {}): Core {
  const core = Core.open({ dataDir, ownerToken: OWNER_TOKEN, ...opts });
  defer(() => core.close());
  return core;
}

export interface TestHub {
  dir: string;
  core: Core;
  hub: Hub;
  /** What the hub logged (kept out of the test output). */
  logs: string[];
}

/** A core on `dir` (a new temp folder by default) and the real hub over it, on a free port. */
export async function startTestHub(
  opts: { dir?: string; core?: Partial<CoreOptions>; hub?: Partial<Omit<HubOptions, 'core'>> } = {},
): Promise<TestHub> {
  const dir = opts.dir ?? tempDir();
  const core = openCore(dir, opts.core);
  const logs: string[] = [];
  const hub = await startHub({ core, port: 0, log: (line) => logs.push(line), ...opts.hub });
  defer(() => hub.close());
  return { dir, core, hub, logs };
}

// ---------------------------------------------------------------------------------------------
// The API over HTTP

/** Any hub: one started in this process, or the CLI's in a child process. */
export type HubLike = Pick<Hub, 'url'>;

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body of any shape
  body: any;
}

/**
 * POST /api/<method>. `body` is sent as JSON unless it is a string (sent as is); `token` null
 * sends no Authorization header.
 */
export async function post(
  hub: HubLike,
  token: string | null,
  method: string,
  body?: unknown,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${hub.url}/api/${method}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text, the assertions will say so
  }
  return { status: res.status, contentType: res.headers.get('content-type'), body: parsed };
}

/** Calls a method that must succeed, and returns its result. */
export async function call<K extends MethodName>(
  hub: HubLike,
  token: string,
  method: K,
  input: Input<K>,
): Promise<Output<K>> {
  const answer = await post(hub, token, method, input);
  if (answer.status !== 200) {
    throw new Error(`${method} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body as Output<K>;
}

/** GET /healthz answers 200 with JSON: the hub is up. */
export async function hubIsUp(hub: HubLike): Promise<boolean> {
  const res = await fetch(`${hub.url}/healthz`);
  const body = (await res.json()) as { ok?: boolean };
  return res.status === 200 && body.ok === true;
}

export interface Seat {
  member: Member;
  token: string;
}

export interface Committee1 {
  committee: Committee;
  coChair: Seat;
  member: Seat;
  secretary: Seat;
  observer: Seat;
  meeting: Meeting;
}

/** A committee with a co-chair, a member, a secretary, an observer and one planned meeting. */
export async function seedCommittee(
  hub: HubLike,
  name = 'Comité des usagers',
  ownerToken = OWNER_TOKEN,
): Promise<Committee1> {
  const committee = await call(hub, ownerToken, 'committees.create', {
    name,
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil aux urgences',
  });
  const add = (n: string, kind: Member['kind'], role: Member['role']) =>
    call(hub, ownerToken, 'members.add', {
      committeeId: committee.id,
      name: n,
      kind,
      role,
      engagementLevel: 'partnership',
    });
  const coChair = await add('Amina Patient', 'patient-partner', 'co-chair');
  const member = await add('Bruno Proche', 'caregiver-partner', 'member');
  const secretary = await add('Chloé Secrétaire', 'staff', 'secretary');
  const observer = await add('Denis Observateur', 'citizen', 'observer');
  const meeting = await call(hub, ownerToken, 'meetings.create', {
    committeeId: committee.id,
    title: 'Rencontre de novembre',
    startsAt: '2026-11-20T18:00:00Z',
  });
  return { committee, coChair, member, secretary, observer, meeting };
}

// ---------------------------------------------------------------------------------------------
// Sync: stock y-websocket clients and raw sockets

export const syncBase = (hub: HubLike): string => `${hub.url.replace(/^http/, 'ws')}/sync`;

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw (code), in order. */
  closes: number[];
  /** Connection errors the provider saw. */
  errors: number;
}

type Polyfill = NonNullable<
  NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']
>;

/**
 * A stock y-websocket client of `docName` presenting `token` (or one of `Provider`, a subclass such
 * as the app's own HubProvider). BroadcastChannel is off: Node has
 * one, and two clients in this process would otherwise sync through it instead of the hub.
 */
export function connectClient(
  hub: HubLike,
  docName: string,
  token: string,
  Provider: typeof WebsocketProvider = WebsocketProvider,
): Client {
  const doc = new Y.Doc();
  const provider = new Provider(syncBase(hub), docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as Polyfill,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  const client: Client = { doc, provider, closes: [], errors: 0 };
  provider.on('connection-close', (event) => {
    client.closes.push(event?.code ?? -1);
  });
  provider.on('connection-error', () => {
    client.errors++;
  });
  defer(() => {
    provider.destroy();
    doc.destroy();
  });
  return client;
}

/** A client that has finished its first sync with the hub. */
export async function syncedClient(
  hub: HubLike,
  docName: string,
  token: string,
  Provider: typeof WebsocketProvider = WebsocketProvider,
): Promise<Client> {
  const client = connectClient(hub, docName, token, Provider);
  await waitFor(() => client.provider.synced, 5000, `${docName} to sync`);
  return client;
}

/** Appends a paragraph holding `text` to the minutes, as TipTap's collaboration field would. */
export function writeParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment('minutes').push([paragraph]);
}

/** The minutes as plain text, one line per paragraph. */
export function minutesText(doc: Y.Doc): string {
  return doc
    .getXmlFragment('minutes')
    .toArray()
    .map((node) =>
      node instanceof Y.XmlElement
        ? node
            .toArray()
            .map((child) => (child instanceof Y.XmlText ? child.toString() : ''))
            .join('')
        : node.toString(),
    )
    .join('\n');
}

/** The HTTP status the hub answers a WebSocket upgrade with (101 when it accepts). */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => {
      // After an unexpected response, destroying the request reports an error: already settled.
      reject(err);
    });
  });
}

export interface RawSocket {
  ws: WebSocket;
  /** Binary messages received from the hub. */
  received: Uint8Array[];
  /** The close code, once the hub has closed the connection (fails after 5 s). */
  closed(): Promise<number>;
}

/** A raw `ws` connection to /sync/<docName>, open. */
export async function rawSocket(
  hub: HubLike,
  docName: string,
  token: string,
  opts: { autoPong?: boolean } = {},
): Promise<RawSocket> {
  const ws = new WebSocket(`${syncBase(hub)}/${docName}?token=${encodeURIComponent(token)}`, {
    autoPong: opts.autoPong ?? true,
  });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  ws.on('error', () => {
    // the close event carries what the test looks at
  });
  const closing = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const closed = () => within(closing, 5000, 'the hub to close the connection');
  defer(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  return { ws, received, closed };
}
