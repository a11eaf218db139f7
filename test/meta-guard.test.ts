/**
 * What a peer may write in a meeting doc over WebSocket. `meta` (and whatever else protectedRoots
 * names) is written by the core only, through API methods that check roles: a stock client that
 * writes there, whatever its token, is closed with 4403, and neither the hub's doc nor the SQLite
 * log changes. The minutes, decisions and actions stay open to editors. New content under a Yjs
 * client id already bound to another member is refused the same way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { protectedRoots } from '../src/core/access';
import { meetingDocName } from '../src/shared/docs';
import { readAgenda, readMeta } from '../src/shared/meeting';
import {
  OWNER_TOKEN,
  call,
  connectClient,
  defer,
  minutesText,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type TestHub,
} from './helpers';
import { addItem } from './fixtures';

let t: TestHub;
let c: Committee1;
let docName: string;

beforeEach(async () => {
  t = await startTestHub();
  c = await seedCommittee(t.hub);
  docName = c.meeting.docName;
  // The core has written meta and the agenda already.
  await addItem(t.hub, c.member.token, c.meeting.id, 'Point existant');
  await call(t.hub, c.secretary.token, 'attendance.set', {
    meetingId: c.meeting.id,
    memberId: c.member.member.id,
    status: 'present',
  });
  await call(t.hub, c.coChair.token, 'meetings.start', { id: c.meeting.id });
});
afterEach(runDeferred);

/** Everything a user or the store could see of the document at the hub. */
function hubState() {
  const live = t.core.docs.read(docName, (doc) => ({
    stateVector: [...Y.encodeStateVector(doc)],
    meta: readMeta(doc),
    agenda: readAgenda(doc),
    minutes: minutesText(doc),
  }));
  const log = t.core.db
    .prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS lastId FROM doc_updates WHERE doc_name = ?')
    .get(docName);
  return {
    ...live,
    log,
    stats: t.core.docStore.stats(docName),
    onDisk: minutesText(t.core.docStore.load(docName)),
  };
}

/** Two editors who must stay connected and keep syncing whatever another peer does. */
async function bystanders(): Promise<{ amina: Client; bruno: Client }> {
  return {
    amina: await syncedClient(t.hub, docName, c.coChair.token),
    bruno: await syncedClient(t.hub, docName, c.member.token),
  };
}

async function stillWorking({ amina, bruno }: { amina: Client; bruno: Client }, text: string) {
  writeParagraph(amina.doc, text);
  await waitFor(() => minutesText(bruno.doc).includes(text), 5000, 'the other peers to keep syncing');
  expect(amina.closes).toEqual([]);
  expect(bruno.closes).toEqual([]);
  expect(minutesText(t.core.docStore.load(docName))).toContain(text);
}

async function refused(client: Client): Promise<void> {
  await waitFor(() => client.closes.length > 0, 5000, 'the hub to close the connection');
  expect(client.closes).toEqual([4403]);
  // A stock client takes 44xx as final: it does not resend the refused update in a loop.
  expect(client.provider.shouldConnect).toBe(false);
}

describe('the roots only the core writes', () => {
  it('are meta, the agenda, decisions, actions and comments of a meeting doc (nothing of a committee doc)', () => {
    const draft = () => 'draft' as const;
    expect([...protectedRoots(meetingDocName('x'), draft)].sort()).toEqual([
      'actions',
      'agenda',
      'comments',
      'decisions',
      'meta',
    ]);
    expect(protectedRoots('committee:x', draft).size).toBe(0);
  });

  it('include the minutes once they are circulated or approved, not while drafted or amended', () => {
    for (const status of ['circulated', 'approved'] as const) {
      expect(protectedRoots(meetingDocName('x'), () => status).has('minutes')).toBe(true);
    }
    for (const status of ['draft', 'amending'] as const) {
      expect(protectedRoots(meetingDocName('x'), () => status).has('minutes')).toBe(false);
    }
  });
});

const writes: Record<string, (doc: Y.Doc) => void> = {
  'meta: sets a key': (doc) => doc.getMap('meta').set('status', 'closed'),
  'meta: adds a key': (doc) => doc.getMap('meta').set('secret', 'x'),
  'meta: deletes a key the core wrote': (doc) => doc.getMap('meta').delete('attendance'),
  'meta: rides along with minutes': (doc) =>
    doc.transact(() => {
      writeParagraph(doc, 'Passager clandestin');
      doc.getMap('meta').set('currentItemId', 'x');
    }),
  'agenda: adds an item': (doc) =>
    doc
      .getArray('agenda')
      .push([new Y.Map<unknown>(Object.entries({ id: 'x', title: 'Ajout direct', order: 0 }))]),
  'agenda: renames an item': (doc) => doc.getArray<Y.Map<unknown>>('agenda').get(0).set('title', 'Renommé'),
  'agenda: removes an item': (doc) => doc.getArray('agenda').delete(0, 1),
};

