/**
 * A person's data under Québec's Law 25: their export (read back from the ZIP), the record of
 * corrections, their erasure (their name gone from every file of the data folder, the decision
 * log still verifying, the erasure itself in the log), the retention rule with a clock the test
 * moves, and the register of privacy incidents that SQLite itself keeps append-only.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { unzipSync, strFromU8 } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PersonData } from '../src/core/exports/person';
import { DB_FILE, openDatabase } from '../src/core/store/db';
import { DecisionsRepo, canonicalJson } from '../src/core/store/decisions-repo';
import { Repos } from '../src/core/store/repos';
import type { Decision } from '../src/shared/decisions';
import {
  OWNER_TOKEN,
  call,
  defer,
  minutesText,
  openCore,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  tempDir,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type Seat,
  type TestHub,
} from './helpers';
import { Clock, addMember, expectError } from './fixtures';
import { attend, decide, draft, sha256 } from './decision-fixtures';

afterEach(runDeferred);

const NAME = 'Éloïse Tremblay-Côté';

/** Every file of the data folder (the database, its -wal and -shm), as bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const f of readdirSync(dir)) files.set(f, readFileSync(join(dir, f)));
  return files;
}

/** The files of the data folder that hold `text`, in UTF-8 or UTF-16LE. */
function filesHolding(dir: string, text: string): string[] {
  const forms = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return [...filesOf(dir)].filter(([, bytes]) => forms.some((f) => bytes.includes(f))).map(([f]) => f);
}

interface Seeded {
  t: TestHub;
  c: Committee1;
  partner: Seat;
  meetingId: string;
  docName: string;
  /** A decision that names the partner, and one that does not. */
  named: Decision;
  plain: Decision;
  /** The other member's client, still connected. */
  his: Client;
}

/**
 * A committee where a patient partner has spoken, written minutes (one passage typed key by key,
 * one written then deleted), proposed an agenda item, commented, proposed a decision, taken a
 * position and a named vote; another member's minutes and a decision mention them by name; the
 * minutes are versioned and approved.
 */
async function seeded(): Promise<Seeded> {
  const t = await startTestHub({ core: { retentionEveryMs: 0 } });
  const c = await seedCommittee(t.hub);
  const partner = await call(t.hub, OWNER_TOKEN, 'members.add', {
    committeeId: c.committee.id,
    name: NAME,
    kind: 'patient-partner',
    role: 'member',
    engagementLevel: 'partnership',
    mandate: `${NAME} représente les usagers de la clinique de Laval.`,
    consents: { named: true, contact: true },
  });
  const meetingId = c.meeting.id;
  const docName = c.meeting.docName;
  const chair = c.coChair.token;
  await attend(t.hub, chair, meetingId, {
    [c.coChair.member.id]: 'present',
    [c.member.member.id]: 'present',
    [c.secretary.member.id]: 'present',
    [partner.member.id]: 'present',
  });
  const item = await call(t.hub, partner.token, 'agenda.add', {
    meetingId,
    title: 'Accueil des familles la nuit',
    purpose: 'decision',
  });
  await call(t.hub, chair, 'meetings.start', { id: meetingId });
  await call(t.hub, chair, 'floor.give', { meetingId, memberId: partner.member.id });
  await call(t.hub, chair, 'floor.end', { meetingId });

  // The partner writes: one paragraph whole, one key by key (one update per key), one deleted.
  const hers = await syncedClient(t.hub, docName, partner.token);
  writeParagraph(hers.doc, 'Les familles doivent pouvoir rester la nuit.');
  const typed = new Y.XmlText();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [typed]);
  hers.doc.getXmlFragment('minutes').push([p]);
  for (const ch of `Signé ${NAME}`) typed.insert(typed.length, ch);
  writeParagraph(hers.doc, `Brouillon de ${NAME}`);
  const fragment = hers.doc.getXmlFragment('minutes');
  // Whatever sections the hub added meanwhile, the last paragraph is the draft: delete it.
  await waitFor(() => minutesText(hers.doc).includes(`Brouillon de ${NAME}`));
  fragment.delete(fragment.length - 1, 1);
  // Another member mentions her by name.
  const his = await syncedClient(t.hub, docName, c.member.token);
  await waitFor(() => minutesText(his.doc).includes(`Signé ${NAME}`));
  writeParagraph(his.doc, `Merci à ${NAME} pour sa proposition.`);
  await waitFor(() =>
    t.core.docs.read(docName, (doc) => {
      const text = minutesText(doc);
      return (
        text.includes(`Merci à ${NAME}`) && text.includes(`Signé ${NAME}`) && !text.includes('Brouillon')
      );
    }),
  );

  await call(t.hub, partner.token, 'comments.add', {
    meetingId,
    anchor: { start: null, end: null },
    quote: 'Les familles doivent pouvoir rester la nuit.',
    text: 'Je peux en parler à la prochaine rencontre.',
  });
  const named = await draft(t.hub, partner.token, meetingId, `Proposition de ${NAME}`, {
    agendaItemId: item.id,
    text: `Sur la proposition de ${NAME}, les familles peuvent rester la nuit.`,
    mode: 'vote',
  });
  await call(t.hub, chair, 'decisions.update', {
    meetingId,
    decisionId: named.id,
    positions: { [partner.member.id]: 'Pour, sans réserve.' },
    speakers: [partner.member.id, c.member.member.id],
    vote: { for: 3, against: 0, abstain: 1, secret: false, ballots: { [partner.member.id]: 'for' } },
    influence: { level: 'co-decided', evidence: `${NAME} a rédigé la proposition.` },
  });
  await decide(t.hub, chair, meetingId, named.id, 'adopted');
  const plain = await draft(t.hub, c.member.token, meetingId, 'Stationnement', {
    text: 'Le stationnement est gratuit pour les proches aidants.',
  });
  await decide(t.hub, chair, meetingId, plain.id, 'adopted');
  await call(t.hub, c.member.token, 'versions.create', { meetingId, name: 'Avant la relecture' });
  await call(t.hub, chair, 'minutes.circulate', { meetingId });
  await call(t.hub, chair, 'minutes.approve', { meetingId });
  return { t, c, partner, meetingId, docName, named, plain, his };
}

