/**
 * Follow-up actions at the hub: recorded through the API in the meeting document (live for
 * everyone), tracked across the committee's meetings with the overdue ones first (on a clock the
 * test moves), carried into the next meeting while unfinished, never written by peers directly.
 */
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../src/shared/decisions';
import type { Meeting } from '../src/shared/domain';
import {
  OWNER_TOKEN,
  call,
  connectClient,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  waitFor,
  type Committee1,
  type TestHub,
} from './helpers';
import { Clock, addMember, expectError } from './fixtures';
import { actionsIn, closeWatchers, decisionsIn, draft, watch } from './decision-fixtures';

const clock = new Clock('2026-11-20T15:00:00.000Z');
let t: TestHub;
let a: Committee1;
let b: Committee1;

beforeAll(async () => {
  t = await startTestHub({ core: { now: clock.now } });
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
});
afterEach(closeWatchers);
afterAll(runDeferred);

function meetingOf(c: Committee1, title: string, startsAt = '2026-12-01T18:00:00Z'): Promise<Meeting> {
  return call(t.hub, OWNER_TOKEN, 'meetings.create', { committeeId: c.committee.id, title, startsAt });
}

/** The committee's actions as its observer reads them (all of them, or as filtered). */
const tracker = (c: Committee1, filter: { ownerId?: string; status?: Action['status'][] } = {}) =>
  call(t.hub, c.observer.token, 'actions.list', { committeeId: c.committee.id, ...filter });

const held = (m: Meeting) => t.core.docs.read(m.docName, actionsIn);

