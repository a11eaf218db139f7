/**
 * Committees and members through the hub: changing a member, their leaving (their links stop
 * working, their past contributions stay theirs), invitation links, the co-chair limit, and bad
 * input refused with a message naming the field and nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OWNER_TOKEN,
  call,
  minutesText,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncBase,
  syncedClient,
  upgradeStatus,
  waitFor,
  writeParagraph,
  type Committee1,
  type TestHub,
} from './helpers';
import { Clock, addMember, expectError, statusOf } from './fixtures';

let t: TestHub;
let a: Committee1;
let b: Committee1;

const clock = new Clock('2026-11-20T15:00:00Z');

beforeAll(async () => {
  t = await startTestHub({ core: { now: clock.now } });
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
});
afterAll(runDeferred);

const membersOf = (committeeId: string) => call(t.hub, OWNER_TOKEN, 'members.list', { committeeId });
const committeeCount = async () => (await call(t.hub, OWNER_TOKEN, 'committees.list', {})).length;

describe('members.update', () => {
  it('changes the fields given and leaves the others as they were', async () => {
    const seat = await addMember(
      t.hub,
      OWNER_TOKEN,
      a.committee.id,
      'Hélène Proche',
      'member',
      'caregiver-partner',
    );
    const updated = await call(t.hub, a.coChair.token, 'members.update', {
      id: seat.member.id,
      name: 'Hélène Proche-Aidante',
      kind: 'patient-partner',
      role: 'secretary',
      engagementLevel: 'partnership',
      mandate: 'Représenter les proches aidants',
      startDate: '2026-01-15',
      endDate: '2027-01-14',
      consents: { named: true, contact: true },
    });
    expect(updated).toMatchObject({
      id: seat.member.id,
      committeeId: a.committee.id,
      name: 'Hélène Proche-Aidante',
      kind: 'patient-partner',
      role: 'secretary',
      engagementLevel: 'partnership',
      mandate: 'Représenter les proches aidants',
      startDate: '2026-01-15',
      endDate: '2027-01-14',
      consents: { named: true, contact: true },
      leftAt: null,
      hasActiveLink: true,
    });
    expect((await membersOf(a.committee.id)).find((m) => m.id === seat.member.id)).toEqual(updated);
    // The member's own session says who they now are.
    expect(await call(t.hub, seat.token, 'session.whoami', {})).toMatchObject({
      memberId: seat.member.id,
      role: 'secretary',
      name: 'Hélène Proche-Aidante',
    });

    const partial = await call(t.hub, a.coChair.token, 'members.update', { id: seat.member.id, mandate: '' });
    expect(partial).toEqual({ ...updated, mandate: '' });
  });

  it('an unknown member: 404', async () => {
    expectError(
      await post(t.hub, OWNER_TOKEN, 'members.update', { id: 'no-such-member', name: 'X' }),
      404,
      'not_found',
    );
  });
});

describe('members.leave', () => {
  it('revokes their links while their speaking turns and minutes stay attributed to them', async () => {
    const c = await seedCommittee(t.hub, 'Comité des départs');
    const bruno = c.member;
    const { meeting } = c;
    // Bruno writes in the minutes and speaks once.
    const client = await syncedClient(t.hub, meeting.docName, bruno.token);
    writeParagraph(client.doc, 'Texte de Bruno');
    await waitFor(() => minutesText(t.core.docStore.load(meeting.docName)).includes('Texte de Bruno'));
    await call(t.hub, OWNER_TOKEN, 'meetings.start', { id: meeting.id });
    await call(t.hub, c.coChair.token, 'floor.give', { meetingId: meeting.id, memberId: bruno.member.id });
    await call(t.hub, c.coChair.token, 'floor.end', { meetingId: meeting.id });
    const updatesBefore = t.core.db
      .prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE member_id = ?')
      .get(bruno.member.id) as { n: number };
    expect(updatesBefore.n).toBeGreaterThan(0);

    const left = await call(t.hub, c.coChair.token, 'members.leave', {
      id: bruno.member.id,
      endDate: '2026-12-31',
    });
    expect(left).toMatchObject({ id: bruno.member.id, endDate: '2026-12-31', hasActiveLink: false });
    expect(Number.isNaN(Date.parse(left.leftAt ?? ''))).toBe(false);

    // Their token no longer opens anything.
    expectError(await post(t.hub, bruno.token, 'session.whoami', {}), 401, 'unauthorized');
    expectError(
      await post(t.hub, bruno.token, 'agenda.list', { meetingId: meeting.id }),
      401,
      'unauthorized',
    );
    expect(await upgradeStatus(`${syncBase(t.hub)}/${meeting.docName}?token=${bruno.token}`)).toBe(401);

    // They are still listed, marked as gone, and what they did is still theirs.
    const listed = (await membersOf(c.committee.id)).find((m) => m.id === bruno.member.id);
    expect(listed).toEqual(left);
    const { turns, totals } = await call(t.hub, OWNER_TOKEN, 'speaking.list', { meetingId: meeting.id });
    expect(turns.map((x) => x.memberId)).toEqual([bruno.member.id]);
    expect(Object.keys(totals)).toEqual([bruno.member.id]);
    const updatesAfter = t.core.db
      .prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE member_id = ?')
      .get(bruno.member.id);
    expect(updatesAfter).toEqual(updatesBefore);
    expect(t.core.docStore.clients(meeting.docName).get(client.doc.clientID)).toBe(bruno.member.id);

    // Leaving twice, or inviting someone who left, is a conflict.
    expectError(
      await post(t.hub, c.coChair.token, 'members.leave', { id: bruno.member.id }),
      409,
      'conflict',
    );
    expectError(
      await post(t.hub, c.coChair.token, 'members.invite', { id: bruno.member.id }),
      409,
      'conflict',
    );
    // The floor cannot go to them any more.
    expectError(
      await post(t.hub, c.coChair.token, 'floor.give', { meetingId: meeting.id, memberId: bruno.member.id }),
      409,
      'conflict',
    );
  });

  it('without an endDate, ends their mandate today', async () => {
    const seat = await addMember(t.hub, OWNER_TOKEN, a.committee.id, 'Irène Partante');
    const left = await call(t.hub, OWNER_TOKEN, 'members.leave', { id: seat.member.id });
    expect(left.endDate).toBe('2026-11-20');
    expect(left.leftAt).toBe('2026-11-20T15:00:00.000Z');
  });

  it('closes the live connections of a member who leaves: they can no longer write', async () => {
    const c = await seedCommittee(t.hub, 'Comité des connexions');
    const { meeting } = c;
    const bruno = await syncedClient(t.hub, meeting.docName, c.member.token);
    const amina = await syncedClient(t.hub, meeting.docName, c.coChair.token);
    writeParagraph(bruno.doc, 'Avant le départ');
    await waitFor(() => minutesText(amina.doc).includes('Avant le départ'));

    await call(t.hub, c.coChair.token, 'members.leave', { id: c.member.member.id });
    await waitFor(
      () => bruno.closes.length > 0,
      5000,
      'the hub to close the connection of the member who left',
    );
    expect(bruno.closes).toEqual([4401]); // a stock client does not retry a 44xx close
    writeParagraph(bruno.doc, 'Après le départ');
    writeParagraph(amina.doc, 'Amina continue');
    await waitFor(() => minutesText(t.core.docStore.load(meeting.docName)).includes('Amina continue'));
    expect(minutesText(t.core.docStore.load(meeting.docName))).toBe('Avant le départ\nAmina continue');
    expect(amina.closes).toEqual([]);
    expect(bruno.provider.shouldConnect).toBe(false);
  });
});

describe('a live connection follows its member’s links and role', () => {
  it('a revoked or replaced link closes the connection opened with it (4401); the new one works', async () => {
    const c = await seedCommittee(t.hub, 'Comité des liens');
    const { meeting } = c;
    const revoked = await syncedClient(t.hub, meeting.docName, c.member.token);
    await call(t.hub, c.coChair.token, 'members.revokeInvite', { id: c.member.member.id });
    await waitFor(() => revoked.closes.includes(4401), 5000, 'the revoked link’s connection to close');

    const first = await call(t.hub, c.coChair.token, 'members.invite', { id: c.member.member.id });
    const old = await syncedClient(t.hub, meeting.docName, first.token);
    const second = await call(t.hub, c.coChair.token, 'members.invite', { id: c.member.member.id });
    await waitFor(() => old.closes.includes(4401), 5000, 'the replaced link’s connection to close');
    const fresh = await syncedClient(t.hub, meeting.docName, second.token);
    writeParagraph(fresh.doc, 'Avec le nouveau lien');
    await waitFor(() => minutesText(t.core.docStore.load(meeting.docName)).includes('Avec le nouveau lien'));
    expect(fresh.closes).toEqual([]);
  });

  it('a member made observer while connected can no longer write; an observer made member can', async () => {
    const c = await seedCommittee(t.hub, 'Comité des rôles');
    const { meeting } = c;
    const bruno = await syncedClient(t.hub, meeting.docName, c.member.token);
    const denis = await syncedClient(t.hub, meeting.docName, c.observer.token);
    const amina = await syncedClient(t.hub, meeting.docName, c.coChair.token);
    await call(t.hub, c.coChair.token, 'members.update', { id: c.member.member.id, role: 'observer' });
    writeParagraph(bruno.doc, 'Écrit en observateur');
    // A later edit by Amina arriving at Bruno's client shows the hub has handled his.
    writeParagraph(amina.doc, 'Repère');
    await waitFor(() => minutesText(bruno.doc).includes('Repère'));
    expect(minutesText(amina.doc)).toBe('Repère');
    expect(minutesText(t.core.docStore.load(meeting.docName))).toBe('Repère');

    await call(t.hub, c.coChair.token, 'members.update', { id: c.observer.member.id, role: 'member' });
    writeParagraph(denis.doc, 'Denis, désormais membre');
    await waitFor(() => minutesText(amina.doc).includes('Denis, désormais membre'));
    expect(minutesText(t.core.docStore.load(meeting.docName))).toBe('Repère\nDenis, désormais membre');
    expect([bruno.closes, denis.closes, amina.closes]).toEqual([[], [], []]);
  });
});

describe('invitation links', () => {
  it('members.invite gives a new working token; the old one gets 401', async () => {
    const seat = await addMember(t.hub, OWNER_TOKEN, a.committee.id, 'Jules Invité');
    const invited = await call(t.hub, a.coChair.token, 'members.invite', { id: seat.member.id });
    expect(invited.member).toMatchObject({ id: seat.member.id, hasActiveLink: true });
    expect(invited.token).not.toBe(seat.token);
    expect(invited.token.length).toBeGreaterThanOrEqual(32);
    expect(await call(t.hub, invited.token, 'session.whoami', {})).toMatchObject({
      memberId: seat.member.id,
    });
    expectError(await post(t.hub, seat.token, 'session.whoami', {}), 401, 'unauthorized');
    const url = `${syncBase(t.hub)}/${a.meeting.docName}?token=`;
    expect(await upgradeStatus(url + invited.token)).toBe(101);
    expect(await upgradeStatus(url + seat.token)).toBe(401);
  });

  it('members.revokeInvite: the token gets 401 and hasActiveLink is false until a new invitation', async () => {
    const seat = await addMember(t.hub, OWNER_TOKEN, a.committee.id, 'Karim Révoqué');
    const revoked = await call(t.hub, a.coChair.token, 'members.revokeInvite', { id: seat.member.id });
    expect(revoked).toMatchObject({ id: seat.member.id, hasActiveLink: false, leftAt: null });
    expectError(await post(t.hub, seat.token, 'session.whoami', {}), 401, 'unauthorized');
    expect((await membersOf(a.committee.id)).find((m) => m.id === seat.member.id)?.hasActiveLink).toBe(false);

    const again = await call(t.hub, a.coChair.token, 'members.invite', { id: seat.member.id });
    expect(again.member.hasActiveLink).toBe(true);
    expect(await statusOf(t.hub, again.token, 'session.whoami', {})).toBe(200);
    expect(await statusOf(t.hub, seat.token, 'session.whoami', {})).toBe(401);
  });
});

describe('at most two co-chairs', () => {
  it('a third co-chair: 409, and the member is not created', async () => {
    const c = await seedCommittee(t.hub, 'Comité à deux têtes');
    await addMember(t.hub, OWNER_TOKEN, c.committee.id, 'Deuxième Coprésidente', 'co-chair', 'professional');
    const before = await membersOf(c.committee.id);
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'members.add', {
        committeeId: c.committee.id,
        name: 'Troisième Coprésident',
        kind: 'manager',
        role: 'co-chair',
        engagementLevel: 'partnership',
      }),
      409,
      'conflict',
    );
    expect(msg).toMatch(/co-chair/);
    expect(await membersOf(c.committee.id)).toEqual(before);

    // Nor by promoting someone.
    const promote = await post(t.hub, c.coChair.token, 'members.update', {
      id: c.member.member.id,
      role: 'co-chair',
    });
    expectError(promote, 409, 'conflict');
    expect(await membersOf(c.committee.id)).toEqual(before);
    // Changing a co-chair's other fields is fine.
    await call(t.hub, c.coChair.token, 'members.update', {
      id: c.coChair.member.id,
      role: 'co-chair',
      name: 'Amina P.',
    });

    // Once a co-chair has left, another may be named.
    await call(t.hub, OWNER_TOKEN, 'members.leave', { id: c.coChair.member.id });
    const promoted = await call(t.hub, OWNER_TOKEN, 'members.update', {
      id: c.member.member.id,
      role: 'co-chair',
    });
    expect(promoted.role).toBe('co-chair');
  });
});

describe('bad input: a 400 naming the field, and nothing written', () => {
  it.each([
    ['an empty name', ''],
    ['a blank name', '   '],
    ['a name over 200 characters', 'x'.repeat(201)],
  ])('committees.create with %s', async (_label, name) => {
    const before = await committeeCount();
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', { name, area: 'research' }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/\bname\b/);
    expect(await committeeCount()).toBe(before);
  });

  it('a name of exactly 200 characters is fine', async () => {
    const created = await call(t.hub, OWNER_TOKEN, 'committees.create', {
      name: 'n'.repeat(200),
      area: 'research',
    });
    expect(created.name).toHaveLength(200);
  });

  it.each([
    ['a share of 0', { kind: 'share', value: 0 }],
    ['a share of 1.5', { kind: 'share', value: 1.5 }],
    ['a count of 0', { kind: 'count', value: 0 }],
    ['a count of 2.5', { kind: 'count', value: 2.5 }],
    ['an unknown kind', { kind: 'unanimity' }],
  ])('a quorum rule with %s', async (_label, quorum) => {
    const before = await committeeCount();
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', {
        name: 'Comité au quorum bizarre',
        area: 'governance',
        quorum,
      }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/\bquorum\b/);
    expect(await committeeCount()).toBe(before);

    const update = await post(t.hub, a.coChair.token, 'committees.update', { id: a.committee.id, quorum });
    expect(expectError(update, 400, 'invalid_input')).toMatch(/\bquorum\b/);
    expect(await call(t.hub, OWNER_TOKEN, 'committees.get', { id: a.committee.id })).toEqual(a.committee);
  });

  it('valid quorum rules are kept as given', async () => {
    const share = await call(t.hub, OWNER_TOKEN, 'committees.create', {
      name: 'Comité aux deux tiers',
      area: 'governance',
      quorum: { kind: 'share', value: 1 },
    });
    expect(share.quorum).toEqual({ kind: 'share', value: 1 });
    expect(share.language).toBe('fr');
    const count = await call(t.hub, OWNER_TOKEN, 'committees.update', {
      id: share.id,
      quorum: { kind: 'count', value: 4 },
    });
    expect(count.quorum).toEqual({ kind: 'count', value: 4 });
    expect(await call(t.hub, OWNER_TOKEN, 'committees.get', { id: share.id })).toEqual(count);
  });

  it.each([
    ['an empty name', { name: '' }, /\bname\b/],
    ['a name over 200 characters', { name: 'y'.repeat(201) }, /\bname\b/],
    [
      'a startDate after the endDate',
      { startDate: '2026-06-01', endDate: '2026-05-31' },
      /startDate|endDate/,
    ],
    ['a day that does not exist', { startDate: '2026-02-30' }, /\bstartDate\b/],
    ['an unknown role', { role: 'president' }, /\brole\b/],
  ])('members.add with %s', async (_label, fields, field) => {
    const before = await membersOf(a.committee.id);
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'members.add', {
        committeeId: a.committee.id,
        name: 'Lina Refusée',
        kind: 'citizen',
        role: 'member',
        engagementLevel: 'information',
        ...fields,
      }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(field);
    expect(await membersOf(a.committee.id)).toEqual(before);
  });

  it('members.update with an endDate before the startDate: 400, the member unchanged', async () => {
    const seat = await call(t.hub, OWNER_TOKEN, 'members.add', {
      committeeId: a.committee.id,
      name: 'Marc Daté',
      kind: 'professional',
      role: 'member',
      engagementLevel: 'consultation',
      startDate: '2026-03-01',
    });
    const msg = expectError(
      await post(t.hub, a.coChair.token, 'members.update', {
        id: seat.member.id,
        endDate: '2026-02-28',
        name: 'Marc',
      }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/endDate/);
    expect((await membersOf(a.committee.id)).find((m) => m.id === seat.member.id)).toEqual(seat.member);
  });

  it('members.leave with an endDate before their startDate: 400, they have not left', async () => {
    const seat = await call(t.hub, OWNER_TOKEN, 'members.add', {
      committeeId: a.committee.id,
      name: 'Nadia Datée',
      kind: 'professional',
      role: 'member',
      engagementLevel: 'consultation',
      startDate: '2026-03-01',
    });
    const msg = expectError(
      await post(t.hub, a.coChair.token, 'members.leave', { id: seat.member.id, endDate: '2026-01-01' }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/endDate/);
    expect((await membersOf(a.committee.id)).find((m) => m.id === seat.member.id)).toEqual(seat.member);
    expect(await statusOf(t.hub, seat.token, 'session.whoami', {})).toBe(200);
  });

  it('members.add to an unknown committee: 404; to another committee: 403', async () => {
    const fields = {
      name: 'Olivier',
      kind: 'citizen',
      role: 'member',
      engagementLevel: 'information',
    } as const;
    expectError(
      await post(t.hub, OWNER_TOKEN, 'members.add', { committeeId: 'nope', ...fields }),
      404,
      'not_found',
    );
    expectError(
      await post(t.hub, a.coChair.token, 'members.add', { committeeId: b.committee.id, ...fields }),
      403,
      'forbidden',
    );
  });
});
