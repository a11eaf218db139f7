/**
 * Who may do what, at the hub, with the tokens members really get: observers read only; members
 * edit the agenda and raise their own hand; secretaries also take attendance and plan meetings;
 * co-chairs also run the meeting and manage members; the owner may do everything; nobody touches
 * another committee.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMeta } from '../src/shared/meeting';
import {
  OWNER_TOKEN,
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  type Committee1,
  type TestHub,
} from './helpers';
import { addItem, addMember, agendaTitles, expectError, statusOf } from './fixtures';

let t: TestHub;
let a: Committee1;
let b: Committee1;

beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
});
afterAll(runDeferred);

/** The meeting's meta as the hub holds it. */
const metaOf = (docName: string) => t.core.docs.read(docName, readMeta);

/** A fresh planned meeting of committee A, with one item. */
async function freshMeeting(title = 'Rencontre') {
  const meeting = await call(t.hub, OWNER_TOKEN, 'meetings.create', {
    committeeId: a.committee.id,
    title,
    startsAt: '2026-12-01T18:00:00Z',
  });
  const item = await addItem(t.hub, OWNER_TOKEN, meeting.id, 'Point existant');
  return { meeting, item };
}

describe('an observer reads only', () => {
  it('may read the meeting, its agenda, attendance and speaking turns', async () => {
    const { meeting } = await freshMeeting();
    const token = a.observer.token;
    for (const [method, input] of [
      ['meetings.get', { id: meeting.id }],
      ['meetings.list', { committeeId: a.committee.id }],
      ['members.list', { committeeId: a.committee.id }],
      ['agenda.list', { meetingId: meeting.id }],
      ['attendance.get', { meetingId: meeting.id }],
      ['speaking.list', { meetingId: meeting.id }],
    ] as const) {
      expect(await statusOf(t.hub, token, method, input), method).toBe(200);
    }
  });

  it('may not change the agenda (403), which stays as it was', async () => {
    const { meeting, item } = await freshMeeting();
    const token = a.observer.token;
    const msg = expectError(
      await post(t.hub, token, 'agenda.add', { meetingId: meeting.id, title: 'Point de l’observateur' }),
      403,
      'forbidden',
    );
    expect(msg).toMatch(/observer/);
    expectError(
      await post(t.hub, token, 'agenda.update', { meetingId: meeting.id, itemId: item.id, title: 'Changé' }),
      403,
      'forbidden',
    );
    expectError(
      await post(t.hub, token, 'agenda.move', { meetingId: meeting.id, itemId: item.id, beforeItemId: null }),
      403,
      'forbidden',
    );
    expectError(
      await post(t.hub, token, 'agenda.remove', { meetingId: meeting.id, itemId: item.id }),
      403,
      'forbidden',
    );
    expect(await agendaTitles(t.hub, OWNER_TOKEN, meeting.id)).toEqual(['Point existant']);
  });

  it('may not raise a hand (403), take attendance or end a turn', async () => {
    const { meeting } = await freshMeeting();
    const token = a.observer.token;
    expectError(await post(t.hub, token, 'hands.raise', { meetingId: meeting.id }), 403, 'forbidden');
    expect(metaOf(meeting.docName).hands).toEqual([]);
    expectError(
      await post(t.hub, token, 'attendance.set', {
        meetingId: meeting.id,
        memberId: a.observer.member.id,
        status: 'present',
      }),
      403,
      'forbidden',
    );
    expect((await call(t.hub, OWNER_TOKEN, 'attendance.get', { meetingId: meeting.id })).attendance).toEqual(
      {},
    );
    expectError(await post(t.hub, token, 'floor.end', { meetingId: meeting.id }), 403, 'forbidden');
  });
});

