/**
 * Text an edit carries keeps its author (src/shared/carried-text.ts). The editor splits a
 * paragraph, joins two, or turns one into a list item by deleting text and writing it again under
 * the editing person's client id; counted as it arrives, the person who restructures the minutes
 * would take every partner's words. Here the edits are made as the editor makes them (y-tiptap's
 * updateYFragment with the minutes' schema) by stock y-websocket clients through the real hub.
 */
import type { JSONContent } from '@tiptap/core';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Core } from '../src/core';
import type { PersonData } from '../src/core/exports/person';
import { replaceMinutes } from '../src/core/minutes-content';
import { startHub } from '../src/hub/server';
import { CarriedText, carriedIn } from '../src/shared/carried-text';
import {
  OWNER_TOKEN,
  call,
  defer,
  minutesText,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  tempDir,
  waitFor,
  writeParagraph,
  type HubLike,
} from './helpers';
import { authorship, savedText } from './minutes-fixtures';

afterEach(runDeferred);

const FIRST = 'Ouverture de la séance à 18 h.'; // 30 characters
const SECOND = ' Le comité adopte l’ordre du jour.'; // 34 characters
const SENTENCE = FIRST + SECOND;

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const bullets = (...items: string[]): JSONContent => ({
  type: 'bulletList',
  content: items.map((text) => ({ type: 'listItem', content: [paragraph(text)] })),
});
/** Makes `doc` hold `content`, as the editor does after a keystroke: the smallest Yjs edit. */
const edit = (doc: Y.Doc, ...content: JSONContent[]) => replaceMinutes(doc, { type: 'doc', content });

/** The passages of the minutes in a member's data export (privacy.exportPerson). */
async function passages(hub: HubLike, memberId: string): Promise<string[]> {
  const res = await fetch(`${hub.url}/api/privacy.exportPerson`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
    body: JSON.stringify({ memberId }),
  });
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const json = JSON.parse(strFromU8(files['donnees.json']!)) as PersonData;
  return json.minutes.flatMap((m) => m.passages);
}

