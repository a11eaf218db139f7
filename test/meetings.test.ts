/**
 * Meetings and their agenda through the hub: who proposed what, reordering (also by two members
 * at once), what a stock client of the meeting doc sees, starting from the previous meeting,
 * attendance and quorum, and bad input refused with nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAgenda, readMeta, type AgendaItem } from '../src/shared/meeting';
import {
  OWNER_TOKEN,
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  type Committee1,
  type TestHub,
} from './helpers';
import { addItem, addMember, agendaTitles, expectError } from './fixtures';

let t: TestHub;
let a: Committee1;
let b: Committee1;

beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
});
afterAll(runDeferred);

let meetingCount = 0;
/** A new planned meeting of `c` (committee A by default), a day later than the last one made here. */
async function newMeeting(c: Committee1 = a, fields: { fromPrevious?: boolean } = {}) {
  meetingCount++;
  return call(t.hub, c.secretary.token, 'meetings.create', {
    committeeId: c.committee.id,
    title: `Rencontre ${meetingCount}`,
    startsAt: new Date(Date.UTC(2027, 0, meetingCount, 18)).toISOString(),
    ...fields,
  });
}

const list = (meetingId: string) => call(t.hub, OWNER_TOKEN, 'agenda.list', { meetingId });

describe('agenda items', () => {
  it('carry proposedBy = the member who added them, whatever their role', async () => {
    const meeting = await newMeeting();
    const byMember = await addItem(t.hub, a.member.token, meeting.id, 'Point de Bruno', {
      purpose: 'deliberation',
      engagementLevel: 'partnership',
      presenterId: a.coChair.member.id,
      plannedMinutes: 25,
    });
    expect(byMember).toMatchObject({
      title: 'Point de Bruno',
      purpose: 'deliberation',
      engagementLevel: 'partnership',
      presenterId: a.coChair.member.id,
      plannedMinutes: 25,
      status: 'pending',
      proposedBy: a.member.member.id,
    });
    const bySecretary = await addItem(t.hub, a.secretary.token, meeting.id, 'Point de Chloé');
    const byCoChair = await addItem(t.hub, a.coChair.token, meeting.id, 'Point d’Amina');
    const byOwner = await addItem(t.hub, OWNER_TOKEN, meeting.id, 'Point de l’hôte');
    expect(bySecretary).toMatchObject({
      proposedBy: a.secretary.member.id,
      purpose: 'information',
      engagementLevel: 'consultation',
      presenterId: '',
      plannedMinutes: 10,
    });
    expect(byCoChair.proposedBy).toBe(a.coChair.member.id);
    expect(byOwner.proposedBy).toBe('owner');
    expect(await list(meeting.id)).toEqual([byMember, bySecretary, byCoChair, byOwner]);
  });

  it('refuse a proposedBy typed by the caller (400 naming it); nothing is added', async () => {
    const meeting = await newMeeting();
    const msg = expectError(
      await post(t.hub, a.member.token, 'agenda.add', {
        meetingId: meeting.id,
        title: 'Au nom d’Amina',
        proposedBy: a.coChair.member.id,
      }),
      400,
      'invalid_input',
    );
    expect(msg).toContain('proposedBy');
    expectError(
      await post(t.hub, a.member.token, 'agenda.add', {
        meetingId: meeting.id,
        title: 'Déjà fait',
        status: 'done',
      }),
      400,
      'invalid_input',
    );
    expect(await list(meeting.id)).toEqual([]);
  });

  it('agenda.update changes the fields given; proposedBy stays the proposer’s', async () => {
    const meeting = await newMeeting();
    const item = await addItem(t.hub, a.member.token, meeting.id, 'Point initial');
    const updated = await call(t.hub, a.secretary.token, 'agenda.update', {
      meetingId: meeting.id,
      itemId: item.id,
      title: 'Point révisé',
      purpose: 'decision',
      plannedMinutes: 0,
      status: 'deferred',
    });
    expect(updated).toEqual({
      ...item,
      title: 'Point révisé',
      purpose: 'decision',
      plannedMinutes: 0,
      status: 'deferred',
    });
    expect(await list(meeting.id)).toEqual([updated]);
  });

  it('agenda.move reorders, and agenda.list gives the new order', async () => {
    const meeting = await newMeeting();
    const items: AgendaItem[] = [];
    for (const title of ['A', 'B', 'C', 'D'])
      items.push(await addItem(t.hub, a.member.token, meeting.id, title));
    const [A, B, C, D] = items as [AgendaItem, AgendaItem, AgendaItem, AgendaItem];
    const move = (item: AgendaItem, before: AgendaItem | null) =>
      call(t.hub, a.member.token, 'agenda.move', {
        meetingId: meeting.id,
        itemId: item.id,
        beforeItemId: before?.id ?? null,
      });

    expect((await move(D, A)).map((i) => i.title)).toEqual(['D', 'A', 'B', 'C']);
    expect((await move(A, null)).map((i) => i.title)).toEqual(['D', 'B', 'C', 'A']);
    expect((await move(C, B)).map((i) => i.title)).toEqual(['D', 'C', 'B', 'A']);
    expect((await move(B, B)).map((i) => i.title)).toEqual(['D', 'C', 'B', 'A']); // before itself: stays
    expect(await agendaTitles(t.hub, a.observer.token, meeting.id)).toEqual(['D', 'C', 'B', 'A']);
    // Moving changes the order only.
    const after = await list(meeting.id);
    expect(after.find((i) => i.id === B.id)).toEqual({ ...B, order: expect.any(Number) });
  });

  it('concurrent moves by two members never duplicate or lose an item', async () => {
    const meeting = await newMeeting();
    const ids: string[] = [];
    for (const title of ['Un', 'Deux', 'Trois', 'Quatre', 'Cinq', 'Six']) {
      ids.push((await addItem(t.hub, a.member.token, meeting.id, title)).id);
    }
    const client = await syncedClient(t.hub, meeting.docName, a.observer.token);
    // A deterministic shuffle of moves, sent at once by two members.
    const moves: Promise<unknown>[] = [];
    for (let n = 0; n < 40; n++) {
      const token = n % 2 ? a.member.token : a.coChair.token;
      const itemId = ids[(n * 5) % ids.length]!;
      const before = n % 7 === 0 ? null : ids[(n * 3 + 1) % ids.length]!;
      moves.push(call(t.hub, token, 'agenda.move', { meetingId: meeting.id, itemId, beforeItemId: before }));
    }
    await Promise.all(moves);
    const final = await list(meeting.id);
    expect(final.map((i) => i.id).sort()).toEqual([...ids].sort());
    const orders = final.map((i) => i.order);
    expect(new Set(orders).size).toBe(orders.length);
    expect([...orders].sort((x, y) => x - y)).toEqual(orders);
    // The stock client ends up with the same agenda, one Y.Map per item.
    await waitFor(
      () => JSON.stringify(readAgenda(client.doc)) === JSON.stringify(final),
      2000,
      'the client to see the final order',
    );
    expect(client.doc.getArray('agenda').length).toBe(ids.length);
  });

  it('a stock y-websocket client of the meeting doc sees changes made through the API', async () => {
    const meeting = await newMeeting();
    const client = await syncedClient(t.hub, meeting.docName, a.member.token);
    const titlesSeen = () =>
      client.doc
        .getArray<Y.Map<unknown>>('agenda')
        .toArray()
        .map((m) => m.get('title'));

    const first = await addItem(t.hub, a.coChair.token, meeting.id, 'Vu par le client');
    await waitFor(() => titlesSeen().includes('Vu par le client'), 1000, 'the client to see the new item');
    const seen = readAgenda(client.doc)[0]!;
    expect(seen).toEqual(first);
    expect(seen.proposedBy).toBe(a.coChair.member.id);

    const second = await addItem(t.hub, a.secretary.token, meeting.id, 'Deuxième');
    await call(t.hub, a.member.token, 'agenda.move', {
      meetingId: meeting.id,
      itemId: second.id,
      beforeItemId: first.id,
    });
    await waitFor(
      () =>
        readAgenda(client.doc)
          .map((i) => i.title)
          .join('|') === 'Deuxième|Vu par le client',
      1000,
      'the client to see the new order',
    );
    await call(t.hub, a.member.token, 'agenda.update', {
      meetingId: meeting.id,
      itemId: first.id,
      title: 'Renommé',
    });
    await waitFor(() => titlesSeen().includes('Renommé'), 1000, 'the client to see the new title');
    await call(t.hub, a.member.token, 'agenda.remove', { meetingId: meeting.id, itemId: second.id });
    await waitFor(() => titlesSeen().join('|') === 'Renommé', 1000, 'the client to see the removal');
  });
});