describe('a stock client writing a protected root is closed with 4403, and nothing changes', () => {
  const cases: [string, string, () => string][] = [];
  for (const label of Object.keys(writes)) {
    cases.push([label, 'a co-chair', () => c.coChair.token]);
  }
  cases.push(['meta: sets a key', 'a member', () => c.member.token]);
  cases.push(['meta: sets a key', 'a secretary', () => c.secretary.token]);
  cases.push(['meta: sets a key', 'the owner', () => OWNER_TOKEN]);
  cases.push(['agenda: adds an item', 'the owner', () => OWNER_TOKEN]);

  it.each(cases)('%s, by %s', async (label, _who, token) => {
    const peers = await bystanders();
    const writer = await syncedClient(t.hub, docName, token());
    const before = hubState();

    writes[label]!(writer.doc);
    await refused(writer);
    expect(hubState()).toEqual(before);
    expect(minutesText(peers.bruno.doc)).not.toContain('Passager clandestin');
    expect(readMeta(peers.bruno.doc)).toEqual(before.meta);
    expect(t.logs.join('\n')).toMatch(/refused an update/);
    await stillWorking(peers, 'Après le refus');
    // The API still works on the same doc.
    await addItem(t.hub, c.member.token, c.meeting.id, 'Par l’API');
    await waitFor(() => readAgenda(peers.bruno.doc).some((i) => i.title === 'Par l’API'));
  });

  it('an edit made offline is refused when the client connects', async () => {
    const peers = await bystanders();
    const before = hubState();
    const offline = connectClient(t.hub, docName, c.coChair.token);
    offline.doc.getMap('meta').set('status', 'closed');
    await refused(offline);
    expect(hubState()).toEqual(before);
    await stillWorking(peers, 'Toujours là');
  });
});

describe('what editors may still write over WebSocket', () => {
  it('the minutes', async () => {
    const peers = await bystanders();
    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    writeParagraph(chloe.doc, 'Compte rendu de Chloé');
    await waitFor(
      () => minutesText(peers.bruno.doc).includes('Compte rendu de Chloé'),
      5000,
      'Bruno to see it',
    );
    expect(minutesText(t.core.docStore.load(docName))).toContain('Compte rendu de Chloé');
    expect(chloe.closes).toEqual([]);
    await stillWorking(peers, 'Suite');
  });

  it('but not decisions or actions, which go through the API', async () => {
    const peers = await bystanders();
    const before = hubState();
    for (const root of ['decisions', 'actions']) {
      const chloe = connectClient(t.hub, docName, c.secretary.token);
      chloe.doc.getArray(root).push([new Y.Map<unknown>(Object.entries({ id: 'x1', text: 'Adopter' }))]);
      await refused(chloe);
    }
    expect(hubState()).toEqual(before);
    await stillWorking(peers, 'Toujours');
  });
});

/**
 * Makes `client` write under the Yjs client id `id` from now on. Its own id comes back before the
 * client is destroyed (its presence is keyed by it).
 */
function takeClientId(client: Client, id: number): void {
  const own = client.doc.clientID;
  client.doc.clientID = id;
  defer(() => {
    client.doc.clientID = own;
  });
}

describe('a Yjs client id bound to another member', () => {
  it('new content under it is refused with 4403', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(amina.doc, 'Écrit par Amina');
    await waitFor(() => minutesText(t.core.docStore.load(docName)).includes('Écrit par Amina'));
    expect(t.core.docStore.clients(docName).get(amina.doc.clientID)).toBe(c.coChair.member.id);

    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    // Bruno's client takes Amina's id once synced (Yjs itself would pick a new id if content under
    // its own arrived from the hub) and before it writes anything.
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    expect(minutesText(bruno.doc)).toContain('Écrit par Amina');
    takeClientId(bruno, amina.doc.clientID);
    const before = hubState();

    writeParagraph(bruno.doc, 'Au nom d’Amina');
    await refused(bruno);
    expect(t.logs.join('\n')).toMatch(/another person’s identity/);
    expect(hubState()).toEqual(before);
    expect(t.core.docStore.clients(docName).get(amina.doc.clientID)).toBe(c.coChair.member.id);

    // Amina keeps writing under her own id; Chloé sees it.
    writeParagraph(amina.doc, 'Amina continue');
    await waitFor(() => minutesText(chloe.doc).includes('Amina continue'), 5000, 'Chloé to see Amina');
    expect(minutesText(chloe.doc)).not.toContain('Au nom d’Amina');
    expect([amina.closes, chloe.closes]).toEqual([[], []]);
  });

  it('the same member may reconnect and keep writing under their own id', async () => {
    const first = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(first.doc, 'Premier passage');
    await waitFor(() => minutesText(t.core.docStore.load(docName)).includes('Premier passage'));
    const id = first.doc.clientID;
    first.provider.disconnect();

    const again = await syncedClient(t.hub, docName, c.member.token);
    takeClientId(again, id);
    writeParagraph(again.doc, 'Deuxième passage');
    await waitFor(() => minutesText(t.core.docStore.load(docName)).includes('Deuxième passage'));
    expect(again.closes).toEqual([]);
  });
});
