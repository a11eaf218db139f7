/**
 * WS /sync/<docName>: stock y-websocket clients editing the minutes together through the hub, and
 * raw sockets abusing the protocol. Each abuse must close that connection only.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DB_FILE } from '../src/core/store/db';
import {
  OWNER_TOKEN,
  defer,
  hubIsUp,
  minutesText,
  rawSocket,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncBase,
  connectClient,
  syncedClient,
  upgradeStatus,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type TestHub,
} from './helpers';

afterEach(runDeferred);

let t: TestHub;
let c: Committee1;
let docName: string;

async function setUp(hubOpts: { maxMessageBytes?: number; pingIntervalMs?: number } = {}): Promise<void> {
  t = await startTestHub({ hub: hubOpts });
  c = await seedCommittee(t.hub);
  docName = c.meeting.docName;
}

/** A second, read-only connection to the database file, as another process would open it. */
function openReader(dir: string): Database.Database {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  defer(() => db.close());
  return db;
}

/** The document as the file on disk holds it: snapshot plus logged updates. */
function loadFromDisk(reader: Database.Database, name: string): Y.Doc {
  const doc = new Y.Doc();
  const snap = reader.prepare('SELECT data FROM doc_snapshots WHERE doc_name = ?').get(name) as
    { data: Buffer } | undefined;
  if (snap) Y.applyUpdate(doc, snap.data);
  const rows = reader.prepare('SELECT data FROM doc_updates WHERE doc_name = ? ORDER BY id').all(name) as {
    data: Buffer;
  }[];
  for (const r of rows) Y.applyUpdate(doc, r.data);
  return doc;
}

const sees = (client: Client, text: string) => () => minutesText(client.doc).includes(text);

/** A presence (awareness) message for a made-up peer named `name`; returns its client id too. */
function ghostPresence(name: string): { clientId: number; message: Uint8Array } {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name } });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // messageAwareness
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  awareness.destroy();
  doc.destroy();
  return { clientId: doc.clientID, message: encoding.toUint8Array(e) };
}

