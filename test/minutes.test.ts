/**
 * The minutes' life cycle through the hub: draft → circulated (only comments) → approved (locked,
 * with the content's SHA-256) → amended by a recorded reason → approved again. The lock holds for
 * every stock y-websocket client, not only for the app: a write is closed with 4403 and neither the
 * hub's doc nor the SQLite log changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OWNER_TOKEN,
  call,
  connectClient,
  minutesText,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  writeParagraph,
  type Committee1,
  type TestHub,
} from './helpers';
import { Clock, expectError, statusOf } from './fixtures';
import { flushed, hubState, refused, savedText, sha256, textOf } from './minutes-fixtures';

let t: TestHub;
let c: Committee1;
let clock: Clock;
let docName: string;
let meetingId: string;

beforeEach(async () => {
  clock = new Clock('2026-11-20T21:30:00.000Z');
  t = await startTestHub({ core: { now: clock.now } });
  c = await seedCommittee(t.hub);
  docName = c.meeting.docName;
  meetingId = c.meeting.id;
});
afterEach(runDeferred);

const state = (token = OWNER_TOKEN) => call(t.hub, token, 'minutes.get', { meetingId });
const anchor = { start: null, end: null };

/** Writes `text` in the minutes as Amina (co-chair) and waits until the hub has saved it. */
async function draft(text: string) {
  const amina = await syncedClient(t.hub, docName, c.coChair.token);
  writeParagraph(amina.doc, text);
  await savedText(t, docName, text);
  return amina;
}

/** A later meeting of the same committee, at which the minutes are approved. */
const laterMeeting = () =>
  call(t.hub, c.secretary.token, 'meetings.create', {
    committeeId: c.committee.id,
    title: 'Rencontre de décembre',
    startsAt: '2026-12-18T18:00:00Z',
  });

describe('minutes.get', () => {
  it('starts as draft, with no approval, for every role', async () => {
    for (const token of [OWNER_TOKEN, c.coChair.token, c.member.token, c.observer.token]) {
      expect(await state(token)).toEqual({
        meetingId,
        status: 'draft',
        approvals: [],
        amendmentReason: null,
      });
    }
    expectError(await post(t.hub, c.member.token, 'minutes.get', { meetingId: 'nope' }), 404, 'not_found');
  });
});

describe('minutes.circulate', () => {
  it('co-chairs and secretaries only; it saves a version named for the day', async () => {
    await draft('Accueil des nouveaux membres');
    expectError(await post(t.hub, c.member.token, 'minutes.circulate', { meetingId }), 403, 'forbidden');
    expectError(await post(t.hub, c.observer.token, 'minutes.circulate', { meetingId }), 403, 'forbidden');
    expect((await state()).status).toBe('draft');
    expect(await call(t.hub, OWNER_TOKEN, 'versions.list', { meetingId })).toEqual([]);

    const circulated = await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    expect(circulated).toEqual({ meetingId, status: 'circulated', approvals: [], amendmentReason: null });
    expect(await state(c.observer.token)).toEqual(circulated);
    const versions = await call(t.hub, c.member.token, 'versions.list', { meetingId });
    expect(versions).toEqual([
      {
        id: expect.any(Number),
        meetingId,
        name: 'circulated 2026-11-20',
        createdBy: c.secretary.member.id,
        createdAt: '2026-11-20T21:30:00.000Z',
        length: 'Accueil des nouveaux membres'.length,
      },
    ]);
    const saved = await call(t.hub, c.member.token, 'versions.get', {
      meetingId,
      versionId: versions[0]!.id,
    });
    expect(saved.html).toContain('Accueil des nouveaux membres');

    // Circulating again, or approving circulated minutes twice over, is refused.
    expectError(await post(t.hub, c.coChair.token, 'minutes.circulate', { meetingId }), 409, 'conflict');
    expect(await call(t.hub, OWNER_TOKEN, 'versions.list', { meetingId })).toHaveLength(1);
  });

  it('while circulated, a stock client’s write to the minutes is closed with 4403 and changes nothing', async () => {
    const amina = await draft('Texte soumis aux membres');
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    await call(t.hub, c.coChair.token, 'minutes.circulate', { meetingId });
    const before = hubState(t, docName);

    // Bruno had the minutes open before they were circulated.
    writeParagraph(bruno.doc, 'Ajout après la diffusion');
    await refused(bruno);
    expect(hubState(t, docName)).toEqual(before);

    // Chloé opens them afterwards, and edits what is there.
    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    expect(minutesText(chloe.doc)).toBe('Texte soumis aux membres');
    chloe.doc.getXmlFragment('minutes').delete(0, 1);
    await refused(chloe);
    expect(hubState(t, docName)).toEqual(before);
    expect(minutesText(amina.doc)).toBe('Texte soumis aux membres');
    expect(amina.closes).toEqual([]);

    // An edit made offline is refused as the client connects.
    const offline = connectClient(t.hub, docName, OWNER_TOKEN);
    writeParagraph(offline.doc, 'Écrit hors ligne');
    await refused(offline);
    expect(hubState(t, docName)).toEqual(before);

    // Restoring a version is an edit too.
    const [v] = await call(t.hub, OWNER_TOKEN, 'versions.list', { meetingId });
    expectError(
      await post(t.hub, c.coChair.token, 'versions.restore', { meetingId, versionId: v!.id }),
      409,
      'conflict',
    );
    expect(hubState(t, docName)).toEqual(before);
  });

  it('while circulated, comments still work', async () => {
    const amina = await draft('Texte à commenter');
    await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    const thread = await call(t.hub, c.member.token, 'comments.add', {
      meetingId,
      anchor,
      quote: 'Texte',
      text: 'Il manque le nom du présentateur.',
    });
    expect(thread).toMatchObject({ authorId: c.member.member.id, text: 'Il manque le nom du présentateur.' });
    await call(t.hub, c.coChair.token, 'comments.reply', {
      meetingId,
      threadId: thread.id,
      text: 'Ajouté à la prochaine version.',
    });
    const listed = await call(t.hub, c.observer.token, 'comments.list', { meetingId });
    expect(listed.map((x) => [x.text, x.replies.map((r) => r.text)])).toEqual([
      ['Il manque le nom du présentateur.', ['Ajouté à la prochaine version.']],
    ]);
    // The open editor sees the thread arrive, and keeps its connection.
    await waitFor(() => amina.doc.getMap('comments').has(thread.id), 5000, 'Amina to see the comment');
    expect(amina.closes).toEqual([]);
  });
});