describe('text carried by an edit', () => {
  it('stays its author’s when a co-chair splits the paragraph, makes a list of it and joins it again, across a restart', async () => {
    expect([FIRST.length, SECOND.length]).toEqual([30, 34]);
    const dir = tempDir();
    const t = await startTestHub({ dir });
    const c = await seedCommittee(t.hub);
    const { id: meetingId, docName } = c.meeting;
    const amina = c.coChair.member.id; // the patient partner who wrote the sentence
    const bruno = c.member.member.id; // who restructures the minutes

    const a = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(a.doc, SENTENCE);
    await savedText(t, docName, SENTENCE);
    const b = await syncedClient(t.hub, docName, c.member.token);
    await waitFor(() => minutesText(b.doc) === SENTENCE, 5000, 'Bruno to have the sentence');
    const written = { [amina]: { inserted: 64, deleted: 0, surviving: 64 } };
    expect(await authorship(t.hub, meetingId)).toEqual(written);

    // Enter after the first sentence: its end moves into a new paragraph, written under Bruno's id.
    edit(b.doc, paragraph(FIRST), paragraph(SECOND));
    await savedText(t, docName, `${FIRST}\n${SECOND}`);
    const carried = await call(t.hub, c.member.token, 'minutes.carried', { meetingId });
    expect(carried).toEqual([
      { client: b.doc.clientID, clock: expect.any(Number), length: 34, origin: a.doc.clientID },
    ]);
    expect(await authorship(t.hub, meetingId)).toEqual(written);
    // Her copy of what is held about her (an access request) has both sentences as her passages.
    expect(await passages(t.hub, amina)).toEqual([FIRST, SECOND.trim()]);

    // The second sentence becomes a list item, then the two are joined again (Backspace).
    edit(b.doc, paragraph(FIRST), bullets(SECOND));
    await waitFor(
      () => t.core.docs.read(docName, (d) => d.getXmlFragment('minutes').length === 2),
      5000,
      'the list',
    );
    edit(b.doc, paragraph(SENTENCE));
    await savedText(t, docName, SENTENCE);
    expect(minutesText(t.core.docStore.load(docName))).toBe(SENTENCE);
    expect(await authorship(t.hub, meetingId)).toEqual(written);

    // What Bruno really writes is his, and typing over a character is writing, not carrying.
    edit(b.doc, paragraph(SENTENCE.replace('18 h', '19 h')), paragraph('Adopté.'));
    await savedText(t, docName, 'Adopté.');
    const after = {
      [amina]: { inserted: 64, deleted: 0, surviving: 63 },
      [bruno]: { inserted: 8, deleted: 1, surviving: 8 },
    };
    expect(await authorship(t.hub, meetingId)).toEqual(after);
    // The ledger counts it the same way.
    const page = async (hub: HubLike, memberId: string) =>
      (await call(hub, OWNER_TOKEN, 'ledger.member', { memberId })).totals['minutes-surviving'] ?? 0;
    expect([await page(t.hub, amina), await page(t.hub, bruno)]).toEqual([63, 8]);

    // After a restart of the core on the same folder, the carried text is still hers.
    a.provider.destroy();
    b.provider.destroy();
    await waitFor(() => !t.core.docs.isOpen(docName), 5000, 'the hub to release the doc');
    await t.hub.close();
    t.core.close();
    const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN });
    defer(() => core.close());
    const hub = await startHub({ core, port: 0, log: () => {} });
    defer(() => hub.close());
    expect(await authorship(hub, meetingId)).toEqual(after);
    await call(hub, OWNER_TOKEN, 'ledger.rebuild', { committeeId: c.committee.id });
    expect([await page(hub, amina), await page(hub, bruno)]).toEqual([63, 8]);
  });

  it('stays its author’s when someone cuts it and pastes it elsewhere, or undoes its deletion', async () => {
    const t = await startTestHub();
    const c = await seedCommittee(t.hub);
    const { id: meetingId, docName } = c.meeting;
    const amina = c.coChair.member.id;
    const bruno = c.member.member.id;
    const OTHER = 'Les familles demandent un accueil de soir.'; // 42 characters
    const a = await syncedClient(t.hub, docName, c.coChair.token);
    edit(a.doc, paragraph(SENTENCE), paragraph(OTHER));
    await savedText(t, docName, OTHER);
    const b = await syncedClient(t.hub, docName, c.member.token);
    await waitFor(() => minutesText(b.doc) === `${SENTENCE}\n${OTHER}`, 5000, 'Bruno to have the minutes');

    // Bruno cuts the first paragraph, then pastes it after the second: two changes.
    edit(b.doc, paragraph(OTHER));
    await waitFor(() => minutesText(t.core.docStore.load(docName)) === OTHER, 5000, 'the cut to be saved');
    edit(b.doc, paragraph(OTHER), paragraph(SENTENCE));
    await savedText(t, docName, `${OTHER}\n${SENTENCE}`);
    // Her words are still hers; he deleted them (the cut) and wrote nothing.
    expect(await authorship(t.hub, meetingId)).toEqual({
      [amina]: { inserted: 106, deleted: 0, surviving: 106 },
      [bruno]: { inserted: 0, deleted: 64, surviving: 0 },
    });

    // He deletes her second paragraph by mistake and undoes it (Yjs writes it again, as his).
    edit(b.doc, paragraph(SENTENCE));
    await waitFor(() => minutesText(t.core.docStore.load(docName)) === SENTENCE, 5000, 'the deletion');
    edit(b.doc, paragraph(OTHER), paragraph(SENTENCE));
    await savedText(t, docName, `${OTHER}\n${SENTENCE}`);
    expect(await authorship(t.hub, meetingId)).toEqual({
      [amina]: { inserted: 106, deleted: 0, surviving: 106 },
      [bruno]: { inserted: 0, deleted: 106, surviving: 0 },
    });
  });

  it('finds in one transaction the text deleted and written again, and follows text carried twice to its first author', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('minutes');
    doc.clientID = 1;
    edit(doc, paragraph(SENTENCE));
    const known = new CarriedText();
    let found: ReturnType<typeof carriedIn> | null = null;
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      found = carriedIn(tr, known);
    });
    const run = (client: number, ...content: JSONContent[]) => {
      doc.clientID = client;
      edit(doc, ...content);
      for (const r of found!.ranges) known.add(r);
      return found!;
    };

    // Client 1 splits its own paragraph and joins it again: its text, its count, no range.
    for (const own of [run(1, paragraph(FIRST), paragraph(SECOND)), run(1, paragraph(SENTENCE))]) {
      expect(own.ranges).toEqual([]);
      expect(own.moved).toEqual(new Map());
    }

    // Client 2 splits client 1's paragraph: 34 characters carried.
    const split = run(2, paragraph(FIRST), paragraph(SECOND));
    expect(split.ranges).toEqual([{ client: 2, clock: expect.any(Number), length: 34, origin: 1 }]);
    expect(split.moved).toEqual(new Map([['minutes', 34]]));

    // Client 3 turns the new paragraph into a heading: carried from client 2's ids, so client 1's.
    const heading = run(3, paragraph(FIRST), {
      type: 'heading',
      attrs: { level: 3 },
      content: [{ type: 'text', text: SECOND }],
    });
    expect(heading.ranges).toEqual([{ client: 3, clock: expect.any(Number), length: 34, origin: 1 }]);

    // Typing over a selection of two characters is not carrying, nor is writing new text.
    const typed = run(4, paragraph(FIRST.replace('18', '19')), {
      type: 'heading',
      attrs: { level: 3 },
      content: [{ type: 'text', text: SECOND }],
    });
    expect(typed.ranges).toEqual([]);
    expect(fragment.length).toBe(2);

    // Whose each character is, read through the index.
    const owners = new Map<number, number>();
    for (const block of fragment.toArray()) {
      for (const child of (block as Y.XmlElement).toArray()) {
        for (let item = (child as Y.XmlText)._start; item; item = item.right) {
          if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
          known.authorsOf(item.id.client, item.id.clock, item.length, (c, n) =>
            owners.set(c, (owners.get(c) ?? 0) + n),
          );
        }
      }
    }
    expect(owners).toEqual(
      new Map([
        [1, 30 - 1 + 34],
        [4, 1],
      ]),
    );
  });
});