/** A y-websocket sync message carrying `payload` as an update. */
function updateMessage(payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // messageSync
  encoding.writeVarUint(e, 2); // messageYjsUpdate
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

describe('two members editing the minutes', () => {
  beforeEach(() => setUp());

  it('see each other’s text', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(amina.doc, 'Accueil et tour de table');
    await waitFor(sees(bruno, 'Accueil et tour de table'), 5000, 'Bruno to see Amina’s text');
    writeParagraph(bruno.doc, 'Point 1 : les délais d’attente');
    await waitFor(sees(amina, 'Point 1'), 5000, 'Amina to see Bruno’s text');
    expect(minutesText(amina.doc)).toBe(minutesText(bruno.doc));
    expect(minutesText(amina.doc)).toBe('Accueil et tour de table\nPoint 1 : les délais d’attente');

    // A latecomer gets everything at once from the hub.
    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    expect(minutesText(chloe.doc)).toBe(minutesText(amina.doc));
  });

  it('write each update to disk before another peer receives it', async () => {
    const reader = openReader(t.dir);
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const checks: boolean[] = [];
    const texts = ['Premier point', 'Deuxième point', 'Troisième point'];
    bruno.doc.on('update', () => {
      // Runs as soon as Bruno's client applies what the hub relayed: is it on disk already?
      const seen = minutesText(bruno.doc);
      const onDisk = minutesText(loadFromDisk(reader, docName));
      for (const text of texts) if (seen.includes(text)) checks.push(onDisk.includes(text));
    });
    for (const text of texts) writeParagraph(amina.doc, text);
    await waitFor(sees(bruno, 'Troisième point'), 5000, 'Bruno to see the last paragraph');
    expect(checks.length).toBeGreaterThanOrEqual(3);
    expect(checks.every(Boolean)).toBe(true);
  });

  it('attribute each logged update to the member who sent it', async () => {
    const reader = openReader(t.dir);
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(amina.doc, 'De Amina');
    writeParagraph(bruno.doc, 'De Bruno');
    await waitFor(sees(amina, 'De Bruno'), 5000, 'Amina to see Bruno’s text');
    await waitFor(sees(bruno, 'De Amina'), 5000, 'Bruno to see Amina’s text');

    const rows = reader
      .prepare('SELECT data, member_id AS memberId FROM doc_updates WHERE doc_name = ? ORDER BY id')
      .all(docName) as { data: Buffer; memberId: string | null }[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const byClient = new Map([
      [amina.doc.clientID, c.coChair.member.id],
      [bruno.doc.clientID, c.member.member.id],
    ]);
    for (const row of rows) {
      const clientIds = [...Y.parseUpdateMeta(new Uint8Array(row.data)).to.keys()];
      expect(clientIds.length).toBeGreaterThan(0);
      for (const id of clientIds) expect(row.memberId).toBe(byClient.get(id));
    }
    expect(new Set(rows.map((r) => r.memberId))).toEqual(new Set([c.coChair.member.id, c.member.member.id]));
    expect(t.core.docStore.clients(docName)).toEqual(byClient);
  });

  it('relay presence (awareness) and drop it when a member leaves', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    amina.provider.awareness.setLocalStateField('user', { name: 'Amina', color: '#0a7' });
    const aminaAsSeenByBruno = () =>
      [...bruno.provider.awareness.getStates().entries()].find(
        ([, s]) => (s as { user?: { name?: string } }).user?.name === 'Amina',
      );
    const [id] = await waitFor(aminaAsSeenByBruno, 5000, 'Bruno to see Amina’s presence');
    expect(id).toBe(amina.doc.clientID);

    // A newcomer is told who is already there.
    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    await waitFor(
      () => chloe.provider.awareness.getStates().get(amina.doc.clientID),
      5000,
      'Chloé to see Amina’s presence',
    );

    amina.provider.destroy();
    await waitFor(() => !aminaAsSeenByBruno(), 5000, 'Amina’s presence to go away');
  });

  it('drop the presence of a peer whose connection is cut without a goodbye', async () => {
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const raw = await rawSocket(t.hub, docName, c.coChair.token);
    const ghost = ghostPresence('Amina');
    raw.ws.send(ghost.message);
    await waitFor(() => bruno.provider.awareness.getStates().get(ghost.clientId), 5000, 'Bruno to see Amina');
    raw.ws.terminate(); // the laptop lid closes: no awareness goodbye is sent
    await waitFor(
      () => !bruno.provider.awareness.getStates().has(ghost.clientId),
      5000,
      'the hub to drop Amina’s presence',
    );
  });
});

describe('liveness', () => {
  it('a peer that stops answering pings is dropped with its presence; live peers stay', async () => {
    await setUp({ pingIntervalMs: 50 });
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const silent = await rawSocket(t.hub, docName, c.coChair.token, { autoPong: false });
    const ghost = ghostPresence('Silencieux');
    silent.ws.send(ghost.message);
    await waitFor(
      () => bruno.provider.awareness.getStates().get(ghost.clientId),
      5000,
      'Bruno to see the peer',
    );

    expect(await silent.closed()).toBe(1006);
    await waitFor(
      () => !bruno.provider.awareness.getStates().has(ghost.clientId),
      5000,
      'the presence to go',
    );
    // Bruno's client answers pings: it went through the same rounds and is still connected.
    expect(bruno.closes).toEqual([]);
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(amina.doc, 'Toujours là');
    await waitFor(sees(bruno, 'Toujours là'), 5000, 'Bruno to keep syncing');
  });
});