describe('bad agenda input: a clear refusal, and the agenda unchanged', () => {
  let meetingId: string;
  let item: AgendaItem;

  beforeAll(async () => {
    const meeting = await newMeeting();
    meetingId = meeting.id;
    item = await addItem(t.hub, a.member.token, meetingId, 'Point stable', { plannedMinutes: 15 });
  });

  const unchanged = async () => expect(await list(meetingId)).toEqual([item]);

  it.each([
    ['an empty title', { title: '' }, /\btitle is required/],
    ['a blank title', { title: '  ' }, /\btitle is required/],
    ['a title over 200 characters', { title: 't'.repeat(201) }, /\btitle is too long/],
    ['negative plannedMinutes', { plannedMinutes: -5 }, /\bplannedMinutes cannot be negative/],
    ['non-integer plannedMinutes', { plannedMinutes: 2.5 }, /\bplannedMinutes must be a whole number/],
    ['plannedMinutes as text', { plannedMinutes: '10' }, /\bplannedMinutes\b/],
    ['too many plannedMinutes', { plannedMinutes: 601 }, /\bplannedMinutes\b/],
    ['an unknown purpose', { purpose: 'gossip' }, /\bpurpose\b/],
    ['an unknown engagement level', { engagementLevel: 'ownership' }, /\bengagementLevel\b/],
  ])('agenda.add with %s: 400', async (_label, fields, message) => {
    const msg = expectError(
      await post(t.hub, a.member.token, 'agenda.add', { meetingId, title: 'Nouveau', ...fields }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(message);
    await unchanged();
  });

  it.each([
    ['an empty title', { title: '' }, /\btitle\b/],
    ['negative plannedMinutes', { plannedMinutes: -1 }, /\bplannedMinutes\b/],
    ['non-integer plannedMinutes', { plannedMinutes: 0.5 }, /\bplannedMinutes\b/],
    ['an unknown status', { status: 'forgotten' }, /\bstatus\b/],
  ])('agenda.update with %s: 400', async (_label, fields, message) => {
    const msg = expectError(
      await post(t.hub, a.member.token, 'agenda.update', { meetingId, itemId: item.id, ...fields }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(message);
    await unchanged();
  });

  it('a presenter from another committee: 404 naming them', async () => {
    const other = b.coChair.member.id;
    const add = await post(t.hub, a.member.token, 'agenda.add', {
      meetingId,
      title: 'Présenté par B',
      presenterId: other,
    });
    expect(expectError(add, 404, 'not_found')).toContain(other);
    const update = await post(t.hub, a.member.token, 'agenda.update', {
      meetingId,
      itemId: item.id,
      presenterId: other,
      title: 'Ne doit pas changer',
    });
    expect(expectError(update, 404, 'not_found')).toContain(other);
    expectError(
      await post(t.hub, a.member.token, 'agenda.add', {
        meetingId,
        title: 'Inconnu',
        presenterId: 'no-such-member',
      }),
      404,
      'not_found',
    );
    await unchanged();
  });

  it('an unknown meeting: 404', async () => {
    for (const [method, input] of [
      ['agenda.add', { meetingId: 'no-such-meeting', title: 'Perdu' }],
      ['agenda.list', { meetingId: 'no-such-meeting' }],
      ['agenda.update', { meetingId: 'no-such-meeting', itemId: item.id, title: 'Perdu' }],
      ['agenda.remove', { meetingId: 'no-such-meeting', itemId: item.id }],
      ['agenda.move', { meetingId: 'no-such-meeting', itemId: item.id, beforeItemId: null }],
      ['attendance.get', { meetingId: 'no-such-meeting' }],
      ['meetings.start', { id: 'no-such-meeting' }],
    ] as const) {
      const msg = expectError(await post(t.hub, OWNER_TOKEN, method, input), 404, 'not_found');
      expect(msg, method).toContain('no-such-meeting');
    }
    await unchanged();
  });

  it('an unknown agenda item: 404', async () => {
    for (const [method, input] of [
      ['agenda.update', { meetingId, itemId: 'no-such-item', title: 'Perdu' }],
      ['agenda.remove', { meetingId, itemId: 'no-such-item' }],
      ['agenda.move', { meetingId, itemId: 'no-such-item', beforeItemId: null }],
      ['agenda.move', { meetingId, itemId: item.id, beforeItemId: 'no-such-item' }],
    ] as const) {
      const msg = expectError(await post(t.hub, a.member.token, method, input), 404, 'not_found');
      expect(msg, method).toContain('no-such-item');
    }
    // An item of another meeting is unknown in this one.
    const elsewhere = await addItem(t.hub, OWNER_TOKEN, a.meeting.id, 'Ailleurs');
    expectError(
      await post(t.hub, a.member.token, 'agenda.remove', { meetingId, itemId: elsewhere.id }),
      404,
      'not_found',
    );
    await unchanged();
  });

  it('any change on a closed meeting: 409, the agenda unchanged', async () => {
    const meeting = await newMeeting();
    const kept = await addItem(t.hub, a.member.token, meeting.id, 'Dernier point');
    await call(t.hub, a.coChair.token, 'meetings.start', { id: meeting.id });
    await call(t.hub, a.coChair.token, 'meetings.close', { id: meeting.id });
    const before = await list(meeting.id);
    for (const [method, input] of [
      ['agenda.add', { meetingId: meeting.id, title: 'Trop tard' }],
      ['agenda.update', { meetingId: meeting.id, itemId: kept.id, title: 'Trop tard' }],
      ['agenda.move', { meetingId: meeting.id, itemId: kept.id, beforeItemId: null }],
      ['agenda.remove', { meetingId: meeting.id, itemId: kept.id }],
    ] as const) {
      const msg = expectError(await post(t.hub, a.member.token, method, input), 409, 'conflict');
      expect(msg, method).toMatch(/closed/);
    }
    expect(await list(meeting.id)).toEqual(before);
    expectError(await post(t.hub, a.member.token, 'hands.raise', { meetingId: meeting.id }), 409, 'conflict');
  });
});

describe('meetings.create and meetings.update', () => {
  it.each([
    ['an empty title', { title: '' }, /\btitle\b/],
    ['a title over 200 characters', { title: 'm'.repeat(201) }, /\btitle\b/],
    ['a video link that is not a web address', { videoLink: 'javascript:alert(1)' }, /\bvideoLink\b/],
  ])('refuse %s (400) and create nothing', async (_label, fields, message) => {
    const before = await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: a.committee.id });
    const msg = expectError(
      await post(t.hub, a.secretary.token, 'meetings.create', {
        committeeId: a.committee.id,
        title: 'Rencontre refusée',
        startsAt: '2027-06-01T18:00:00Z',
        ...fields,
      }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(message);
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: a.committee.id })).toEqual(before);

    const update = await post(t.hub, a.secretary.token, 'meetings.update', { id: a.meeting.id, ...fields });
    expect(expectError(update, 400, 'invalid_input')).toMatch(message);
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.get', { id: a.meeting.id })).toEqual(a.meeting);
  });

  it('meetings.update changes the fields given', async () => {
    const meeting = await newMeeting();
    const updated = await call(t.hub, a.secretary.token, 'meetings.update', {
      id: meeting.id,
      title: 'Rencontre déplacée',
      startsAt: '2027-09-09T12:00:00-04:00',
      place: 'Salle du conseil',
      videoLink: 'https://visio.example.org/comite',
    });
    expect(updated).toEqual({
      ...meeting,
      title: 'Rencontre déplacée',
      startsAt: '2027-09-09T16:00:00.000Z',
      place: 'Salle du conseil',
      videoLink: 'https://visio.example.org/comite',
    });
    expect(await call(t.hub, a.observer.token, 'meetings.get', { id: meeting.id })).toEqual(updated);
  });
});

describe('meetings.create with fromPrevious', () => {
  /** A committee with one earlier meeting whose agenda and actions are in various states. */
  async function earlierMeeting(language?: 'fr' | 'en') {
    const c = await seedCommittee(t.hub, `Comité ${language ?? 'par défaut'}`);
    if (language) await call(t.hub, OWNER_TOKEN, 'committees.update', { id: c.committee.id, language });
    const prev = c.meeting;
    const done = await addItem(t.hub, c.member.token, prev.id, 'Point réglé');
    const pending = await addItem(t.hub, c.member.token, prev.id, 'Point à reprendre', {
      purpose: 'decision',
      engagementLevel: 'partnership',
      presenterId: c.coChair.member.id,
      plannedMinutes: 20,
    });
    const deferred = await addItem(t.hub, c.secretary.token, prev.id, 'Point reporté');
    const started = await addItem(t.hub, c.coChair.token, prev.id, 'Point entamé');
    await call(t.hub, c.member.token, 'agenda.update', {
      meetingId: prev.id,
      itemId: done.id,
      status: 'done',
    });
    await call(t.hub, c.member.token, 'agenda.update', {
      meetingId: prev.id,
      itemId: deferred.id,
      status: 'deferred',
    });
    await call(t.hub, c.member.token, 'agenda.update', {
      meetingId: prev.id,
      itemId: started.id,
      status: 'in-progress',
    });

    // Actions are recorded through the API, as the app does.
    await call(t.hub, c.secretary.token, 'actions.add', {
      meetingId: prev.id,
      title: 'Écrire au CIUSSS',
      ownerId: c.member.member.id,
    });
    const booked = await call(t.hub, c.secretary.token, 'actions.add', {
      meetingId: prev.id,
      title: 'Réserver la salle',
    });
    await call(t.hub, c.secretary.token, 'actions.update', {
      meetingId: prev.id,
      actionId: booked.id,
      status: 'done',
    });
    expect(t.core.docStore.load(prev.docName).getArray('actions').length).toBe(2);
    return { c, prev, done, pending, deferred, started };
  }

  it('carries over unfinished items and open actions, after the two standing items (in French)', async () => {
    const { c, prev, pending, deferred, started } = await earlierMeeting();
    const next = await call(t.hub, c.secretary.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'Rencontre de décembre',
      startsAt: '2026-12-18T18:00:00Z',
      fromPrevious: true,
    });
    const agenda = await list(next.id);
    expect(agenda.map((i) => i.title)).toEqual([
      'Adoption de l’ordre du jour',
      'Approbation du compte rendu de la rencontre précédente',
      // The open action comes back on the agenda (it has no due date, so it is not overdue).
      'Suivi des actions',
      'Point à reprendre',
      'Point reporté',
      'Point entamé',
    ]);
    expect(agenda.slice(0, 3).map((i) => i.standing)).toEqual([
      'adoption-of-agenda',
      'approval-of-minutes',
      'follow-up-of-actions',
    ]);
    expect(agenda.slice(0, 3).every((i) => i.carriedFrom === undefined && i.status === 'pending')).toBe(true);
    const carried = agenda.slice(3);
    for (const item of carried) {
      expect(item.carriedFrom).toBe(prev.id);
      expect(item.status).toBe('pending');
    }
    expect(carried[0]).toMatchObject({
      purpose: 'decision',
      engagementLevel: 'partnership',
      presenterId: c.coChair.member.id,
      plannedMinutes: 20,
      proposedBy: c.member.member.id,
    });
    expect(carried[1]!.proposedBy).toBe(c.secretary.member.id);
    expect(carried[2]!.proposedBy).toBe(c.coChair.member.id);
    // New items, not the old ones.
    expect(carried.map((i) => i.id)).not.toContain(pending.id);
    expect(carried.map((i) => i.id)).not.toContain(deferred.id);
    expect(carried.map((i) => i.id)).not.toContain(started.id);
    expect(new Set(agenda.map((i) => i.id)).size).toBe(6);

    // The open action, not the done one, as a client of the new meeting sees it.
    const client = await syncedClient(t.hub, next.docName, c.member.token);
    const actions = client.doc
      .getArray<Y.Map<unknown>>('actions')
      .toArray()
      .map((m) => m.toJSON());
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      title: 'Écrire au CIUSSS',
      status: 'open',
      ownerId: c.member.member.id,
      carriedFrom: prev.id,
    });
    expect(readMeta(client.doc).status).toBe('planned');
    // The previous meeting is left as it was.
    expect((await list(prev.id)).map((i) => i.title)).toEqual([
      'Point réglé',
      'Point à reprendre',
      'Point reporté',
      'Point entamé',
    ]);
  });

  it('names the standing items in the committee’s language, and does not carry them again', async () => {
    const { c } = await earlierMeeting('en');
    const second = await call(t.hub, c.coChair.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'December meeting',
      startsAt: '2026-12-18T18:00:00Z',
      fromPrevious: true,
    });
    const titles = await agendaTitles(t.hub, OWNER_TOKEN, second.id);
    expect(titles.slice(0, 2)).toEqual([
      'Adoption of the agenda',
      'Approval of the minutes of the previous meeting',
    ]);
    // From this one, the standing items are made anew, not carried over twice.
    const third = await call(t.hub, c.coChair.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'January meeting',
      startsAt: '2027-01-15T18:00:00Z',
      fromPrevious: true,
    });
    expect(await agendaTitles(t.hub, OWNER_TOKEN, third.id)).toEqual(titles);
  });

  it('skips what is not an action in the previous meeting’s actions, and creates the meeting whole', async () => {
    const c = await seedCommittee(t.hub, 'Comité aux actions mal formées');
    // Peers cannot write actions any more; an older document may still hold anything.
    t.core.docs.edit(c.meeting.docName, null, (doc) => {
      const actions = doc.getArray<unknown>('actions');
      actions.push([{ id: 'plain', title: 'Objet simple', status: 'open' }, 42, 'texte', null]);
      actions.push([
        new Y.Map<unknown>(Object.entries({ id: 'act-1', title: 'Vraie action', status: 'open' })),
      ]);
    });
    expect(t.core.docStore.load(c.meeting.docName).getArray('actions').length).toBe(5);
    const before = await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: c.committee.id });

    const next = await post(t.hub, c.secretary.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'Rencontre suivante',
      startsAt: '2026-12-18T18:00:00Z',
      fromPrevious: true,
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: c.committee.id })).toHaveLength(
      before.length + 1,
    );
    const carried = t.core.docs.read(next.body.docName as string, (doc) =>
      doc
        .getArray<Y.Map<unknown>>('actions')
        .toArray()
        .map((m) => m.get('id')),
    );
    expect(carried).toEqual(['act-1']);
    expect(await agendaTitles(t.hub, OWNER_TOKEN, next.body.id as string)).toEqual([
      'Adoption de l’ordre du jour',
      'Approbation du compte rendu de la rencontre précédente',
      'Suivi des actions',
    ]);
  });

  it('with no earlier meeting: 409, and no meeting is created', async () => {
    const committee = await call(t.hub, OWNER_TOKEN, 'committees.create', {
      name: 'Comité tout neuf',
      area: 'teaching',
    });
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'meetings.create', {
        committeeId: committee.id,
        title: 'Première rencontre',
        startsAt: '2026-12-01T18:00:00Z',
        fromPrevious: true,
      }),
      409,
      'conflict',
    );
    expect(msg).toMatch(/earlier meeting/);
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: committee.id })).toEqual([]);

    // Only earlier meetings count: one planned later is no "previous" meeting.
    await call(t.hub, OWNER_TOKEN, 'meetings.create', {
      committeeId: committee.id,
      title: 'Rencontre de l’an prochain',
      startsAt: '2027-12-01T18:00:00Z',
    });
    expectError(
      await post(t.hub, OWNER_TOKEN, 'meetings.create', {
        committeeId: committee.id,
        title: 'Première rencontre',
        startsAt: '2026-12-01T18:00:00Z',
        fromPrevious: true,
      }),
      409,
      'conflict',
    );
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: committee.id })).toHaveLength(1);
  });
});