describe('minutes.reopen', () => {
  it('takes circulated minutes back to draft: writes are accepted again', async () => {
    await draft('Première version');
    expectError(await post(t.hub, c.secretary.token, 'minutes.reopen', { meetingId }), 409, 'conflict');
    await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    expectError(await post(t.hub, c.member.token, 'minutes.reopen', { meetingId }), 403, 'forbidden');
    expect((await state()).status).toBe('circulated');

    expect(await call(t.hub, c.secretary.token, 'minutes.reopen', { meetingId })).toEqual({
      meetingId,
      status: 'draft',
      approvals: [],
      amendmentReason: null,
    });
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(bruno.doc, 'Correction de Bruno');
    await savedText(t, docName, 'Correction de Bruno');
    expect(bruno.closes).toEqual([]);
    expect(minutesText(t.core.docStore.load(docName))).toBe('Première version\nCorrection de Bruno');
  });
});

describe('minutes.approve', () => {
  it('co-chairs only; stores the HTML, its SHA-256, who approved, when and at which meeting', async () => {
    await draft('Le comité adopte le plan d’action 2027.');
    await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    const later = await laterMeeting();

    for (const seat of [c.secretary, c.member, c.observer]) {
      expectError(await post(t.hub, seat.token, 'minutes.approve', { meetingId }), 403, 'forbidden');
    }
    // The meeting of approval must be one of this committee's.
    const other = await seedCommittee(t.hub, 'Un autre comité');
    for (const approvedAtMeetingId of [other.meeting.id, 'no-such-meeting']) {
      expectError(
        await post(t.hub, c.coChair.token, 'minutes.approve', { meetingId, approvedAtMeetingId }),
        404,
        'not_found',
      );
    }
    expect((await state()).status).toBe('circulated');

    clock.advance(3600);
    const approved = await call(t.hub, c.coChair.token, 'minutes.approve', {
      meetingId,
      approvedAtMeetingId: later.id,
    });
    expect(approved.status).toBe('approved');
    expect(approved.amendmentReason).toBeNull();
    expect(approved.approvals).toHaveLength(1);
    const approval = approved.approvals[0]!;
    expect(approval).toEqual({
      id: expect.any(Number),
      meetingId,
      kind: 'approval',
      reason: '',
      html: expect.stringContaining('Le comité adopte le plan d’action 2027.'),
      sha256: sha256(approval.html),
      approvedBy: c.coChair.member.id,
      approvedAt: '2026-11-20T22:30:00.000Z',
      approvedAtMeetingId: later.id,
    });
    expect(approval.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await state(c.observer.token)).toEqual(approved);

    // Approving again is refused; nothing is added.
    expectError(await post(t.hub, c.coChair.token, 'minutes.approve', { meetingId }), 409, 'conflict');
    expect(await state()).toEqual(approved);
  });

  it('may approve draft minutes directly, without a meeting of approval', async () => {
    await draft('Approuvées séance tenante');
    const approved = await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId });
    expect(approved.approvals.map((a) => [a.kind, a.approvedAtMeetingId, a.approvedBy])).toEqual([
      ['approval', null, c.coChair.member.id],
    ]);
    expect(approved.approvals[0]!.html).toContain('Approuvées séance tenante');
  });

  it('locks the minutes for every client, the owner’s included', async () => {
    const amina = await draft('Texte approuvé');
    const readers = {
      coChair: await syncedClient(t.hub, docName, c.coChair.token),
      member: await syncedClient(t.hub, docName, c.member.token),
      secretary: await syncedClient(t.hub, docName, c.secretary.token),
      owner: await syncedClient(t.hub, docName, OWNER_TOKEN),
      observer: await syncedClient(t.hub, docName, c.observer.token),
    };
    await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId });
    const before = hubState(t, docName);

    // Opening approved minutes to read them is fine.
    const reader = await syncedClient(t.hub, docName, c.member.token);
    expect(minutesText(reader.doc)).toBe('Texte approuvé');

    for (const [who, client] of Object.entries(readers)) {
      writeParagraph(client.doc, `Ajout de ${who}`);
      if (who === 'observer') {
        // A read-only role's updates are dropped whatever the status: nothing changes either.
        await flushed(client, reader);
        expect(client.closes).toEqual([]);
      } else {
        await refused(client);
      }
      expect(hubState(t, docName), who).toEqual(before);
    }
    // Typing inside the approved text, not only appending, is refused too.
    const chloe = await syncedClient(t.hub, docName, c.secretary.token);
    textOf(chloe.doc, 0).insert(0, 'Non ');
    await refused(chloe);
    expect(hubState(t, docName)).toEqual(before);
    expect(minutesText(amina.doc)).toBe('Texte approuvé');
    expect(reader.closes).toEqual([]);

    // Through the API too: restoring a version, commenting, circulating, reopening.
    const version = await call(t.hub, c.member.token, 'versions.create', { meetingId, name: 'Copie' });
    expectError(
      await post(t.hub, c.coChair.token, 'versions.restore', { meetingId, versionId: version.id }),
      409,
      'conflict',
    );
    expectError(
      await post(t.hub, c.member.token, 'comments.add', {
        meetingId,
        anchor,
        quote: '',
        text: 'Trop tard ?',
      }),
      409,
      'conflict',
    );
    expectError(await post(t.hub, c.coChair.token, 'minutes.circulate', { meetingId }), 409, 'conflict');
    expectError(await post(t.hub, c.coChair.token, 'minutes.reopen', { meetingId }), 409, 'conflict');
    expect(hubState(t, docName)).toEqual(before);
    expect(minutesText(t.core.docStore.load(docName))).toBe('Texte approuvé');
  });
});