async function exported(
  s: Seeded,
  token: string,
  memberId: string,
): Promise<{ json: PersonData; html: string }> {
  const res = await fetch(`${s.t.hub.url}/api/privacy.exportPerson`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ memberId }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  expect(res.headers.get('content-disposition')).toMatch(/attachment; .*\.zip/);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  expect(Object.keys(files).sort()).toEqual(['donnees.html', 'donnees.json']);
  return {
    json: JSON.parse(strFromU8(files['donnees.json']!)) as PersonData,
    html: strFromU8(files['donnees.html']!),
  };
}

describe('privacy.exportPerson', () => {
  it('gives a person everything held about them, to read and as JSON', async () => {
    const s = await seeded();
    const { json, html } = await exported(s, s.c.coChair.token, s.partner.member.id);
    expect(json.profile).toMatchObject({ name: NAME, kind: 'patient-partner', role: 'member' });
    expect(json.consents).toEqual({ named: true, contact: true });
    expect(json.attendance).toEqual([
      { meeting: 'Rencontre de novembre', startsAt: s.c.meeting.startsAt, status: 'present' },
    ]);
    expect(json.speakingTurns).toHaveLength(1);
    expect(json.agendaItems).toEqual([
      {
        meeting: 'Rencontre de novembre',
        title: 'Accueil des familles la nuit',
        proposed: true,
        presented: false,
      },
    ]);
    expect(json.comments.map((c) => c.text)).toEqual(['Je peux en parler à la prochaine rencontre.']);
    expect(json.decisions).toEqual([
      {
        meeting: 'Rencontre de novembre',
        title: `Proposition de ${NAME}`,
        status: 'adopted',
        proposed: true,
        spoke: true,
        position: 'Pour, sans réserve.',
        ballot: 'for',
      },
    ]);
    // Her passages that still stand: not the deleted draft, not what the other member wrote (the
    // section heading of the item she proposed was written on her behalf: it counts as hers).
    const passages = json.minutes.flatMap((m) => m.passages);
    expect(passages).toEqual([
      'Accueil des familles la nuit',
      'Les familles doivent pouvoir rester la nuit.',
      `Signé ${NAME}`,
    ]);
    expect(json.minutes[0]!.inserted).toBeGreaterThan(40);
    // The page to read, in the committee's language.
    expect(html).toMatch(/<html lang="fr">/);
    expect(html).toContain(`Vos renseignements personnels — ${NAME}`);
    expect(html).toContain('Les familles doivent pouvoir rester la nuit.');
    expect(html).toContain('votre vote : pour');
    expect(html).toMatch(/votes secrets sont comptés sans nom/);
  });

  it('a member may download their own data, not another member’s', async () => {
    const s = await seeded();
    const own = await exported(s, s.partner.token, s.partner.member.id);
    expect(own.json.profile.id).toBe(s.partner.member.id);
    expectError(
      await post(s.t.hub, s.c.member.token, 'privacy.exportPerson', { memberId: s.partner.member.id }),
      403,
      'forbidden',
    );
  });
});