describe('attendance and quorum', () => {
  /**
   * A committee with 4 voting members (co-chair, member, secretary, and one more), an observer
   * and a member who left: neither of the last two counts.
   */
  async function committeeOfFour(quorum?: { kind: 'count'; value: number }) {
    const c = await seedCommittee(t.hub, 'Comité du quorum');
    if (quorum) await call(t.hub, OWNER_TOKEN, 'committees.update', { id: c.committee.id, quorum });
    const fourth = await addMember(
      t.hub,
      OWNER_TOKEN,
      c.committee.id,
      'Quatrième Membre',
      'member',
      'professional',
    );
    const gone = await addMember(t.hub, OWNER_TOKEN, c.committee.id, 'Membre Parti');
    await call(t.hub, OWNER_TOKEN, 'members.leave', { id: gone.member.id });
    return { c, fourth, gone };
  }

  it('with the majority rule and 4 voting members: 2 attending is not quorum, 3 is', async () => {
    const { c, fourth, gone } = await committeeOfFour();
    const set = (memberId: string, status: 'present' | 'remote' | 'excused' | 'absent') =>
      call(t.hub, c.secretary.token, 'attendance.set', { meetingId: c.meeting.id, memberId, status });

    // Those who do not count, even present.
    let report = await set(c.observer.member.id, 'present');
    report = await set(gone.member.id, 'present');
    expect(report.quorum).toEqual({ voting: 4, attending: 0, required: 3, reached: false });
    report = await set(c.coChair.member.id, 'present');
    report = await set(c.member.member.id, 'excused');
    report = await set(fourth.member.id, 'absent');
    expect(report.quorum).toEqual({ voting: 4, attending: 1, required: 3, reached: false });
    report = await set(c.secretary.member.id, 'present');
    expect(report.quorum).toEqual({ voting: 4, attending: 2, required: 3, reached: false });
    report = await set(fourth.member.id, 'remote');
    expect(report.quorum).toEqual({ voting: 4, attending: 3, required: 3, reached: true });
    expect(report.attendance).toEqual({
      [c.observer.member.id]: 'present',
      [gone.member.id]: 'present',
      [c.coChair.member.id]: 'present',
      [c.member.member.id]: 'excused',
      [fourth.member.id]: 'remote',
      [c.secretary.member.id]: 'present',
    });

    // Anyone of the committee reads the same; a client of the meeting doc sees it in meta.
    expect(await call(t.hub, c.observer.token, 'attendance.get', { meetingId: c.meeting.id })).toEqual(
      report,
    );
    const client = await syncedClient(t.hub, c.meeting.docName, c.observer.token);
    expect(readMeta(client.doc).attendance).toEqual(report.attendance);

    // Back under quorum when someone is marked absent after all.
    report = await set(c.secretary.member.id, 'absent');
    expect(report.quorum.reached).toBe(false);
    await waitFor(() => readMeta(client.doc).attendance[c.secretary.member.id] === 'absent', 1000);
  });

  it('with {kind: "count", value: 2}: reached at 2', async () => {
    const { c, fourth } = await committeeOfFour({ kind: 'count', value: 2 });
    const set = (memberId: string) =>
      call(t.hub, c.coChair.token, 'attendance.set', {
        meetingId: c.meeting.id,
        memberId,
        status: 'present',
      });
    expect((await set(c.member.member.id)).quorum).toEqual({
      voting: 4,
      attending: 1,
      required: 2,
      reached: false,
    });
    expect((await set(fourth.member.id)).quorum).toEqual({
      voting: 4,
      attending: 2,
      required: 2,
      reached: true,
    });
  });

  it('a change of quorum rule shows in attendance.get', async () => {
    const { c } = await committeeOfFour();
    await call(t.hub, c.secretary.token, 'attendance.set', {
      meetingId: c.meeting.id,
      memberId: c.member.member.id,
      status: 'present',
    });
    expect(
      (await call(t.hub, OWNER_TOKEN, 'attendance.get', { meetingId: c.meeting.id })).quorum.reached,
    ).toBe(false);
    await call(t.hub, c.coChair.token, 'committees.update', {
      id: c.committee.id,
      quorum: { kind: 'share', value: 0.25 },
    });
    expect((await call(t.hub, OWNER_TOKEN, 'attendance.get', { meetingId: c.meeting.id })).quorum).toEqual({
      voting: 4,
      attending: 1,
      required: 1,
      reached: true,
    });
  });

  it('a member of another committee, an unknown member or meeting, or a bad status: refused, nothing recorded', async () => {
    const { c } = await committeeOfFour();
    const meetingId = c.meeting.id;
    const other = await post(t.hub, c.secretary.token, 'attendance.set', {
      meetingId,
      memberId: b.member.member.id,
      status: 'present',
    });
    expect(expectError(other, 404, 'not_found')).toContain(b.member.member.id);
    expectError(
      await post(t.hub, c.secretary.token, 'attendance.set', {
        meetingId,
        memberId: 'nobody',
        status: 'present',
      }),
      404,
      'not_found',
    );
    expectError(
      await post(t.hub, c.secretary.token, 'attendance.set', {
        meetingId: 'no-such-meeting',
        memberId: c.member.member.id,
        status: 'present',
      }),
      404,
      'not_found',
    );
    const bad = await post(t.hub, c.secretary.token, 'attendance.set', {
      meetingId,
      memberId: c.member.member.id,
      status: 'late',
    });
    expect(expectError(bad, 400, 'invalid_input')).toMatch(/\bstatus\b/);
    expect((await call(t.hub, OWNER_TOKEN, 'attendance.get', { meetingId })).attendance).toEqual({});
    expect(t.core.docs.read(c.meeting.docName, readMeta).attendance).toEqual({});
  });
});
