/**
 * Peers' updates batched per turn of the hub's event loop: a run of updates one connection sends
 * to one document in a turn is applied as one (one Yjs transaction, one doc_updates row) and
 * relayed as one message, with the same content and attribution as one by one; a faulty update in
 * a burst keeps the ones before it and closes the connection as it always did; whatever runs in
 * the same turn after the burst (an API call, a sync step 1) sees it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  OWNER_TOKEN,
  defer,
  minutesText,
  rawSocket,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type RawSocket,
  type TestHub,
} from './helpers';
import { savedText, textOf } from './minutes-fixtures';

afterEach(runDeferred);

let t: TestHub;
let c: Committee1;
let docName: string;

beforeEach(async () => {
  t = await startTestHub();
  c = await seedCommittee(t.hub);
  docName = c.meeting.docName;
});

/** A y-websocket sync message of `type` (0 step 1, 1 step 2, 2 update) carrying `payload`. */
function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // messageSync
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Counts the rows the hub appends to doc_updates from now on. */
function countRows(): { readonly n: number } {
  const spy = vi.spyOn(t.core.docStore, 'append');
  defer(() => spy.mockRestore());
  return {
    get n() {
      return spy.mock.calls.length;
    },
  };
}

/** Counts the updates `client` receives from the hub from now on (one per message). */
function countReceived(client: Client): { n: number } {
  const count = { n: 0 };
  client.doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === client.provider) count.n++;
  });
  return count;
}

/** A document holding what the hub holds, to write updates from, each one captured. */
function authorLike(source: Y.Doc): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  defer(() => doc.destroy());
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates };
}

/** The authorship table, keyed by member id ('owner' for the host). */
function authorship(meetingId: string) {
  const owner = t.core.authenticate(OWNER_TOKEN)!;
  const rows = t.core.call(owner, 'minutes.authorship', { meetingId });
  return Object.fromEntries(rows.map(({ memberId, ...counts }) => [memberId ?? 'owner', counts]));
}

/** Amina (a stock client) has written a first paragraph, saved and seen by the hub. */
async function aminaWithAParagraph(): Promise<Client> {
  const amina = await syncedClient(t.hub, docName, c.coChair.token);
  writeParagraph(amina.doc, 'Ordre du jour');
  await savedText(t, docName, 'Ordre du jour');
  return amina;
}

const BURST = 'Adopté à l’unanimité, sans abstention ni réserve.';

describe('a burst of one-character updates from one client', () => {
  it('is written as fewer rows and relayed as fewer messages, with the same text and attribution', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(amina.doc, '');
    await waitFor(() => bruno.doc.getXmlFragment('minutes').length === 1, 5000, 'Bruno to see the paragraph');

    const rows = countRows();
    const received = countReceived(bruno);
    // One update (one message) per character, all sent in one go, as fast typing does, then
    // backspaces over what was just typed: a run holds text it inserts and deletes.
    for (let i = 0; i < BURST.length; i++) textOf(amina.doc, 0).insert(i, BURST[i]!);
    const kept = BURST.slice(0, -' ni réserve.'.length);
    for (let n = BURST.length; n > kept.length; n--) textOf(amina.doc, 0).delete(n - 1, 1);
    const updates = BURST.length * 2 - kept.length;
    await waitFor(() => minutesText(bruno.doc) === kept, 5000, 'Bruno to see the burst');
    await savedText(t, docName, kept);

    expect([BURST.length, kept.length]).toEqual([49, 37]);
    expect(rows.n).toBeGreaterThan(0);
    expect(rows.n).toBeLessThan(updates / 4);
    expect(received.n).toBeGreaterThan(0);
    expect(received.n).toBeLessThan(updates / 4);

    expect(minutesText(t.core.docStore.load(docName))).toBe(kept);
    expect(minutesText(amina.doc)).toBe(kept);
    // As one by one: every character typed, the 12 backspaced, the 37 left.
    expect(authorship(c.meeting.id)).toEqual({
      [c.coChair.member.id]: { inserted: 49, deleted: 12, surviving: 37 },
    });
    expect(t.core.docStore.clients(docName)).toEqual(new Map([[amina.doc.clientID, c.coChair.member.id]]));
  });

  it('with a malformed update in the middle: those before it are kept and relayed, the sender is closed with 1007', async () => {
    const amina = await aminaWithAParagraph();
    const author = authorLike(amina.doc);
    for (const ch of ' : 1, 2') textOf(author.doc, 0).insert(textOf(author.doc, 0).length, ch);
    const good = author.updates.slice();
    expect(good).toHaveLength(7);

    const raw = await rawSocket(t.hub, docName, c.member.token);
    for (const u of good) raw.ws.send(syncMessage(2, u));
    raw.ws.send(syncMessage(2, new Uint8Array([1, 1, 5, 0, 4, 1, 1, 120, 0]))); // not a Yjs update
    expect(await raw.closed()).toBe(1007);

    await waitFor(
      () => minutesText(amina.doc) === 'Ordre du jour : 1, 2',
      5000,
      'Amina to see the good updates',
    );
    expect(minutesText(t.core.docStore.load(docName))).toBe('Ordre du jour : 1, 2');
    expect(t.core.docStore.clients(docName).get(author.doc.clientID)).toBe(c.member.member.id);
    expect(t.logs.some((l) => l.includes('closing a connection'))).toBe(true);
    // The other client is unharmed and keeps editing.
    expect(amina.closes).toEqual([]);
    writeParagraph(amina.doc, 'Suite');
    await savedText(t, docName, 'Suite');
  });

  it('reads every message of a frame in order (as the app’s own client sends a turn): a malformed one closes the sender with 1007, those before it stand', async () => {
    const amina = await aminaWithAParagraph();
    const author = authorLike(amina.doc);
    for (const ch of ' : 1, 2') textOf(author.doc, 0).insert(textOf(author.doc, 0).length, ch);
    expect(author.updates).toHaveLength(7);
    const frame = (parts: Uint8Array[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.byteLength;
      }
      return out;
    };

    const raw = await rawSocket(t.hub, docName, c.member.token);
    // Four updates in one frame, then three and a malformed one in another.
    raw.ws.send(frame(author.updates.slice(0, 4).map((u) => syncMessage(2, u))));
    await waitFor(() => minutesText(amina.doc) === 'Ordre du jour : 1', 5000, 'Amina to see the first frame');
    raw.ws.send(
      frame([
        ...author.updates.slice(4).map((u) => syncMessage(2, u)),
        syncMessage(2, new Uint8Array([1, 1, 5, 0, 4, 1, 1, 120, 0])), // not a Yjs update
      ]),
    );
    expect(await raw.closed()).toBe(1007);
    await waitFor(
      () => minutesText(amina.doc) === 'Ordre du jour : 1, 2',
      5000,
      'Amina to see the good updates',
    );
    expect(minutesText(t.core.docStore.load(docName))).toBe('Ordre du jour : 1, 2');
    expect(authorship(c.meeting.id)[c.member.member.id]).toEqual({ inserted: 7, deleted: 0, surviving: 7 });
    expect(amina.closes).toEqual([]);
  });

  it('writing under another member’s client id in the middle: those before it are kept, the sender is closed with 4403', async () => {
    const amina = await aminaWithAParagraph();
    const author = authorLike(amina.doc);
    textOf(author.doc, 0).insert(13, ' ');
    textOf(author.doc, 0).insert(14, 'A');
    // Then as Amina's Yjs client id: new content attributed to her, sent by Bruno.
    author.doc.clientID = amina.doc.clientID;
    textOf(author.doc, 0).insert(15, '!');
    expect(author.updates).toHaveLength(3);

    const raw = await rawSocket(t.hub, docName, c.member.token);
    for (const u of author.updates) raw.ws.send(syncMessage(2, u));
    expect(await raw.closed()).toBe(4403);

    await waitFor(() => minutesText(amina.doc) === 'Ordre du jour A', 5000, 'Amina to see the good updates');
    expect(minutesText(t.core.docStore.load(docName))).toBe('Ordre du jour A');
    expect(t.logs.some((l) => l.includes('refused an update'))).toBe(true);
    expect(amina.closes).toEqual([]);
    expect(authorship(c.meeting.id)).toEqual({
      [c.coChair.member.id]: { inserted: 13, deleted: 0, surviving: 13 },
      [c.member.member.id]: { inserted: 2, deleted: 0, surviving: 2 },
    });
  });
});