describe('rectification', () => {
  it('records which fields were corrected, by whom and when, without the old values', async () => {
    const t = await startTestHub({ core: { retentionEveryMs: 0 } });
    const c = await seedCommittee(t.hub);
    await call(t.hub, c.coChair.token, 'members.update', {
      id: c.member.member.id,
      name: 'Bruno Prochette',
      mandate: 'Proche aidant',
    });
    await call(t.hub, c.coChair.token, 'members.update', { id: c.member.member.id, name: 'Bruno Prochette' });
    const r = await call(t.hub, c.coChair.token, 'privacy.rectifications', { memberId: c.member.member.id });
    expect(r).toEqual([
      {
        id: expect.any(Number),
        memberId: c.member.member.id,
        fields: ['name', 'mandate'],
        changedBy: c.coChair.member.id,
        changedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('Bruno Proche"');
  });
});

describe('privacy.erasePerson', () => {
  it('leaves no trace of the name in any file, keeps the decisions with the pseudonym, and the log verifies', async () => {
    const s = await seeded();
    const { t, c, partner } = s;
    // Before: the name is in the files (so this test can fail).
    expect(filesHolding(t.dir, NAME).length).toBeGreaterThan(0);
    const othersBefore = (
      await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: c.committee.id })
    ).filter((m) => m.id !== partner.member.id);
    const logBefore = await call(t.hub, OWNER_TOKEN, 'decisions.log', { committeeId: c.committee.id });

    // The typed name must match.
    expectError(
      await post(t.hub, c.coChair.token, 'privacy.erasePerson', {
        memberId: partner.member.id,
        confirmName: 'Éloïse',
      }),
      400,
      'invalid_input',
    );
    // Only co-chairs (and the host).
    expectError(
      await post(t.hub, c.secretary.token, 'privacy.erasePerson', {
        memberId: partner.member.id,
        confirmName: NAME,
      }),
      403,
      'forbidden',
    );
    const result = await call(t.hub, c.coChair.token, 'privacy.erasePerson', {
      memberId: partner.member.id,
      confirmName: NAME,
    });
    expect(result.pseudonym).toBe('Membre retiré·e 1');
    expect(result.rewrittenDocs).toContain(s.docName);

    // No file of the data folder holds the name, nor the surname alone.
    expect(filesHolding(t.dir, NAME)).toEqual([]);
    expect(filesHolding(t.dir, 'Tremblay')).toEqual([]);
    expect(filesHolding(t.dir, 'tremblay')).toEqual([]);

    // The log: verifies, the erasure recorded (no name), the decision showing the pseudonym.
    expect(await call(t.hub, c.observer.token, 'decisions.verify', { committeeId: c.committee.id })).toEqual({
      ok: true,
      entries: 3,
      firstBroken: null,
    });
    const log = await call(t.hub, OWNER_TOKEN, 'decisions.log', { committeeId: c.committee.id });
    const erasure = log[2]!;
    expect(erasure.kind).toBe('erasure');
    expect(erasure.id).toBe(result.logEntryId);
    expect(erasure.createdBy).toBe(c.coChair.member.id);
    expect(erasure.content.erasure).toEqual({
      memberId: partner.member.id,
      pseudonym: 'Membre retiré·e 1',
      reason: 'request',
      requestedBy: c.coChair.member.id,
      redactions: [{ entryId: logBefore[0]!.id, contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect(log[0]!.content.title).toBe('Proposition de Membre retiré·e 1');
    expect(log[0]!.content.influence.evidence).toBe('Membre retiré·e 1 a rédigé la proposition.');
    expect(log[0]!.content.positions).toEqual({ [partner.member.id]: 'Pour, sans réserve.' });
    expect(log[0]!.contentSha256).toBe(logBefore[0]!.contentSha256);
    expect(log[1]).toEqual(logBefore[1]); // the decision that did not name her is untouched

    // The register and its search.
    const reg = await call(t.hub, OWNER_TOKEN, 'decisions.register', {
      committeeId: c.committee.id,
      q: 'Tremblay',
    });
    expect(reg.total).toBe(0);
    const byMember = await call(t.hub, OWNER_TOKEN, 'decisions.register', {
      committeeId: c.committee.id,
      memberId: partner.member.id,
    });
    expect(byMember.items.map((d) => d.title)).toEqual(['Proposition de Membre retiré·e 1']);

    // The member: pseudonym, no profile, gone; the others unchanged.
    const members = await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: c.committee.id });
    const erased = members.find((m) => m.id === partner.member.id)!;
    expect(erased).toMatchObject({ name: 'Membre retiré·e 1', mandate: '', hasActiveLink: false });
    expect(erased.leftAt).not.toBeNull();
    expect(members.filter((m) => m.id !== partner.member.id)).toEqual(othersBefore);
    expectError(await post(t.hub, partner.token, 'session.whoami', {}), 401, 'unauthorized');

    // Whoever has the meeting open sees the pseudonym, live.
    await waitFor(() => minutesText(s.his.doc).includes('Merci à Membre retiré·e 1 pour sa proposition.'));

    // The minutes: the pseudonym where her name was; what she wrote still hers; the approval's
    // fingerprint is that of the text as it now reads.
    const text = t.core.docs.read(s.docName, minutesText);
    expect(text).toContain('Signé Membre retiré·e 1');
    expect(text).toContain('Merci à Membre retiré·e 1 pour sa proposition.');
    const authorship = await call(t.hub, OWNER_TOKEN, 'minutes.authorship', { meetingId: s.meetingId });
    expect(authorship.find((a) => a.memberId === partner.member.id)!.surviving).toBeGreaterThan(40);
    const state = await call(t.hub, OWNER_TOKEN, 'minutes.get', { meetingId: s.meetingId });
    expect(state.approvals[0]!.html).toContain('Membre retiré·e 1');
    expect(state.approvals[0]!.sha256).toBe(sha256(state.approvals[0]!.html));

    // The log's exports carry the erasure, and no name.
    for (const format of ['json', 'md'] as const) {
      const res = await fetch(`${t.hub.url}/api/decisions.export`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
        body: JSON.stringify({ committeeId: c.committee.id, format }),
      });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).not.toContain(NAME);
      expect(body).toContain('Membre retiré·e 1');
      if (format === 'json') {
        const json = JSON.parse(body) as {
          log: { kind: string }[];
          verify: { ok: boolean };
          hashRule: { erasures: string };
        };
        expect(json.log.map((e) => e.kind)).toEqual(['adopted', 'adopted', 'erasure']);
        expect(json.verify.ok).toBe(true);
        expect(json.hashRule.erasures).toMatch(/redactions/);
      }
    }

    // Once is enough.
    expectError(
      await post(t.hub, OWNER_TOKEN, 'privacy.erasePerson', {
        memberId: partner.member.id,
        confirmName: 'Membre retiré·e 1',
      }),
      409,
      'conflict',
    );
  });

  it('tampering with an entry changed by an erasure is still caught', async () => {
    const s = await seeded();
    await call(s.t.hub, OWNER_TOKEN, 'privacy.erasePerson', {
      memberId: s.partner.member.id,
      confirmName: NAME,
    });
    const db = new Database(join(s.t.dir, DB_FILE));
    defer(() => db.close());
    const [first] = await call(s.t.hub, OWNER_TOKEN, 'decisions.log', { committeeId: s.c.committee.id });
    // Without the erasure's own path, SQLite refuses.
    expect(() =>
      db
        .prepare("UPDATE decision_log SET content = replace(content, 'nuit', 'jour') WHERE id = ?")
        .run(first!.id),
    ).toThrow(/append-only/);
    db.exec('DROP TRIGGER decision_log_no_update');
    db.prepare("UPDATE decision_log SET content = replace(content, 'nuit', 'jour') WHERE id = ?").run(
      first!.id,
    );
    const result = await call(s.t.hub, OWNER_TOKEN, 'decisions.verify', { committeeId: s.c.committee.id });
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ id: first!.id, seq: 1 });
    expect(result.firstBroken!.reason).toMatch(/content/);

    // A forged redaction (the erasure entry made to vouch for the changed text) breaks the chain
    // at the erasure entry.
    const log = await call(s.t.hub, OWNER_TOKEN, 'decisions.log', { committeeId: s.c.committee.id });
    const erasure = log.find((e) => e.kind === 'erasure')!;
    const forged = structuredClone(erasure.content);
    forged.erasure!.redactions[0]!.contentSha256 = sha256(canonicalJson(log[0]!.content));
    db.prepare('UPDATE decision_log SET content = ? WHERE id = ?').run(canonicalJson(forged), erasure.id);
    const again = await call(s.t.hub, OWNER_TOKEN, 'decisions.verify', { committeeId: s.c.committee.id });
    expect(again.firstBroken).toMatchObject({ id: erasure.id, seq: erasure.seq });
    expect(again.firstBroken!.reason).toMatch(/content/);
  });

  it('refuses when another member has the same name (it would erase them too)', async () => {
    const t = await startTestHub({ core: { retentionEveryMs: 0 } });
    const c = await seedCommittee(t.hub);
    const a = await addMember(t.hub, OWNER_TOKEN, c.committee.id, 'Marie Tremblay');
    await addMember(t.hub, OWNER_TOKEN, c.committee.id, 'marie tremblay');
    const message = expectError(
      await post(t.hub, OWNER_TOKEN, 'privacy.erasePerson', {
        memberId: a.member.id,
        confirmName: 'Marie Tremblay',
      }),
      409,
      'conflict',
    );
    expect(message).toMatch(/also named/);
  });
});