describe('refusals at the upgrade', () => {
  beforeEach(() => setUp());

  it('a wrong or missing token: 401, and a stock client never syncs', async () => {
    const url = `${syncBase(t.hub)}/${docName}`;
    expect(await upgradeStatus(`${url}?token=${c.member.token}`)).toBe(101);
    expect(await upgradeStatus(`${url}?token=${OWNER_TOKEN}`)).toBe(101);
    expect(await upgradeStatus(`${url}?token=wrong-token-0123456789`)).toBe(401);
    expect(await upgradeStatus(`${url}?token=`)).toBe(401);
    expect(await upgradeStatus(url)).toBe(401);

    const intruder = connectClient(t.hub, docName, 'wrong-token-0123456789');
    await waitFor(() => intruder.errors >= 2, 5000, 'the client to be refused twice');
    expect(intruder.provider.synced).toBe(false);
    expect(intruder.provider.wsconnected).toBe(false);
    expect(t.core.docs.isOpen(docName)).toBe(false);
  });

  it('an unknown document, or one of another committee: 404, and a stock client never syncs', async () => {
    const other = await seedCommittee(t.hub, 'Autre comité');
    const base = syncBase(t.hub);
    const token = `?token=${c.member.token}`;
    expect(await upgradeStatus(`${base}/committee:${c.committee.id}${token}`)).toBe(101);
    expect(await upgradeStatus(`${base}/meeting:${randomUUID()}${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/notes:${c.meeting.id}${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/${other.meeting.docName}${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/committee:${other.committee.id}${token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/%E0%A4%A${token}`)).toBe(404);
    expect(await upgradeStatus(`${t.hub.url.replace(/^http/, 'ws')}/elsewhere${token}`)).toBe(404);

    const lost = connectClient(t.hub, `meeting:${randomUUID()}`, c.member.token);
    await waitFor(() => lost.errors >= 2, 5000, 'the client to be refused twice');
    expect(lost.provider.synced).toBe(false);
    expect(await hubIsUp(t.hub)).toBe(true);
  });
});

describe('an observer', () => {
  beforeEach(() => setUp());

  it('reads the minutes but its edits never reach the document, the store or other peers', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(amina.doc, 'Texte de la co-présidente');
    const denis = await syncedClient(t.hub, docName, c.observer.token);
    await waitFor(sees(denis, 'Texte de la co-présidente'), 5000, 'the observer to read the minutes');
    const before = t.core.docStore.stats(docName);

    writeParagraph(denis.doc, 'Texte de l’observateur');
    // Then a presence update on the same connection: once Amina sees it, the hub has handled
    // (and would have relayed) the edit sent before it.
    denis.provider.awareness.setLocalStateField('user', { name: 'Denis' });
    await waitFor(
      () =>
        (amina.provider.awareness.getStates().get(denis.doc.clientID) as { user?: unknown } | undefined)
          ?.user,
      5000,
      'Amina to see the observer’s presence',
    );
    expect(minutesText(amina.doc)).not.toContain('Texte de l’observateur');
    expect(minutesText(t.core.docStore.load(docName))).toBe('Texte de la co-présidente');
    expect(t.core.docStore.stats(docName)).toEqual(before);
    const byObserver = t.core.db
      .prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE member_id = ?')
      .get(c.observer.member.id);
    expect(byObserver).toEqual({ n: 0 });

    // A newcomer does not get it either.
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    expect(minutesText(bruno.doc)).toBe('Texte de la co-présidente');
  });
});

