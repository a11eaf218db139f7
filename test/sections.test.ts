/**
 * A section of the minutes per agenda item: agenda.add gives the item a heading (level 2, carrying
 * the item's id), agenda.update renames that heading only, and nothing people wrote is ever
 * touched. Once the minutes are circulated or approved, the agenda leaves them alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OWNER_TOKEN,
  call,
  minutesText,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type Seat,
  type TestHub,
} from './helpers';
import { addItem, expectError } from './fixtures';
import { blocks, savedText, sections, writeInSection } from './minutes-fixtures';

let t: TestHub;
let c: Committee1;
let meetingId: string;
let docName: string;

beforeEach(async () => {
  t = await startTestHub();
  c = await seedCommittee(t.hub);
  meetingId = c.meeting.id;
  docName = c.meeting.docName;
});
afterEach(runDeferred);

/** The minutes as the hub holds them, block by block. */
const atHub = () => t.core.docs.read(docName, blocks);

/** Waits until `client` sees the minutes the hub holds. */
async function caughtUp(client: Client) {
  const expected = JSON.stringify(atHub());
  await waitFor(() => JSON.stringify(blocks(client.doc)) === expected, 5000, 'the client to catch up');
}

const rename = (itemId: string, title: string) =>
  call(t.hub, c.member.token, 'agenda.update', { meetingId, itemId, title });

describe('agenda.add', () => {
  it('adds a level-2 heading carrying the item’s id and title, and a paragraph to write in', async () => {
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const item = await addItem(t.hub, c.member.token, meetingId, 'Accueil aux urgences');
    await waitFor(() => blocks(bruno.doc).length === 2, 5000, 'Bruno to see the section');
    expect(blocks(bruno.doc)).toEqual([
      { type: 'heading', level: 2, itemId: item.id, text: 'Accueil aux urgences' },
      { type: 'paragraph', text: '' },
    ]);
    // The way the editor and exports read it: an <h2> with the item's id.
    const v = await call(t.hub, c.member.token, 'versions.create', { meetingId, name: 'Vue' });
    const { html, json } = await call(t.hub, c.member.token, 'versions.get', { meetingId, versionId: v.id });
    expect(html).toMatch(new RegExp(`<h2[^>]*data-item-id="${item.id}"[^>]*>Accueil aux urgences</h2>`));
    expect((json as { content: unknown[] }).content[0]).toEqual({
      type: 'heading',
      attrs: { level: 2, itemId: item.id },
      content: [{ type: 'text', text: 'Accueil aux urgences' }],
    });

    const second = await addItem(t.hub, c.coChair.token, meetingId, 'Budget');
    await caughtUp(bruno);
    expect(sections(bruno.doc)).toEqual([
      [item.id, 'Accueil aux urgences'],
      [second.id, 'Budget'],
    ]);
  });

  it('places the section of an item that comes earlier in the agenda before the later item’s section', async () => {
    const later = await addItem(t.hub, c.member.token, meetingId, 'Point suivant');
    // While circulated, the agenda changes without touching the minutes: this item has no section.
    await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    const earlier = await addItem(t.hub, c.member.token, meetingId, 'Point urgent');
    await call(t.hub, c.member.token, 'agenda.move', {
      meetingId,
      itemId: earlier.id,
      beforeItemId: later.id,
    });
    expect(sections(t.core.docStore.load(docName))).toEqual([[later.id, 'Point suivant']]);
    await call(t.hub, c.secretary.token, 'minutes.reopen', { meetingId });

    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeInSection(bruno.doc, later.id, 'Notes du point suivant');
    await savedText(t, docName, 'Notes du point suivant');

    const last = await addItem(t.hub, c.member.token, meetingId, 'Varia');
    await caughtUp(bruno);
    expect(blocks(bruno.doc)).toEqual([
      { type: 'heading', level: 2, itemId: earlier.id, text: 'Point urgent' },
      { type: 'paragraph', text: '' },
      { type: 'heading', level: 2, itemId: later.id, text: 'Point suivant' },
      { type: 'paragraph', text: 'Notes du point suivant' },
      { type: 'heading', level: 2, itemId: last.id, text: 'Varia' },
      { type: 'paragraph', text: '' },
    ]);
  });
});