describe('a member', () => {
  it('adds, updates, moves and removes agenda items', async () => {
    const { meeting, item } = await freshMeeting();
    const token = a.member.token;
    const added = await post(t.hub, token, 'agenda.add', { meetingId: meeting.id, title: 'Point de Bruno' });
    expect(added.status).toBe(200);
    const update = await post(t.hub, token, 'agenda.update', {
      meetingId: meeting.id,
      itemId: added.body.id,
      title: 'Point de Bruno (révisé)',
    });
    expect(update.status).toBe(200);
    const move = await post(t.hub, token, 'agenda.move', {
      meetingId: meeting.id,
      itemId: added.body.id,
      beforeItemId: item.id,
    });
    expect(move.status).toBe(200);
    expect(await agendaTitles(t.hub, token, meeting.id)).toEqual([
      'Point de Bruno (révisé)',
      'Point existant',
    ]);
    const remove = await post(t.hub, token, 'agenda.remove', { meetingId: meeting.id, itemId: item.id });
    expect(remove.status).toBe(200);
    expect(await agendaTitles(t.hub, token, meeting.id)).toEqual(['Point de Bruno (révisé)']);
  });

  it('raises and lowers their own hand, but not someone else’s', async () => {
    const { meeting } = await freshMeeting();
    const me = a.member.member.id;
    const coChair = a.coChair.member.id;
    expect((await call(t.hub, a.member.token, 'hands.raise', { meetingId: meeting.id })).hands).toEqual([
      { memberId: me, raisedAt: expect.any(String) },
    ]);
    await call(t.hub, a.coChair.token, 'hands.raise', { meetingId: meeting.id });

    const msg = expectError(
      await post(t.hub, a.member.token, 'hands.lower', { meetingId: meeting.id, memberId: coChair }),
      403,
      'forbidden',
    );
    expect(msg).toMatch(/co-chairs/);
    expect(metaOf(meeting.docName).hands.map((h) => h.memberId)).toEqual([me, coChair]);

    // Their own hand, named or not.
    await call(t.hub, a.member.token, 'hands.lower', { meetingId: meeting.id, memberId: me });
    expect(metaOf(meeting.docName).hands.map((h) => h.memberId)).toEqual([coChair]);
    await call(t.hub, a.member.token, 'hands.raise', { meetingId: meeting.id });
    await call(t.hub, a.member.token, 'hands.lower', { meetingId: meeting.id });
    expect(metaOf(meeting.docName).hands.map((h) => h.memberId)).toEqual([coChair]);
  });

  it('may not take attendance, run the meeting, plan meetings or manage members (403)', async () => {
    const { meeting, item } = await freshMeeting();
    await call(t.hub, a.coChair.token, 'meetings.start', { id: meeting.id });
    const token = a.member.token;
    const refused: [string, unknown][] = [
      ['attendance.set', { meetingId: meeting.id, memberId: a.member.member.id, status: 'present' }],
      ['floor.give', { meetingId: meeting.id, memberId: a.member.member.id }],
      ['run.goTo', { meetingId: meeting.id, itemId: item.id }],
      ['run.setQueueMode', { meetingId: meeting.id, mode: 'least-spoken' }],
      ['meetings.start', { id: meeting.id }],
      ['meetings.close', { id: meeting.id }],
      ['meetings.create', { committeeId: a.committee.id, title: 'Non', startsAt: '2027-01-01T10:00:00Z' }],
      ['meetings.update', { id: meeting.id, title: 'Renommée' }],
      ['committees.update', { id: a.committee.id, name: 'Renommé' }],
      [
        'members.add',
        {
          committeeId: a.committee.id,
          name: 'Intrus',
          kind: 'citizen',
          role: 'member',
          engagementLevel: 'information',
        },
      ],
      ['members.update', { id: a.observer.member.id, role: 'co-chair' }],
      ['members.leave', { id: a.observer.member.id }],
      ['members.invite', { id: a.observer.member.id }],
      ['members.revokeInvite', { id: a.observer.member.id }],
    ];
    for (const [method, input] of refused) {
      expectError(await post(t.hub, token, method, input), 403, 'forbidden');
    }
    // Nothing moved.
    const meta = metaOf(meeting.docName);
    expect(meta.attendance).toEqual({});
    expect(meta.floor).toBeNull();
    expect(meta.currentItemId).toBeNull();
    expect(meta.queueMode).toBe('raised');
    expect((await call(t.hub, OWNER_TOKEN, 'meetings.get', { id: meeting.id })).status).toBe('in-progress');
    const observer = await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: a.committee.id });
    expect(observer.find((m) => m.id === a.observer.member.id)).toMatchObject({
      role: 'observer',
      leftAt: null,
      hasActiveLink: true,
    });
    expect(observer.map((m) => m.name)).not.toContain('Intrus');
  });
});