describe('protocol abuse closes that connection only', () => {
  /** Two stock clients that must keep working whatever the raw socket does. */
  async function bystanders(): Promise<{ amina: Client; bruno: Client }> {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    return { amina, bruno };
  }

  async function stillWorking({ amina, bruno }: { amina: Client; bruno: Client }, text: string) {
    writeParagraph(amina.doc, text);
    await waitFor(sees(bruno, text), 5000, 'the other connections to keep syncing');
    expect(amina.closes).toEqual([]);
    expect(bruno.closes).toEqual([]);
    expect(minutesText(t.core.docStore.load(docName))).toContain(text);
    expect(await hubIsUp(t.hub)).toBe(true);
  }

  it('an oversized message: closed with 1009', async () => {
    await setUp({ maxMessageBytes: 1024 });
    const peers = await bystanders();
    const raw = await rawSocket(t.hub, docName, c.member.token);
    raw.ws.send(new Uint8Array(4096));
    expect(await raw.closed()).toBe(1009);
    await stillWorking(peers, 'Après le gros message');
  });

  it('a message just under the limit is accepted', async () => {
    await setUp({ maxMessageBytes: 1024 });
    const peers = await bystanders();
    const author = new Y.Doc();
    defer(() => author.destroy());
    let update: Uint8Array | null = null;
    author.on('update', (u: Uint8Array) => (update = u));
    writeParagraph(author, 'x'.repeat(900));
    const msg = updateMessage(update!);
    expect(msg.byteLength).toBeLessThanOrEqual(1024);
    const raw = await rawSocket(t.hub, docName, c.member.token);
    raw.ws.send(msg);
    await waitFor(sees(peers.bruno, 'x'.repeat(900)), 5000, 'the update to be relayed');
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });

  const malformed: [string, Uint8Array | string][] = [
    ['an unknown sync message [0, 9, 9]', new Uint8Array([0, 9, 9])],
    ['an unknown message type', new Uint8Array([7, 1, 2])],
    ['an empty message', new Uint8Array([])],
    ['a truncated message', new Uint8Array([0, 2, 200])],
    ['an update that is not a Yjs update', updateMessage(new Uint8Array([1, 1, 5, 0, 4, 1, 1, 120, 0]))],
    ['a text message', 'hello'],
  ];

  it.each(malformed)('%s: closed with 1007', async (_label, message) => {
    await setUp();
    const peers = await bystanders();
    writeParagraph(peers.amina.doc, 'Avant');
    await waitFor(sees(peers.bruno, 'Avant'));
    const before = t.core.docStore.stats(docName);

    const raw = await rawSocket(t.hub, docName, c.member.token);
    raw.ws.send(message);
    expect(await raw.closed()).toBe(1007);
    expect(t.core.docStore.stats(docName)).toEqual(before);
    await stillWorking(peers, 'Après le message malformé');
  });
});

describe('a change that cannot be saved', () => {
  beforeEach(() => setUp());

  it('is never relayed; once saving works again, peers resync and nothing is lost', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(amina.doc, 'Avant la panne');
    await waitFor(sees(bruno, 'Avant la panne'));

    // The disk refuses every new update (as a full disk would).
    const admin = new Database(join(t.dir, DB_FILE));
    defer(() => admin.close());
    admin.exec(`CREATE TRIGGER refuse_updates BEFORE INSERT ON doc_updates
                BEGIN SELECT RAISE(ABORT, 'disk is full'); END`);
    let brunoSawUnsaved = false;
    bruno.doc.on('update', () => {
      if (minutesText(bruno.doc).includes('Pendant la panne')) brunoSawUnsaved = true;
    });

    writeParagraph(amina.doc, 'Pendant la panne');
    // The hub takes the document out of service: every peer is asked to reconnect.
    await waitFor(
      () => bruno.closes.includes(1011) && amina.closes.includes(1011),
      5000,
      'peers to be closed',
    );
    expect(brunoSawUnsaved).toBe(false);
    expect(t.logs.join('\n')).toMatch(/could not be saved/);

    admin.exec('DROP TRIGGER refuse_updates');
    // Amina's client still holds the change and sends it again when it reconnects.
    await waitFor(sees(bruno, 'Pendant la panne'), 10_000, 'the unsaved change to arrive after the fault');
    await waitFor(() => minutesText(t.core.docStore.load(docName)).includes('Pendant la panne'));
    expect(minutesText(t.core.docStore.load(docName))).toBe('Avant la panne\nPendant la panne');
    expect(await hubIsUp(t.hub)).toBe(true);
  });
});
