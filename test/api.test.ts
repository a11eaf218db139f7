/** The API door over HTTP: results, and a clear answer (never a crash) for every refusal. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OWNER_TOKEN,
  call,
  hubIsUp,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  type Committee1,
  type TestHub,
} from './helpers';

// One hub for the whole file: each refusal below must leave it up for the next test.
let t: TestHub;
let a: Committee1;
let b: Committee1;

beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
});
afterAll(runDeferred);

afterEach(async () => {
  expect(await hubIsUp(t.hub)).toBe(true);
});

/** A refusal: its status, and the `{"error":{"code","message"}}` body with a message to show. */
function expectError(
  answer: { status: number; body: unknown; contentType: string | null },
  status: number,
  code: string,
) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = answer.body as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(body.error.message).not.toMatch(/\n\s+at /); // no stack trace
  return body.error.message;
}

describe('GET /healthz', () => {
  it('answers 200 with JSON', async () => {
    const res = await fetch(`${t.hub.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});

describe('the owner token', () => {
  it('creates, lists and gets committees', async () => {
    const created = await post(t.hub, OWNER_TOKEN, 'committees.create', {
      name: '  Comité d’éthique  ',
      area: 'teaching',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Comité d’éthique', area: 'teaching', mandate: '' });
    expect(created.body.id).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(created.body.createdAt))).toBe(false);

    const list = await call(t.hub, OWNER_TOKEN, 'committees.list', {});
    expect(list.map((c) => c.id)).toEqual(
      expect.arrayContaining([a.committee.id, b.committee.id, created.body.id]),
    );

    const got = await call(t.hub, OWNER_TOKEN, 'committees.get', { id: created.body.id });
    expect(got).toEqual(created.body);
  });

  it('adds members, each with a token of their own, and lists them without any token', async () => {
    const added = await post(t.hub, OWNER_TOKEN, 'members.add', {
      committeeId: a.committee.id,
      name: 'Fatou Chercheuse',
      kind: 'researcher',
      role: 'member',
      engagementLevel: 'consultation',
    });
    expect(added.status).toBe(200);
    expect(added.body.member).toMatchObject({
      committeeId: a.committee.id,
      name: 'Fatou Chercheuse',
      kind: 'researcher',
      role: 'member',
      engagementLevel: 'consultation',
    });
    const token = added.body.token as string;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(token).not.toBe(a.member.token);

    const whoami = await call(t.hub, token, 'session.whoami', {});
    expect(whoami).toMatchObject({ kind: 'member', memberId: added.body.member.id, role: 'member' });

    const members = await post(t.hub, OWNER_TOKEN, 'members.list', { committeeId: a.committee.id });
    expect(members.status).toBe(200);
    expect((members.body as { name: string }[]).map((m) => m.name)).toEqual([
      'Amina Patient',
      'Bruno Proche',
      'Chloé Secrétaire',
      'Denis Observateur',
      'Fatou Chercheuse',
    ]);
    const text = JSON.stringify(members.body);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/token/i);
  });

  it('creates, lists and gets meetings, each with its document name', async () => {
    const created = await post(t.hub, OWNER_TOKEN, 'meetings.create', {
      committeeId: a.committee.id,
      title: 'Rencontre de décembre',
      startsAt: '2026-12-11T13:30:00-05:00',
    });
    expect(created.status).toBe(200);
    const meeting = created.body;
    expect(meeting).toMatchObject({
      committeeId: a.committee.id,
      title: 'Rencontre de décembre',
      startsAt: '2026-12-11T18:30:00.000Z',
      status: 'planned',
    });
    expect(meeting.docName).toBe(`meeting:${meeting.id}`);

    const list = await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: a.committee.id });
    expect(list.map((m) => m.id)).toEqual([meeting.id, a.meeting.id]); // latest first
    expect(await call(t.hub, OWNER_TOKEN, 'meetings.get', { id: meeting.id })).toEqual(meeting);
  });
});

describe('member tokens', () => {
  it('see their own committee only', async () => {
    const list = await call(t.hub, a.member.token, 'committees.list', {});
    expect(list.map((c) => c.id)).toEqual([a.committee.id]);
    expect(await call(t.hub, a.member.token, 'committees.get', { id: a.committee.id })).toEqual(a.committee);
    expect(await call(t.hub, a.observer.token, 'meetings.get', { id: a.meeting.id })).toEqual(a.meeting);
    expect(
      (await call(t.hub, a.observer.token, 'members.list', { committeeId: a.committee.id })).length,
    ).toBeGreaterThan(3);
  });

  it('may do what their role allows: a co-chair adds members, a secretary plans meetings', async () => {
    const added = await call(t.hub, a.coChair.token, 'members.add', {
      committeeId: a.committee.id,
      name: 'Gaëlle Gestionnaire',
      kind: 'manager',
      role: 'member',
      engagementLevel: 'information',
    });
    expect(added.member.committeeId).toBe(a.committee.id);
    const meeting = await call(t.hub, a.secretary.token, 'meetings.create', {
      committeeId: a.committee.id,
      title: 'Rencontre extraordinaire',
      startsAt: '2027-01-15T17:00:00Z',
    });
    expect(meeting.docName).toBe(`meeting:${meeting.id}`);
  });
});

describe('401 without a valid token', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'not-a-real-token-at-all'],
    ['an empty token', ''],
  ])('%s', async (_label, token) => {
    expectError(await post(t.hub, token, 'committees.list', {}), 401, 'unauthorized');
  });

  it('a malformed Authorization header', async () => {
    const res = await fetch(`${t.hub.url}/api/committees.list`, {
      method: 'POST',
      headers: { Authorization: `Token ${OWNER_TOKEN}` },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});

describe('400 for an invalid input, with a message naming what is wrong', () => {
  it('a missing name', async () => {
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', { area: 'governance' }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/\bname\b/);
  });

  it('a blank name', async () => {
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', { name: '   ', area: 'governance' }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/name is required/);
  });

  it('an unknown area', async () => {
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', { name: 'Comité', area: 'finance' }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/\barea\b/);
    expect(msg).toContain('care-and-services');
  });

  it('a body that is not JSON', async () => {
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', '{"name": "x",'),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/JSON/);
  });

  it('a body that is JSON but not an object', async () => {
    expectError(await post(t.hub, OWNER_TOKEN, 'committees.create', '[1, 2]'), 400, 'invalid_input');
  });

  it('an unknown key', async () => {
    const msg = expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.create', { name: 'Comité', area: 'research', budget: 1000 }),
      400,
      'invalid_input',
    );
    expect(msg).toContain('budget');
  });

  it.each(['not a date', '2026-13-01T10:00:00Z', '2026-02-30T10:00:00Z', ''])(
    'an invalid date: %j',
    async (startsAt) => {
      const msg = expectError(
        await post(t.hub, OWNER_TOKEN, 'meetings.create', {
          committeeId: a.committee.id,
          title: 'Rencontre',
          startsAt,
        }),
        400,
        'invalid_input',
      );
      expect(msg).toMatch(/startsAt/);
      // Nothing was created.
      const list = await call(t.hub, OWNER_TOKEN, 'meetings.list', { committeeId: a.committee.id });
      expect(list.map((m) => m.title)).not.toContain('Rencontre');
    },
  );

  it('a body larger than the limit', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), area: 'governance' });
    const msg = expectError(await post(t.hub, OWNER_TOKEN, 'committees.create', big), 400, 'invalid_input');
    expect(msg).toMatch(/larger than/);
  });
});

describe('403 where the role may not', () => {
  it('a member token creating a committee', async () => {
    for (const seat of [a.member, a.coChair]) {
      expectError(
        await post(t.hub, seat.token, 'committees.create', { name: 'Comité pirate', area: 'governance' }),
        403,
        'forbidden',
      );
    }
    const list = await call(t.hub, OWNER_TOKEN, 'committees.list', {});
    expect(list.map((c) => c.name)).not.toContain('Comité pirate');
  });

  it('an observer adding a member', async () => {
    const msg = expectError(
      await post(t.hub, a.observer.token, 'members.add', {
        committeeId: a.committee.id,
        name: 'Intrus',
        kind: 'citizen',
        role: 'co-chair',
        engagementLevel: 'partnership',
      }),
      403,
      'forbidden',
    );
    expect(msg).toMatch(/observer/);
    const members = await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: a.committee.id });
    expect(members.map((m) => m.name)).not.toContain('Intrus');
  });

  it('a member planning a meeting', async () => {
    expectError(
      await post(t.hub, a.member.token, 'meetings.create', {
        committeeId: a.committee.id,
        title: 'Non prévue',
        startsAt: '2026-11-20T18:00:00Z',
      }),
      403,
      'forbidden',
    );
  });

  it('a member of committee A reading committee B', async () => {
    const token = a.coChair.token;
    expectError(await post(t.hub, token, 'committees.get', { id: b.committee.id }), 403, 'forbidden');
    expectError(await post(t.hub, token, 'members.list', { committeeId: b.committee.id }), 403, 'forbidden');
    expectError(await post(t.hub, token, 'meetings.list', { committeeId: b.committee.id }), 403, 'forbidden');
    expectError(await post(t.hub, token, 'meetings.get', { id: b.meeting.id }), 403, 'forbidden');
    expectError(
      await post(t.hub, token, 'members.add', {
        committeeId: b.committee.id,
        name: 'Intrus',
        kind: 'citizen',
        role: 'co-chair',
        engagementLevel: 'partnership',
      }),
      403,
      'forbidden',
    );
  });
});

describe('404', () => {
  it('an unknown method', async () => {
    const msg = expectError(await post(t.hub, OWNER_TOKEN, 'committees.delete', {}), 404, 'unknown_method');
    expect(msg).toContain('committees.delete');
    expectError(await post(t.hub, OWNER_TOKEN, '__proto__', {}), 404, 'unknown_method');
    expectError(await post(t.hub, OWNER_TOKEN, 'toString', {}), 404, 'unknown_method');
  });

  it('a method name that is not valid percent-encoding', async () => {
    expectError(await post(t.hub, OWNER_TOKEN, '%E0%A4%A', {}), 404, 'unknown_method');
  });

  it('an unknown record', async () => {
    expectError(await post(t.hub, OWNER_TOKEN, 'meetings.get', { id: 'no-such-meeting' }), 404, 'not_found');
    expectError(
      await post(t.hub, OWNER_TOKEN, 'committees.get', { id: 'no-such-committee' }),
      404,
      'not_found',
    );
  });
});