describe('what runs in the same turn after a burst', () => {
  /** Sends `messages` at once; `then` runs at the hub right after the last update is handed over. */
  async function burstThen(raw: RawSocket, messages: Uint8Array[], updates: number, then: () => void) {
    const docs = t.core.docs;
    const applyRemote = docs.applyRemote.bind(docs);
    let seen = 0;
    const spy = vi.spyOn(docs, 'applyRemote').mockImplementation((...args) => {
      applyRemote(...args);
      if (++seen === updates) then();
    });
    defer(() => spy.mockRestore());
    for (const m of messages) raw.ws.send(m);
    await waitFor(() => seen === updates, 5000, 'the hub to receive the burst');
  }

  it('an API call sees the burst applied and attributed; a sync step 1 is answered with it', async () => {
    const amina = await aminaWithAParagraph();
    const author = authorLike(amina.doc);
    const added = ' : accueil';
    for (const ch of added) textOf(author.doc, 0).insert(textOf(author.doc, 0).length, ch);
    const expected = `Ordre du jour${added}`;

    const raw = await rawSocket(t.hub, docName, c.member.token);
    const answers = raw.received.length;
    let before = '';
    let during: ReturnType<typeof authorship> = {};
    await burstThen(
      raw,
      [...author.updates.map((u) => syncMessage(2, u)), syncMessage(0, new Uint8Array([0]))],
      author.updates.length,
      () => {
        // Handed over but not applied yet: the core waits for the end of the turn…
        before = minutesText(t.core.docs.read(docName, (d) => d));
        // …or for the first call that must see it.
        during = authorship(c.meeting.id);
      },
    );
    expect(before).toBe('Ordre du jour');
    expect(during).toEqual({
      [c.coChair.member.id]: { inserted: 13, deleted: 0, surviving: 13 },
      [c.member.member.id]: { inserted: added.length, deleted: 0, surviving: added.length },
    });

    // The sync step 1 sent after the burst is answered with a step 2 that holds it.
    await waitFor(() => raw.received.length > answers, 5000, 'the hub to answer the sync step 1');
    const replica = new Y.Doc();
    defer(() => replica.destroy());
    for (const m of raw.received.slice(answers)) {
      const d = decoding.createDecoder(m);
      if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 1) continue;
      Y.applyUpdate(replica, decoding.readVarUint8Array(d));
    }
    expect(minutesText(replica)).toBe(expected);
    await waitFor(() => minutesText(amina.doc) === expected, 5000, 'Amina to see the burst');
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });
});