describe('agenda.update', () => {
  it('changes only the letters a rename changes: the rest of the heading stays the proposer’s', async () => {
    // Bruno (a caregiver partner) proposes the item: its heading is written on his behalf.
    const item = await addItem(t.hub, c.member.token, meetingId, 'Accueil des familles');
    // The co-chair renames it.
    await call(t.hub, c.coChair.token, 'agenda.update', {
      meetingId,
      itemId: item.id,
      title: 'Accueil des familles la nuit',
    });
    expect(sections(t.core.docStore.load(docName))).toEqual([[item.id, 'Accueil des familles la nuit']]);
    const rows = await call(t.hub, OWNER_TOKEN, 'minutes.authorship', { meetingId });
    const of = (id: string) => rows.find((r) => r.memberId === id);
    expect(of(c.member.member.id)).toMatchObject({ inserted: 20, deleted: 0, surviving: 20 });
    expect(of(c.coChair.member.id)).toMatchObject({ inserted: 8, deleted: 0, surviving: 8 });
  });

  it('renames only that item’s heading; what people wrote, in the sections and elsewhere, stays theirs', async () => {
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(amina.doc, 'Mot d’ouverture des coprésidents');
    await savedText(t, docName, 'Mot d’ouverture');
    const a = await addItem(t.hub, c.member.token, meetingId, 'Accueil');
    const b = await addItem(t.hub, c.member.token, meetingId, 'Budget');
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeInSection(bruno.doc, a.id, 'Bruno : délais trop longs à l’accueil.');
    writeInSection(bruno.doc, b.id, 'Bruno : budget reconduit.');
    writeParagraph(bruno.doc, 'Bruno : levée de la séance à 21 h.');
    await savedText(t, docName, 'levée de la séance');
    const authorsBefore = await call(t.hub, OWNER_TOKEN, 'minutes.authorship', { meetingId });

    await rename(a.id, 'Accueil et orientation');
    await caughtUp(amina);
    expect(blocks(amina.doc)).toEqual([
      { type: 'paragraph', text: 'Mot d’ouverture des coprésidents' },
      { type: 'heading', level: 2, itemId: a.id, text: 'Accueil et orientation' },
      { type: 'paragraph', text: 'Bruno : délais trop longs à l’accueil.' },
      { type: 'heading', level: 2, itemId: b.id, text: 'Budget' },
      { type: 'paragraph', text: 'Bruno : budget reconduit.' },
      { type: 'paragraph', text: 'Bruno : levée de la séance à 21 h.' },
    ]);
    expect(blocks(t.core.docStore.load(docName))).toEqual(blocks(amina.doc));
    // Nobody's text was rewritten: each member's surviving characters are what they were.
    // Nobody's text was rewritten: Amina's characters are all still hers, and Bruno's (who added
    // the items) changed by the heading's new title only.
    const authorsAfter = await call(t.hub, OWNER_TOKEN, 'minutes.authorship', { meetingId });
    const survivingOf = (list: typeof authorsBefore, seat: Seat) =>
      list.find((x) => x.memberId === seat.member.id)?.surviving ?? 0;
    expect(survivingOf(authorsAfter, c.coChair)).toBe('Mot d’ouverture des coprésidents'.length);
    expect(survivingOf(authorsAfter, c.member)).toBe(
      survivingOf(authorsBefore, c.member) - 'Accueil'.length + 'Accueil et orientation'.length,
    );

    // A change that is not the title leaves the minutes alone.
    const before = minutesText(t.core.docStore.load(docName));
    await call(t.hub, c.member.token, 'agenda.update', { meetingId, itemId: b.id, plannedMinutes: 30 });
    expect(minutesText(t.core.docStore.load(docName))).toBe(before);
  });
});

describe('agenda.remove', () => {
  it('leaves the section and what was written in it', async () => {
    const a = await addItem(t.hub, c.member.token, meetingId, 'Point retiré');
    const b = await addItem(t.hub, c.member.token, meetingId, 'Point gardé');
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeInSection(bruno.doc, a.id, 'Discussion déjà notée');
    await savedText(t, docName, 'Discussion déjà notée');
    const before = atHub();

    await call(t.hub, c.member.token, 'agenda.remove', { meetingId, itemId: a.id });
    expect(await call(t.hub, OWNER_TOKEN, 'agenda.list', { meetingId })).toHaveLength(1);
    expect(atHub()).toEqual(before);
    expect(sections(t.core.docStore.load(docName))).toEqual([
      [a.id, 'Point retiré'],
      [b.id, 'Point gardé'],
    ]);
    // A later change to the agenda does not bring it back or remove it either.
    await rename(b.id, 'Point gardé, renommé');
    expect(sections(t.core.docStore.load(docName))).toEqual([
      [a.id, 'Point retiré'],
      [b.id, 'Point gardé, renommé'],
    ]);
    expect(minutesText(t.core.docStore.load(docName))).toContain('Discussion déjà notée');
  });
});