describe('a secretary', () => {
  it('takes attendance and plans meetings', async () => {
    const { meeting } = await freshMeeting();
    const report = await call(t.hub, a.secretary.token, 'attendance.set', {
      meetingId: meeting.id,
      memberId: a.member.member.id,
      status: 'remote',
    });
    expect(report.attendance).toEqual({ [a.member.member.id]: 'remote' });
    const planned = await call(t.hub, a.secretary.token, 'meetings.create', {
      committeeId: a.committee.id,
      title: 'Planifiée par Chloé',
      startsAt: '2027-02-01T18:00:00Z',
    });
    const updated = await call(t.hub, a.secretary.token, 'meetings.update', {
      id: planned.id,
      place: 'Salle 3',
    });
    expect(updated).toMatchObject({ title: 'Planifiée par Chloé', place: 'Salle 3' });
  });

  it('may not run the meeting or manage members (403)', async () => {
    const { meeting, item } = await freshMeeting();
    const token = a.secretary.token;
    expectError(await post(t.hub, token, 'meetings.start', { id: meeting.id }), 403, 'forbidden');
    expect((await call(t.hub, OWNER_TOKEN, 'meetings.get', { id: meeting.id })).status).toBe('planned');
    await call(t.hub, a.coChair.token, 'meetings.start', { id: meeting.id });
    await call(t.hub, a.member.token, 'hands.raise', { meetingId: meeting.id });
    for (const [method, input] of [
      ['run.goTo', { meetingId: meeting.id, itemId: item.id }],
      ['run.setQueueMode', { meetingId: meeting.id, mode: 'least-spoken' }],
      ['floor.give', { meetingId: meeting.id, memberId: a.member.member.id }],
      ['hands.lower', { meetingId: meeting.id, memberId: a.member.member.id }],
      ['meetings.close', { id: meeting.id }],
      ['members.update', { id: a.member.member.id, name: 'Renommé' }],
      ['members.invite', { id: a.member.member.id }],
    ] as const) {
      expectError(await post(t.hub, token, method, input), 403, 'forbidden');
    }
    const meta = metaOf(meeting.docName);
    expect(meta.currentItemId).toBeNull();
    expect(meta.floor).toBeNull();
    expect(meta.hands.map((h) => h.memberId)).toEqual([a.member.member.id]);
  });
});

describe('a co-chair', () => {
  it('takes attendance, plans, runs the meeting and lowers anyone’s hand', async () => {
    const { meeting, item } = await freshMeeting();
    const token = a.coChair.token;
    const planned = await post(t.hub, token, 'meetings.create', {
      committeeId: a.committee.id,
      title: 'Planifiée par Amina',
      startsAt: '2027-03-01T18:00:00Z',
    });
    expect(planned.status).toBe(200);
    await call(t.hub, token, 'attendance.set', {
      meetingId: meeting.id,
      memberId: a.member.member.id,
      status: 'present',
    });
    await call(t.hub, token, 'meetings.start', { id: meeting.id });
    expect(
      (await call(t.hub, token, 'run.goTo', { meetingId: meeting.id, itemId: item.id })).currentItemId,
    ).toBe(item.id);
    await call(t.hub, token, 'run.setQueueMode', { meetingId: meeting.id, mode: 'least-spoken' });
    await call(t.hub, a.member.token, 'hands.raise', { meetingId: meeting.id });
    await call(t.hub, a.secretary.token, 'hands.raise', { meetingId: meeting.id });
    await call(t.hub, token, 'hands.lower', { meetingId: meeting.id, memberId: a.secretary.member.id });
    const given = await call(t.hub, token, 'floor.give', {
      meetingId: meeting.id,
      memberId: a.member.member.id,
    });
    expect(given.floor?.memberId).toBe(a.member.member.id);
    expect(given.hands).toEqual([]);
    expect((await call(t.hub, token, 'floor.end', { meetingId: meeting.id })).floor).toBeNull();
    expect((await call(t.hub, token, 'meetings.close', { id: meeting.id })).status).toBe('closed');
  });

  it('manages members: update, invite, revoke and leave', async () => {
    const token = a.coChair.token;
    const seat = await addMember(t.hub, token, a.committee.id, 'Élodie Chercheuse', 'member', 'researcher');
    const updated = await call(t.hub, token, 'members.update', {
      id: seat.member.id,
      engagementLevel: 'partnership',
    });
    expect(updated.engagementLevel).toBe('partnership');
    const invited = await call(t.hub, token, 'members.invite', { id: seat.member.id });
    expect(invited.token).not.toBe(seat.token);
    expect((await call(t.hub, token, 'members.revokeInvite', { id: seat.member.id })).hasActiveLink).toBe(
      false,
    );
    expect((await call(t.hub, token, 'members.leave', { id: seat.member.id })).leftAt).not.toBeNull();
  });

  it('updates the committee', async () => {
    const c = await seedCommittee(t.hub, 'Comité à renommer');
    const updated = await call(t.hub, c.coChair.token, 'committees.update', {
      id: c.committee.id,
      mandate: 'Nouveau mandat',
    });
    expect(updated).toMatchObject({ name: 'Comité à renommer', mandate: 'Nouveau mandat' });
  });
});