describe('minutes.amend', () => {
  it('co-chairs only, with a reason, on approved minutes only', async () => {
    await draft('Texte');
    const amend = (token: string, reason: string) =>
      post(t.hub, token, 'minutes.amend', { meetingId, reason });
    expectError(await amend(c.coChair.token, 'Trop tôt'), 409, 'conflict');
    await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    expectError(await amend(c.coChair.token, 'Trop tôt'), 409, 'conflict');
    await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId });

    expectError(await amend(c.coChair.token, ''), 400, 'invalid_input');
    expectError(await amend(c.coChair.token, '   '), 400, 'invalid_input');
    expect(await statusOf(t.hub, c.coChair.token, 'minutes.amend', { meetingId })).toBe(400);
    expectError(await amend(c.secretary.token, 'Une raison'), 403, 'forbidden');
    expectError(await amend(c.member.token, 'Une raison'), 403, 'forbidden');
    expect((await state()).status).toBe('approved');
  });

  it('reopens approved minutes; the next approval records an amendment with its reason', async () => {
    await draft('Présents : Amina, Bruno.');
    const first = (await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId })).approvals[0]!;

    const amending = await call(t.hub, c.coChair.token, 'minutes.amend', {
      meetingId,
      reason: '  Chloé était présente et n’est pas nommée.  ',
    });
    expect(amending).toEqual({
      meetingId,
      status: 'amending',
      approvals: [first],
      amendmentReason: 'Chloé était présente et n’est pas nommée.',
    });

    // Editors may write again, through any stock client.
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(bruno.doc, 'Présente aussi : Chloé.');
    await savedText(t, docName, 'Présente aussi : Chloé.');
    expect(bruno.closes).toEqual([]);

    clock.advance(60);
    const reapproved = await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId });
    expect(reapproved.status).toBe('approved');
    expect(reapproved.amendmentReason).toBeNull();
    expect(reapproved.approvals).toHaveLength(2);
    expect(reapproved.approvals[0]).toEqual(first);
    const amendment = reapproved.approvals[1]!;
    expect(amendment).toMatchObject({
      kind: 'amendment',
      reason: 'Chloé était présente et n’est pas nommée.',
      approvedBy: c.coChair.member.id,
      approvedAt: '2026-11-20T21:31:00.000Z',
      approvedAtMeetingId: null,
    });
    expect(amendment.html).toContain('Présente aussi : Chloé.');
    expect(first.html).not.toContain('Chloé');
    expect(amendment.sha256).toBe(sha256(amendment.html));
    expect(amendment.sha256).not.toBe(first.sha256);

    // Locked again.
    expectError(await post(t.hub, c.coChair.token, 'minutes.approve', { meetingId }), 409, 'conflict');
    const before = hubState(t, docName);
    writeParagraph(bruno.doc, 'Encore un ajout');
    await refused(bruno);
    expect(hubState(t, docName)).toEqual(before);
  });
});
