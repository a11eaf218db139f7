/**
 * The hub against token guessing and old links, on a real hub on loopback: repeated invalid
 * tokens from one address are refused for a while (429, Retry-After) at /api and at the /sync
 * upgrade, other addresses carrying on; invitation links expire. Other addresses are real: the
 * requests leave from 127.0.0.2 and 127.0.0.3, which Linux routes over loopback like 127.0.0.1.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { migrate } from '../src/core/store/migrations';
import {
  OWNER_TOKEN,
  call,
  defer,
  post,
  rawSocket,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncBase,
  tempDir,
  upgradeStatus,
  type HubLike,
} from './helpers';

afterEach(runDeferred);

interface Answer {
  status: number;
  retryAfter: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body of any shape
  body: any;
}

/** POST /api/<method> from the local address `from`. */
function postFrom(
  hub: HubLike,
  from: string,
  token: string,
  method: string,
  body: unknown = {},
): Promise<Answer> {
  const url = new URL(`${hub.url}/api/${method}`);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
          Authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (c: string) => (data += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(data) as unknown,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** The status and Retry-After the hub answers a /sync upgrade from `from` with (101: accepted). */
function upgradeFrom(hub: HubLike, from: string, docName: string, token: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${syncBase(hub)}/${docName}?token=${encodeURIComponent(token)}`, {
      localAddress: from,
    });
    ws.on('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: null });
      req.destroy();
    });
    ws.on('open', () => {
      resolve({ status: 101, retryAfter: undefined, body: null });
      ws.close();
    });
    ws.on('error', (err) => reject(err));
  });
}

describe('repeated invalid tokens from one address', () => {
  it('are refused with 429 and Retry-After at /api and /sync until the window has passed; other addresses carry on', async () => {
    let now = Date.parse('2026-11-20T18:00:00Z');
    const t = await startTestHub({ hub: { throttle: { maxFailures: 3, windowMs: 60_000, now: () => now } } });
    const c = await seedCommittee(t.hub);
    const doc = c.meeting.docName;

    // A guesser at 127.0.0.1: three wrong tokens are told 401...
    for (const guess of ['guess-1-aaaaaaaa', 'guess-2-bbbbbbbb', 'guess-3-cccccccc']) {
      expect((await postFrom(t.hub, '127.0.0.1', guess, 'session.whoami')).status).toBe(401);
    }
    // ...then that address waits, whatever it presents, even a valid token.
    const refused = await postFrom(t.hub, '127.0.0.1', c.member.token, 'session.whoami');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(refused.body.error.message).toMatch(/try again in 60 seconds/);
    expect(refused.retryAfter).toBe('60');
    const upgrade = await upgradeFrom(t.hub, '127.0.0.1', doc, c.member.token);
    expect(upgrade).toMatchObject({ status: 429, retryAfter: '60' });

    // Someone else on the network is not affected.
    const other = await postFrom(t.hub, '127.0.0.2', c.member.token, 'session.whoami');
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ kind: 'member', memberId: c.member.member.id });
    expect((await upgradeFrom(t.hub, '127.0.0.2', doc, c.member.token)).status).toBe(101);

    // Half a minute later it still waits, and is told how much longer.
    now += 30_000;
    expect(await postFrom(t.hub, '127.0.0.1', c.member.token, 'session.whoami')).toMatchObject({
      status: 429,
      retryAfter: '30',
    });
    // Once the window has passed, its valid token works again.
    now += 31_000;
    expect((await postFrom(t.hub, '127.0.0.1', c.member.token, 'session.whoami')).status).toBe(200);
    expect((await upgradeFrom(t.hub, '127.0.0.1', doc, c.member.token)).status).toBe(101);
  });

  it('counts wrong tokens at the /sync upgrade too, and not requests without any token or refused by role', async () => {
    const now = Date.parse('2026-11-20T18:00:00Z');
    const t = await startTestHub({ hub: { throttle: { maxFailures: 3, windowMs: 60_000, now: () => now } } });
    const c = await seedCommittee(t.hub);

    // Forbidden by role (403) and a missing token are not guesses.
    for (let i = 0; i < 4; i++) {
      expect(
        (
          await postFrom(t.hub, '127.0.0.3', c.observer.token, 'committees.create', {
            name: 'Autre comité',
            area: 'research',
          })
        ).status,
      ).toBe(403);
      expect((await post(t.hub, null, 'session.whoami')).status).toBe(401);
    }
    expect((await postFrom(t.hub, '127.0.0.3', c.observer.token, 'session.whoami')).status).toBe(200);

    for (const guess of ['guess-1-aaaaaaaa', 'guess-2-bbbbbbbb', 'guess-3-cccccccc']) {
      expect((await upgradeFrom(t.hub, '127.0.0.3', c.meeting.docName, guess)).status).toBe(401);
    }
    expect((await postFrom(t.hub, '127.0.0.3', c.observer.token, 'session.whoami')).status).toBe(429);
    expect((await postFrom(t.hub, '127.0.0.2', c.observer.token, 'session.whoami')).status).toBe(200);
  });
});

describe('invitation links expire', () => {
  it('on the day asked for, or by default on the member’s last day, else a year on', async () => {
    const t = await startTestHub({ core: { now: () => new Date('2026-11-20T18:00:00Z') } });
    const c = await seedCommittee(t.hub);
    const add = (fields: Record<string, unknown>) =>
      call(t.hub, OWNER_TOKEN, 'members.add', {
        committeeId: c.committee.id,
        name: 'Eve Citoyenne',
        kind: 'citizen',
        role: 'member',
        engagementLevel: 'consultation',
        ...fields,
      });
    expect((await add({})).expiresAt).toBe('2027-11-20T23:59:59.999Z');
    expect((await add({ endDate: '2027-06-30' })).expiresAt).toBe('2027-06-30T23:59:59.999Z');
    expect((await add({ endDate: '2027-06-30', linkValidUntil: '2026-12-31' })).expiresAt).toBe(
      '2026-12-31T23:59:59.999Z',
    );
    const invited = await call(t.hub, c.coChair.token, 'members.invite', {
      id: c.member.member.id,
      linkValidUntil: '2026-11-21',
    });
    expect(invited.expiresAt).toBe('2026-11-21T23:59:59.999Z');

    const past = await post(t.hub, OWNER_TOKEN, 'members.invite', {
      id: c.member.member.id,
      linkValidUntil: '2026-11-19',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/linkValidUntil.*past/);
  });

  it('an expired link gets 401 saying so, at /api and at /sync, and its open connection is closed', async () => {
    let now = new Date('2026-11-20T18:00:00Z');
    const t = await startTestHub({ core: { now: () => now }, hub: { pingIntervalMs: 50 } });
    const c = await seedCommittee(t.hub);
    const { token } = await call(t.hub, c.coChair.token, 'members.invite', {
      id: c.member.member.id,
      linkValidUntil: '2026-11-21',
    });
    expect(await call(t.hub, token, 'session.whoami', {})).toMatchObject({ memberId: c.member.member.id });
    const open = await rawSocket(t.hub, c.meeting.docName, token);

    now = new Date('2026-11-22T00:00:00Z');
    const refused = await post(t.hub, token, 'session.whoami');
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/invitation link has expired.*co-chair/);
    // An unknown token is not told anything about links.
    const unknown = await post(t.hub, 'never-issued-token-0123456789', 'session.whoami');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).not.toMatch(/expired/);
    expect(await upgradeStatus(`${syncBase(t.hub)}/${c.meeting.docName}?token=${token}`)).toBe(401);
    expect(await open.closed()).toBe(4401);

    // Other members' links still work; a new invitation works again.
    expect((await post(t.hub, c.secretary.token, 'session.whoami')).status).toBe(200);
    const again = await call(t.hub, c.coChair.token, 'members.invite', { id: c.member.member.id });
    expect(again.expiresAt).toBe('2027-11-22T23:59:59.999Z');
    expect((await post(t.hub, again.token, 'session.whoami')).status).toBe(200);
  });
});

describe('the list of members', () => {
  it('no longer shows an expired link as active', async () => {
    const t = await startTestHub();
    const c = await seedCommittee(t.hub);
    const listed = async () =>
      (await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: c.committee.id })).find(
        (m) => m.id === c.member.member.id,
      )!;
    expect((await listed()).hasActiveLink).toBe(true);
    // The link ran out yesterday (written as the hub would have, a year after it was made).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    t.core.db
      .prepare('UPDATE member_tokens SET expires_at = ? WHERE member_id = ? AND revoked_at IS NULL')
      .run(yesterday, c.member.member.id);
    expect((await listed()).hasActiveLink).toBe(false);
    expect((await post(t.hub, c.member.token, 'session.whoami')).status).toBe(401);
  });
});

describe('links made before links expired (migration 9)', () => {
  it('expire a year after they were made; revoked ones stay revoked', () => {
    const db = new Database(join(tempDir(), 'old.sqlite'));
    defer(() => db.close());
    migrate(db, 5);
    // Only the links matter here: no committee or member rows behind them.
    db.pragma('foreign_keys = OFF');
    const insert = db.prepare(
      'INSERT INTO member_tokens (token_hash, member_id, created_at, revoked_at) VALUES (?, ?, ?, ?)',
    );
    insert.run('hash-a', 'member-a', '2026-03-01T12:00:00.000Z', null);
    insert.run('hash-b', 'member-b', '2025-12-31T23:00:00.000Z', '2026-01-05T10:00:00.000Z');
    migrate(db);
    expect(
      db.prepare('SELECT token_hash, expires_at, revoked_at FROM member_tokens ORDER BY token_hash').all(),
    ).toEqual([
      { token_hash: 'hash-a', expires_at: '2027-03-01T12:00:00.000Z', revoked_at: null },
      {
        token_hash: 'hash-b',
        expires_at: '2026-12-31T23:00:00.000Z',
        revoked_at: '2026-01-05T10:00:00.000Z',
      },
    ]);
  });
});