describe('retention', () => {
  it('erases members who left longer ago than the committee keeps them, and never when kept for good', async () => {
    const clock = new Clock('2026-01-15T12:00:00.000Z');
    const t = await startTestHub({ core: { now: clock.now, retentionEveryMs: 0 } });
    const c = await seedCommittee(t.hub);
    const leaving = await addMember(t.hub, OWNER_TOKEN, c.committee.id, 'Gaston Départ');
    expect(
      await call(t.hub, c.observer.token, 'privacy.retention.get', { committeeId: c.committee.id }),
    ).toEqual({
      committeeId: c.committee.id,
      yearsAfterLeaving: 7,
      isDefault: true,
      updatedAt: null,
    });
    await call(t.hub, c.coChair.token, 'members.leave', { id: leaving.member.id });
    await call(t.hub, c.coChair.token, 'privacy.retention.set', {
      committeeId: c.committee.id,
      yearsAfterLeaving: 2,
    });
    expectError(
      await post(t.hub, c.secretary.token, 'privacy.retention.set', {
        committeeId: c.committee.id,
        yearsAfterLeaving: 1,
      }),
      403,
      'forbidden',
    );

    clock.advance(365 * 24 * 3600); // one year on: kept
    expect(t.core.applyRetention()).toEqual([{ committeeId: c.committee.id, erased: [] }]);
    expect(filesHolding(t.dir, 'Gaston Départ').length).toBeGreaterThan(0);

    const told: string[] = [];
    t.core.onErasure((r) => told.push(r.pseudonym));
    clock.advance(366 * 24 * 3600); // two years and a day: erased, the others kept
    expect(t.core.applyRetention()).toEqual([
      {
        committeeId: c.committee.id,
        erased: [{ memberId: leaving.member.id, pseudonym: 'Membre retiré·e 1' }],
      },
    ]);
    expect(filesHolding(t.dir, 'Gaston Départ')).toEqual([]);
    expect(told).toEqual(['Membre retiré·e 1']); // what a backup module hears
    const log = await call(t.hub, OWNER_TOKEN, 'decisions.log', { committeeId: c.committee.id });
    expect(log.map((e) => [e.kind, e.content.erasure?.reason])).toEqual([['erasure', 'retention']]);
    const names = (await call(t.hub, OWNER_TOKEN, 'members.list', { committeeId: c.committee.id })).map(
      (m) => m.name,
    );
    expect(names).toContain('Amina Patient');

    // Kept for good: nobody is erased, however long ago they left. (Two years on, the co-chair's
    // invitation link has expired: the host does it.)
    const second = await addMember(t.hub, OWNER_TOKEN, c.committee.id, 'Hélène Partie');
    await call(t.hub, OWNER_TOKEN, 'members.leave', { id: second.member.id });
    await call(t.hub, OWNER_TOKEN, 'privacy.retention.set', {
      committeeId: c.committee.id,
      yearsAfterLeaving: null,
    });
    clock.advance(50 * 366 * 24 * 3600);
    expect(
      await call(t.hub, OWNER_TOKEN, 'privacy.retention.apply', { committeeId: c.committee.id }),
    ).toEqual({
      committeeId: c.committee.id,
      erased: [],
    });
    expect(filesHolding(t.dir, 'Hélène Partie').length).toBeGreaterThan(0);
  });
});