describe('a role change', () => {
  it('applies to the member’s next call', async () => {
    const { meeting } = await freshMeeting();
    const seat = await addMember(t.hub, OWNER_TOKEN, a.committee.id, 'Félix Changeant');
    await addItem(t.hub, seat.token, meeting.id, 'Avant');
    await call(t.hub, a.coChair.token, 'members.update', { id: seat.member.id, role: 'observer' });
    expectError(
      await post(t.hub, seat.token, 'agenda.add', { meetingId: meeting.id, title: 'Après' }),
      403,
      'forbidden',
    );
    await call(t.hub, a.coChair.token, 'members.update', { id: seat.member.id, role: 'secretary' });
    await call(t.hub, seat.token, 'attendance.set', {
      meetingId: meeting.id,
      memberId: seat.member.id,
      status: 'present',
    });
  });
});

describe('a member of another committee', () => {
  it('is refused (403) on every method that touches committee B, and B is unchanged', async () => {
    const meeting = await call(t.hub, OWNER_TOKEN, 'meetings.create', {
      committeeId: b.committee.id,
      title: 'Rencontre de B',
      startsAt: '2026-12-05T18:00:00Z',
    });
    const item = await addItem(t.hub, OWNER_TOKEN, meeting.id, 'Point de B');
    await call(t.hub, OWNER_TOKEN, 'meetings.start', { id: meeting.id });
    await call(t.hub, b.member.token, 'hands.raise', { meetingId: meeting.id });
    const bMember = b.member.member.id;
    const calls: [string, unknown][] = [
      ['meetings.get', { id: meeting.id }],
      ['meetings.update', { id: meeting.id, title: 'Piratée' }],
      ['meetings.start', { id: meeting.id }],
      ['meetings.close', { id: meeting.id }],
      ['meetings.create', { committeeId: b.committee.id, title: 'Pirate', startsAt: '2027-01-01T10:00:00Z' }],
      ['agenda.list', { meetingId: meeting.id }],
      ['agenda.add', { meetingId: meeting.id, title: 'Point pirate' }],
      ['agenda.update', { meetingId: meeting.id, itemId: item.id, title: 'Piraté' }],
      ['agenda.move', { meetingId: meeting.id, itemId: item.id, beforeItemId: null }],
      ['agenda.remove', { meetingId: meeting.id, itemId: item.id }],
      ['attendance.get', { meetingId: meeting.id }],
      ['attendance.set', { meetingId: meeting.id, memberId: bMember, status: 'absent' }],
      ['run.goTo', { meetingId: meeting.id, itemId: item.id }],
      ['run.setQueueMode', { meetingId: meeting.id, mode: 'least-spoken' }],
      ['hands.raise', { meetingId: meeting.id }],
      ['hands.lower', { meetingId: meeting.id, memberId: bMember }],
      ['floor.give', { meetingId: meeting.id, memberId: bMember }],
      ['floor.end', { meetingId: meeting.id }],
      ['speaking.list', { meetingId: meeting.id }],
      ['members.update', { id: bMember, name: 'Piraté' }],
      ['members.leave', { id: bMember }],
      ['members.invite', { id: bMember }],
      ['members.revokeInvite', { id: bMember }],
      ['committees.update', { id: b.committee.id, name: 'Piraté' }],
    ];
    for (const seat of [a.coChair, a.member]) {
      for (const [method, input] of calls) {
        const msg = expectError(await post(t.hub, seat.token, method, input), 403, 'forbidden');
        expect(msg, method).toMatch(/another committee|may not/);
      }
    }
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.get', { id: meeting.id })).toMatchObject({
      title: 'Rencontre de B',
      status: 'in-progress',
    });
    expect(await agendaTitles(t.hub, OWNER_TOKEN, meeting.id)).toEqual(['Point de B']);
    const meta = metaOf(meeting.docName);
    expect(meta.hands.map((h) => h.memberId)).toEqual([bMember]);
    expect(meta.attendance).toEqual({});
    expect(meta.currentItemId).toBeNull();
    expect(meta.floor).toBeNull();
    const bruno = (await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: b.committee.id })).find(
      (m) => m.id === bMember,
    );
    expect(bruno).toMatchObject({ name: 'Bruno Proche', leftAt: null, hasActiveLink: true });
    expect(await statusOf(t.hub, b.member.token, 'session.whoami', {})).toBe(200);
  });
});