describe('actions.add', () => {
  it('records an action, open, live for everyone in the meeting and in the tracker', async () => {
    const meeting = await meetingOf(a, 'Rencontre des actions');
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    const answer = await post(t.hub, a.member.token, 'actions.add', {
      meetingId: meeting.id,
      title: 'Écrire au CIUSSS',
      ownerId: a.secretary.member.id,
      dueDate: '2026-12-15',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const action = answer.body as Action;
    expect(action).toEqual({
      id: action.id,
      meetingId: meeting.id,
      decisionId: null,
      title: 'Écrire au CIUSSS',
      ownerId: a.secretary.member.id,
      dueDate: '2026-12-15',
      status: 'open',
      createdAt: clock.now().toISOString(),
    });
    await waitFor(() => actionsIn(watcher.doc).length === 1, 5000, 'the action to reach the client');
    expect(actionsIn(watcher.doc)).toEqual([action]);
    expect((await tracker(a)).find((x) => x.id === action.id)).toEqual(action);
  });

  it('links an action to a decision of the meeting; an unknown decision is 404', async () => {
    const meeting = await meetingOf(a, 'Rencontre liée');
    const d = await draft(t.hub, a.member.token, meeting.id, 'Décision à suivre');
    const linked = await call(t.hub, a.member.token, 'actions.add', {
      meetingId: meeting.id,
      title: 'Suivre la décision',
      decisionId: d.id,
    });
    expect(linked.decisionId).toBe(d.id);
    expectError(
      await post(t.hub, a.member.token, 'actions.add', {
        meetingId: meeting.id,
        title: 'Suivre rien',
        decisionId: 'no-such-decision',
      }),
      404,
      'not_found',
    );
    expect(held(meeting).map((x) => x.title)).toEqual(['Suivre la décision']);
  });

  it('refuses an observer and another committee (403)', async () => {
    const meeting = await meetingOf(a, 'Rencontre fermée');
    for (const token of [a.observer.token, b.coChair.token]) {
      expectError(
        await post(t.hub, token, 'actions.add', { meetingId: meeting.id, title: 'Refusée' }),
        403,
        'forbidden',
      );
    }
    expect(held(meeting)).toEqual([]);
  });

  it('refuses an owner of another committee (404), one who left (409) and a bad due date (400)', async () => {
    const meeting = await meetingOf(a, 'Rencontre aux refus');
    const before = await tracker(a);
    const gone = await addMember(t.hub, OWNER_TOKEN, a.committee.id, 'Émile Parti');
    await call(t.hub, OWNER_TOKEN, 'members.leave', { id: gone.member.id });

    expectError(
      await post(t.hub, a.member.token, 'actions.add', {
        meetingId: meeting.id,
        title: 'Pour un autre comité',
        ownerId: b.member.member.id,
      }),
      404,
      'not_found',
    );
    const leftMsg = expectError(
      await post(t.hub, a.member.token, 'actions.add', {
        meetingId: meeting.id,
        title: 'Pour un ancien membre',
        ownerId: gone.member.id,
      }),
      409,
      'conflict',
    );
    expect(leftMsg).toContain('Émile Parti');
    expect(leftMsg).toMatch(/left/);
    for (const dueDate of ['2026-02-30', '20/12/2026', '2026-12-01T10:00:00Z', 'demain']) {
      const msg = expectError(
        await post(t.hub, a.member.token, 'actions.add', {
          meetingId: meeting.id,
          title: 'Mal datée',
          dueDate,
        }),
        400,
        'invalid_input',
      );
      expect(msg).toMatch(/dueDate must be a day/);
    }
    expect(held(meeting)).toEqual([]);
    expect(await tracker(a)).toEqual(before);
  });
});

describe('actions.update', () => {
  it('marks an action done, gives it a new owner and due date, live and in the tracker', async () => {
    const meeting = await meetingOf(a, 'Rencontre des mises à jour');
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    const action = await call(t.hub, a.member.token, 'actions.add', {
      meetingId: meeting.id,
      title: 'Réserver la salle',
      ownerId: a.member.member.id,
      dueDate: '2026-11-25',
    });
    const reassigned = await call(t.hub, a.secretary.token, 'actions.update', {
      meetingId: meeting.id,
      actionId: action.id,
      ownerId: a.coChair.member.id,
      dueDate: '2026-12-02',
      status: 'in-progress',
    });
    expect(reassigned).toEqual({
      ...action,
      ownerId: a.coChair.member.id,
      dueDate: '2026-12-02',
      status: 'in-progress',
    });
    const done = await call(t.hub, a.coChair.token, 'actions.update', {
      meetingId: meeting.id,
      actionId: action.id,
      status: 'done',
      dueDate: null,
    });
    expect(done).toEqual({ ...reassigned, status: 'done', dueDate: null });
    await waitFor(() => actionsIn(watcher.doc)[0]?.status === 'done', 5000, 'the client to see it done');
    expect(actionsIn(watcher.doc)).toEqual([done]);
    expect((await tracker(a)).find((x) => x.id === action.id)).toEqual(done);
  });

  it('refuses a new owner of another committee (404) or who left (409); an unknown action is 404', async () => {
    const meeting = await meetingOf(a, 'Rencontre des refus');
    const action = await call(t.hub, a.member.token, 'actions.add', {
      meetingId: meeting.id,
      title: 'Appeler la fondation',
      ownerId: a.member.member.id,
    });
    const gone = await addMember(t.hub, OWNER_TOKEN, a.committee.id, 'Fanny Partie');
    await call(t.hub, OWNER_TOKEN, 'members.leave', { id: gone.member.id });
    expectError(
      await post(t.hub, a.member.token, 'actions.update', {
        meetingId: meeting.id,
        actionId: action.id,
        ownerId: b.member.member.id,
      }),
      404,
      'not_found',
    );
    const msg = expectError(
      await post(t.hub, a.member.token, 'actions.update', {
        meetingId: meeting.id,
        actionId: action.id,
        ownerId: gone.member.id,
      }),
      409,
      'conflict',
    );
    expect(msg).toContain('Fanny Partie');
    expectError(
      await post(t.hub, a.member.token, 'actions.update', {
        meetingId: meeting.id,
        actionId: 'no-such-action',
        status: 'done',
      }),
      404,
      'not_found',
    );
    expectError(
      await post(t.hub, a.member.token, 'actions.update', {
        meetingId: meeting.id,
        actionId: action.id,
        dueDate: '2026-13-01',
      }),
      400,
      'invalid_input',
    );
    expect(held(meeting)).toEqual([action]);
    expect((await tracker(a)).find((x) => x.id === action.id)).toEqual(action);
  });

  it('an action of another committee is 404 through this committee’s meeting, and stays as it was', async () => {
    const meeting = await meetingOf(a, 'Rencontre voisine');
    const theirs = await call(t.hub, b.member.token, 'actions.add', {
      meetingId: b.meeting.id,
      title: 'Action du comité B',
    });
    expectError(
      await post(t.hub, a.member.token, 'actions.update', {
        meetingId: meeting.id,
        actionId: theirs.id,
        status: 'cancelled',
      }),
      404,
      'not_found',
    );
    expect(held(meeting)).toEqual([]);
    expect(await tracker(b)).toEqual([theirs]);
    // Nor may the observer change an action (403).
    expectError(
      await post(t.hub, b.observer.token, 'actions.update', {
        meetingId: b.meeting.id,
        actionId: theirs.id,
        status: 'done',
      }),
      403,
      'forbidden',
    );
  });
});

describe('actions.list', () => {
  it('lists every meeting’s actions: open ones first, overdue first, then by due date', async () => {
    const c = await seedCommittee(t.hub, 'Comité du suivi');
    const september = await meetingOf(c, 'Septembre', '2026-09-10T18:00:00Z');
    const october = await meetingOf(c, 'Octobre', '2026-10-15T18:00:00Z');
    const add = async (
      meeting: Meeting,
      title: string,
      dueDate: string | null,
      status?: Action['status'],
    ) => {
      clock.advance(60);
      const x = await call(t.hub, c.secretary.token, 'actions.add', {
        meetingId: meeting.id,
        title,
        dueDate,
        ownerId: title.startsWith('Bruno') ? c.member.member.id : c.secretary.member.id,
      });
      if (status)
        await call(t.hub, c.secretary.token, 'actions.update', {
          meetingId: meeting.id,
          actionId: x.id,
          status,
        });
      return x;
    };
    // Today is 2026-11-20 on the core's clock.
    await add(october, 'Bruno — sans échéance', null);
    await add(september, 'Faite depuis longtemps', '2026-09-30', 'done');
    await add(october, 'Bruno — à venir', '2026-12-01');
    await add(september, 'En retard, en cours', '2026-11-10', 'in-progress');
    await add(october, 'Annulée', '2026-11-01', 'cancelled');
    await add(october, 'Bruno — en retard', '2026-10-20');
    await add(september, 'Échéance aujourd’hui', '2026-11-20');
    await add(october, 'Aussi sans échéance', null);

    expect((await tracker(c)).map((x) => x.title)).toEqual([
      'Bruno — en retard',
      'En retard, en cours',
      'Échéance aujourd’hui',
      'Bruno — à venir',
      'Bruno — sans échéance',
      'Aussi sans échéance',
      'Faite depuis longtemps',
      'Annulée',
    ]);
    const meetings = new Set((await tracker(c)).map((x) => x.meetingId));
    expect(meetings).toEqual(new Set([september.id, october.id]));

    // Filtered by owner, and by status.
    expect((await tracker(c, { ownerId: c.member.member.id })).map((x) => x.title)).toEqual([
      'Bruno — en retard',
      'Bruno — à venir',
      'Bruno — sans échéance',
    ]);
    expect((await tracker(c, { status: ['done', 'cancelled'] })).map((x) => x.title)).toEqual([
      'Faite depuis longtemps',
      'Annulée',
    ]);
    expect(await tracker(c, { ownerId: c.coChair.member.id })).toEqual([]);
    // Another committee's member as the owner filter: 404; another committee's tracker: 403.
    expectError(
      await post(t.hub, c.observer.token, 'actions.list', {
        committeeId: c.committee.id,
        ownerId: b.member.member.id,
      }),
      404,
      'not_found',
    );
    expectError(
      await post(t.hub, b.observer.token, 'actions.list', { committeeId: c.committee.id }),
      403,
      'forbidden',
    );
  });
});

describe('peers cannot write actions or decisions directly', () => {
  for (const root of ['actions', 'decisions'] as const) {
    it(`a stock client that pushes to \`${root}\` is closed with 4403, and the hub keeps what it had`, async () => {
      const meeting = await meetingOf(a, `Rencontre ${root}`);
      const existing =
        root === 'actions'
          ? await call(t.hub, a.member.token, 'actions.add', { meetingId: meeting.id, title: 'Vraie action' })
          : await draft(t.hub, a.member.token, meeting.id, 'Vraie décision');
      const inDoc = (doc: Y.Doc): { id: string }[] =>
        root === 'actions' ? actionsIn(doc) : decisionsIn(doc);
      const read = () => t.core.docs.read(meeting.docName, inDoc);
      const before = read();

      // A new entry.
      const adder = await watch(t.hub, meeting.docName, a.coChair.token);
      adder.doc
        .getArray<Y.Map<unknown>>(root)
        .push([new Y.Map<unknown>(Object.entries({ id: 'forged', title: 'Forgée', status: 'done' }))]);
      await waitFor(() => adder.closes.includes(4403), 5000, 'the hub to close the connection with 4403');

      // A change to the existing one.
      const changer = await watch(t.hub, meeting.docName, a.member.token);
      const map = changer.doc.getArray<Y.Map<unknown>>(root).get(0);
      map.set('status', root === 'actions' ? 'done' : 'adopted');
      await waitFor(() => changer.closes.includes(4403), 5000, 'the hub to close the connection with 4403');

      expect(read()).toEqual(before);
      expect(before.map((x) => x.id)).toEqual([existing.id]);
      // A newcomer sees only what went through the API.
      const newcomer = await watch(t.hub, meeting.docName, a.observer.token);
      expect(inDoc(newcomer.doc)).toEqual(before);
    });
  }

  it('a read-only client’s push is not applied either', async () => {
    const meeting = await meetingOf(a, 'Rencontre en lecture');
    const reader = connectClient(t.hub, meeting.docName, a.observer.token);
    await waitFor(() => reader.provider.synced, 5000, 'the observer to sync');
    reader.doc.getArray<Y.Map<unknown>>('actions').push([new Y.Map<unknown>([['id', 'x']])]);
    // Whether it closes the connection or ignores it, the hub never takes it.
    const writer = await watch(t.hub, meeting.docName, a.member.token);
    await call(t.hub, a.member.token, 'actions.add', { meetingId: meeting.id, title: 'Par l’API' });
    await waitFor(() => actionsIn(writer.doc).length === 1, 5000, 'the API’s action to reach the writer');
    expect(held(meeting).map((x) => x.title)).toEqual(['Par l’API']);
  });
});

describe('meetings.create with fromPrevious', () => {
  /** A committee whose last meeting has one action in each status. */
  async function lastMeetingWithActions() {
    const c = await seedCommittee(t.hub, 'Comité qui reporte');
    const prev = c.meeting;
    const add = (title: string, dueDate: string | null = null) =>
      call(t.hub, c.secretary.token, 'actions.add', {
        meetingId: prev.id,
        title,
        dueDate,
        ownerId: c.member.member.id,
      });
    const open = await add('Ouverte', '2026-12-10');
    const going = await add('En cours');
    const done = await add('Faite');
    const cancelled = await add('Annulée');
    for (const [x, status] of [
      [going, 'in-progress'],
      [done, 'done'],
      [cancelled, 'cancelled'],
    ] as const) {
      await call(t.hub, c.secretary.token, 'actions.update', { meetingId: prev.id, actionId: x.id, status });
    }
    return { c, prev, open, going, done, cancelled };
  }

  const next = (c: Committee1, startsAt = '2026-12-18T18:00:00Z') =>
    call(t.hub, c.secretary.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'Rencontre suivante',
      startsAt,
      fromPrevious: true,
    });

  it('puts the open actions back on the agenda, saying how many are overdue', async () => {
    const { c } = await lastMeetingWithActions();
    const before = await next(c);
    expect(
      (await call(t.hub, c.member.token, 'agenda.list', { meetingId: before.id })).map((i) => i.title),
    ).toContain('Suivi des actions');
    // Later on: the action due on 2026-12-10 is now overdue.
    clock.advance(40 * 24 * 3600);
    const later = await next(c, '2027-01-15T18:00:00Z');
    const agenda = await call(t.hub, c.member.token, 'agenda.list', { meetingId: later.id });
    expect(agenda.map((i) => i.title)).toContain('Suivi des actions (1 en retard)');
    expect(agenda.find((i) => i.standing === 'follow-up-of-actions')!.purpose).toBe('information');
  });

  it('carries the open and in-progress actions, not the done or cancelled ones', async () => {
    const { c, prev, open, going } = await lastMeetingWithActions();
    const m = await next(c);
    const client = await watch(t.hub, m.docName, c.member.token);
    const carried = actionsIn(client.doc);
    expect(carried.map((x) => x.title)).toEqual(['Ouverte', 'En cours']);
    expect(carried[0]).toMatchObject({
      id: open.id,
      ownerId: c.member.member.id,
      dueDate: '2026-12-10',
      status: 'open',
      carriedFrom: prev.id,
    });
    expect(carried[1]).toMatchObject({ id: going.id, status: 'in-progress', carriedFrom: prev.id });
    // The tracker lists each action once.
    expect((await tracker(c)).map((x) => x.title).sort()).toEqual([
      'Annulée',
      'En cours',
      'Faite',
      'Ouverte',
    ]);
  });

  it('an action finished in the new meeting is not carried again, and the tracker says it is done', async () => {
    const { c, open, going } = await lastMeetingWithActions();
    const second = await next(c);
    await call(t.hub, c.member.token, 'actions.update', {
      meetingId: second.id,
      actionId: open.id,
      status: 'done',
    });
    const third = await next(c, '2027-01-15T18:00:00Z');
    expect(held(third).map((x) => x.id)).toEqual([going.id]);
    expect((await tracker(c)).find((x) => x.id === open.id)?.status).toBe('done');
  });

  it('an action finished from the tracker is done in the meeting it was carried into, and not carried again', async () => {
    const { c, open, going } = await lastMeetingWithActions();
    const second = await next(c);
    // The tracker names the meeting the action was recorded in; the update goes there.
    const listed = (await tracker(c)).find((x) => x.id === open.id)!;
    await call(t.hub, c.member.token, 'actions.update', {
      meetingId: listed.meetingId,
      actionId: open.id,
      status: 'done',
    });
    expect((await tracker(c)).find((x) => x.id === open.id)?.status).toBe('done');
    const watcher = await watch(t.hub, second.docName, c.observer.token);
    expect(actionsIn(watcher.doc).find((x) => x.id === open.id)?.status).toBe('done');
    const third = await next(c, '2027-01-15T18:00:00Z');
    expect(held(third).map((x) => x.id)).toEqual([going.id]);
  });
});