describe('the register of privacy incidents', () => {
  it('records incidents and follow-ups, for co-chairs and secretaries only', async () => {
    const t = await startTestHub({ core: { retentionEveryMs: 0 } });
    const c = await seedCommittee(t.hub);
    const first = await call(t.hub, c.secretary.token, 'privacy.incidents.record', {
      committeeId: c.committee.id,
      discoveredOn: '2026-11-18',
      description: 'Le procès-verbal a été envoyé à une mauvaise adresse.',
      dataConcerned: 'Noms et propos de trois membres',
      peopleConcerned: '3 patients partenaires',
      risk: 'low',
      riskAssessment: 'Le destinataire a confirmé la suppression.',
      measures: 'Vérifier la liste de diffusion avant chaque envoi.',
    });
    expect(first).toMatchObject({
      id: expect.any(Number),
      followsId: null,
      caiNotifiedOn: null,
      recordedBy: c.secretary.member.id,
    });
    const follow = await call(t.hub, c.coChair.token, 'privacy.incidents.record', {
      committeeId: c.committee.id,
      followsId: first.id,
      discoveredOn: '2026-11-18',
      description: 'Les personnes concernées ont été avisées.',
      risk: 'low',
      personsNotifiedOn: '2026-11-19',
    });
    expect(
      await call(t.hub, c.secretary.token, 'privacy.incidents.list', { committeeId: c.committee.id }),
    ).toEqual([first, follow]);
    expectError(
      await post(t.hub, c.member.token, 'privacy.incidents.list', { committeeId: c.committee.id }),
      403,
      'forbidden',
    );
    expectError(
      await post(t.hub, c.coChair.token, 'privacy.incidents.record', {
        committeeId: c.committee.id,
        followsId: 9999,
        discoveredOn: '2026-11-18',
        description: 'x',
        risk: 'low',
      }),
      404,
      'not_found',
    );
  });

  it('SQLite refuses to change or delete an entry', async () => {
    const t = await startTestHub({ core: { retentionEveryMs: 0 } });
    const c = await seedCommittee(t.hub);
    const first = await call(t.hub, c.coChair.token, 'privacy.incidents.record', {
      committeeId: c.committee.id,
      discoveredOn: '2026-11-18',
      description: 'Un ordinateur portable a été perdu.',
      risk: 'serious',
    });
    const db = new Database(join(t.dir, DB_FILE));
    defer(() => db.close());
    expect(() => db.prepare("UPDATE privacy_incidents SET risk = 'low' WHERE id = ?").run(first.id)).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM privacy_incidents WHERE id = ?').run(first.id)).toThrow(
      /append-only/,
    );
    expect(
      await call(t.hub, c.coChair.token, 'privacy.incidents.list', { committeeId: c.committee.id }),
    ).toEqual([first]);
  });
});