describe('the owner token', () => {
  it('may do everything (but raise a hand: the host is not a member)', async () => {
    const { meeting, item } = await freshMeeting();
    const o = OWNER_TOKEN;
    const seat = await addMember(t.hub, o, a.committee.id, 'Gilles Géré');
    await call(t.hub, o, 'members.update', { id: seat.member.id, name: 'Gilles Gérant' });
    const invited = await call(t.hub, o, 'members.invite', { id: seat.member.id });
    await call(t.hub, o, 'members.revokeInvite', { id: seat.member.id });
    expect(await statusOf(t.hub, invited.token, 'session.whoami', {})).toBe(401);
    await call(t.hub, o, 'members.leave', { id: seat.member.id });

    const added = await addItem(t.hub, o, meeting.id, 'Point de l’hôte');
    expect(added.proposedBy).toBe('owner');
    await call(t.hub, o, 'agenda.update', { meetingId: meeting.id, itemId: added.id, plannedMinutes: 20 });
    await call(t.hub, o, 'agenda.move', { meetingId: meeting.id, itemId: added.id, beforeItemId: item.id });
    await call(t.hub, o, 'attendance.set', {
      meetingId: meeting.id,
      memberId: a.member.member.id,
      status: 'present',
    });
    await call(t.hub, o, 'meetings.start', { id: meeting.id });
    await call(t.hub, o, 'run.goTo', { meetingId: meeting.id, itemId: added.id });
    await call(t.hub, o, 'run.setQueueMode', { meetingId: meeting.id, mode: 'least-spoken' });
    await call(t.hub, a.member.token, 'hands.raise', { meetingId: meeting.id });
    await call(t.hub, o, 'hands.lower', { meetingId: meeting.id, memberId: a.member.member.id });
    await call(t.hub, o, 'floor.give', { meetingId: meeting.id, memberId: a.member.member.id });
    await call(t.hub, o, 'floor.end', { meetingId: meeting.id });
    await call(t.hub, o, 'agenda.remove', { meetingId: meeting.id, itemId: item.id });
    expectError(await post(t.hub, o, 'hands.raise', { meetingId: meeting.id }), 403, 'forbidden');
    expect((await call(t.hub, o, 'meetings.close', { id: meeting.id })).status).toBe('closed');
    expect((await call(t.hub, o, 'speaking.list', { meetingId: meeting.id })).turns).toHaveLength(1);
    // …on every committee.
    await call(t.hub, o, 'committees.update', { id: b.committee.id, mandate: 'Mandat revu par l’hôte' });
  });
});