describe('once the minutes are circulated or approved', () => {
  it('agenda changes leave the minutes alone; on a closed meeting they are refused', async () => {
    const a = await addItem(t.hub, c.member.token, meetingId, 'Accueil');
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeInSection(bruno.doc, a.id, 'Texte diffusé');
    await savedText(t, docName, 'Texte diffusé');
    const before = atHub();

    await call(t.hub, c.secretary.token, 'minutes.circulate', { meetingId });
    await addItem(t.hub, c.member.token, meetingId, 'Ajouté pendant la diffusion');
    await rename(a.id, 'Renommé pendant la diffusion');
    expect(atHub()).toEqual(before);
    expect(blocks(t.core.docStore.load(docName))).toEqual(before);

    await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId });
    await addItem(t.hub, c.member.token, meetingId, 'Ajouté après l’approbation');
    await rename(a.id, 'Renommé après l’approbation');
    expect(atHub()).toEqual(before);
    expect(blocks(t.core.docStore.load(docName))).toEqual(before);
    expect(bruno.closes).toEqual([]);

    await call(t.hub, c.coChair.token, 'meetings.close', { id: meetingId });
    expectError(
      await post(t.hub, c.member.token, 'agenda.add', { meetingId, title: 'Trop tard' }),
      409,
      'conflict',
    );
    expectError(
      await post(t.hub, c.member.token, 'agenda.update', { meetingId, itemId: a.id, title: 'Trop tard' }),
      409,
      'conflict',
    );
    expect(atHub()).toEqual(before);
  });

  it('an amendment lets the agenda keep the sections in step again', async () => {
    const a = await addItem(t.hub, c.member.token, meetingId, 'Accueil');
    await call(t.hub, c.coChair.token, 'minutes.approve', { meetingId });
    await call(t.hub, c.coChair.token, 'minutes.amend', { meetingId, reason: 'Titre inexact' });
    await rename(a.id, 'Accueil et orientation');
    expect(sections(t.core.docStore.load(docName))).toEqual([[a.id, 'Accueil et orientation']]);
  });
});

describe('meetings.create fromPrevious', () => {
  it('creates a section for each standing and carried item, in agenda order', async () => {
    await addItem(t.hub, c.member.token, meetingId, 'Point à reprendre');
    const done = await addItem(t.hub, c.member.token, meetingId, 'Point réglé');
    await call(t.hub, c.member.token, 'agenda.update', { meetingId, itemId: done.id, status: 'done' });
    await addItem(t.hub, c.member.token, meetingId, 'Point reporté');

    const next = await call(t.hub, c.secretary.token, 'meetings.create', {
      committeeId: c.committee.id,
      title: 'Rencontre de décembre',
      startsAt: '2026-12-18T18:00:00Z',
      fromPrevious: true,
    });
    const agenda = await call(t.hub, c.member.token, 'agenda.list', { meetingId: next.id });
    const client = await syncedClient(t.hub, next.docName, c.member.token);
    expect(sections(client.doc)).toEqual(agenda.map((i) => [i.id, i.title]));
    expect(agenda.map((i) => i.title)).toEqual([
      'Adoption de l’ordre du jour',
      'Approbation du compte rendu de la rencontre précédente',
      'Point à reprendre',
      'Point reporté',
    ]);
    expect(blocks(client.doc).map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'paragraph',
      'heading',
      'paragraph',
      'heading',
      'paragraph',
    ]);
    expect(blocks(client.doc).every((b) => b.type !== 'heading' || b.level === 2)).toBe(true);
    // The earlier meeting's minutes are its own.
    expect(sections(t.core.docStore.load(docName)).map(([, title]) => title)).toEqual([
      'Point à reprendre',
      'Point réglé',
      'Point reporté',
    ]);
  });
});