describe('migration 7', () => {
  it('keeps a log written before it, entry for entry, and it still verifies', async () => {
    const dir = tempDir();
    const old = openDatabase(dir, { migrateTo: 5 });
    const repos = new Repos(old);
    const committee = repos.createCommittee({
      name: 'Comité ancien',
      area: 'governance',
      mandate: '',
      quorum: { kind: 'majority' },
      language: 'fr',
    });
    const log = new DecisionsRepo(old);
    const content = {
      id: 'd1',
      meetingId: '',
      agendaItemId: null,
      title: 'Ancienne décision',
      text: 'Adoptée avant la version 7.',
      rationale: '',
      mode: 'consensus',
      vote: null,
      positions: {},
      proposedBy: null,
      speakers: [],
      influence: { level: 'none', evidence: '' },
      status: 'adopted',
      createdAt: '2026-01-01T00:00:00.000Z',
      logEntryId: null,
    } satisfies Decision;
    const before = [1, 2].map((n) =>
      log.append({
        committeeId: committee.id,
        meetingId: null,
        decisionId: `d${n}`,
        kind: 'adopted',
        amendsEntryId: null,
        content: { ...content, id: `d${n}` },
        createdBy: null,
      }),
    );
    old.close();
    const core = openCore(dir, { retentionEveryMs: 0 });
    expect(core.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    expect(core.decisions.log(committee.id)).toEqual(before);
    expect(core.decisions.verify(committee.id)).toEqual({ ok: true, entries: 2, firstBroken: null });
  });
});
