/**
 * Who wrote what in the minutes (minutes.authorship), in characters of text: what each member
 * inserted and deleted (counted from what their connection sent, kept in doc_authorship) and what
 * of theirs still stands (from the Yjs client ids bound to them). The counts survive compaction,
 * a restart of the core, and the member leaving the committee.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Authorship } from '../src/shared/minutes';
import { Core } from '../src/core';
import { startHub, type Hub } from '../src/hub/server';
import {
  OWNER_TOKEN,
  call,
  defer,
  minutesText,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  tempDir,
  waitFor,
  writeParagraph,
} from './helpers';
import { addItem, expectError } from './fixtures';
import { authorship, savedText, textOf, writeInSection } from './minutes-fixtures';

afterEach(runDeferred);

const A_TEXT = 'Ouverture de la séance à 18 h.'; // 30 characters
const B_TEXT = 'Bruno : avis partagé'; // 20 characters

describe('minutes.authorship', () => {
  it('counts what each member inserted, deleted and still has in the text, across compaction and restart', async () => {
    expect([A_TEXT.length, B_TEXT.length]).toEqual([30, 20]);
    const dir = tempDir();
    const t = await startTestHub({ dir });
    const c = await seedCommittee(t.hub);
    const { id: meetingId, docName } = c.meeting;
    const A = c.coChair.member.id;
    const B = c.member.member.id;
    expect(await call(t.hub, c.observer.token, 'minutes.authorship', { meetingId })).toEqual([]);

    // Amina types her sentence in three goes.
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(amina.doc, A_TEXT.slice(0, 10));
    textOf(amina.doc, 0).insert(10, A_TEXT.slice(10, 20));
    textOf(amina.doc, 0).insert(20, A_TEXT.slice(20));
    await savedText(t, docName, A_TEXT);

    // Bruno writes a paragraph of his own and deletes Amina's first 10 characters.
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeParagraph(bruno.doc, B_TEXT);
    textOf(bruno.doc, 0).delete(0, 10);
    await waitFor(
      () => minutesText(t.core.docStore.load(docName)) === `${A_TEXT.slice(10)}\n${B_TEXT}`,
      5000,
      'Bruno’s edits to be saved',
    );

    const expected = {
      [A]: { inserted: 30, deleted: 0, surviving: 20 },
      [B]: { inserted: 20, deleted: 10, surviving: 20 },
    };
    expect(await authorship(t.hub, meetingId, c.observer.token)).toEqual(expected);

    // A dropped connection that syncs again sends nothing twice.
    amina.provider.disconnect();
    amina.provider.connect();
    await waitFor(() => amina.provider.synced && amina.provider.wsconnected, 5000, 'Amina to resync');
    expect(await authorship(t.hub, meetingId)).toEqual(expected);

    // Once nobody has the minutes open, the log is folded into a snapshot.
    amina.provider.destroy();
    bruno.provider.destroy();
    await waitFor(() => !t.core.docs.isOpen(docName), 5000, 'the hub to release the doc');
    expect(t.core.docStore.compact(docName)).toBe(true);
    expect(t.core.docStore.stats(docName).count).toBe(0);
    expect(await authorship(t.hub, meetingId)).toEqual(expected);

    // Bruno leaves the committee: what he wrote is still his.
    await call(t.hub, c.coChair.token, 'members.leave', { id: B });
    expect(await authorship(t.hub, meetingId)).toEqual(expected);

    // And after a restart of the core on the same folder.
    await t.hub.close();
    t.core.close();
    const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN });
    defer(() => core.close());
    const hub: Hub = await startHub({ core, port: 0, log: () => {} });
    defer(() => hub.close());
    expect(await authorship(hub, meetingId)).toEqual(expected);
    expect(await authorship(hub, meetingId, c.coChair.token)).toEqual(expected);
  });

  it('counts the host’s writing under null, and refuses an unknown meeting or another committee', async () => {
    const t = await startTestHub();
    const c = await seedCommittee(t.hub);
    const { id: meetingId, docName } = c.meeting;
    const host = await syncedClient(t.hub, docName, OWNER_TOKEN);
    writeParagraph(host.doc, 'Notes de l’hôte');
    await savedText(t, docName, 'Notes de l’hôte');
    expect(await call(t.hub, c.member.token, 'minutes.authorship', { meetingId })).toEqual([
      { memberId: null, inserted: 15, deleted: 0, surviving: 15 },
    ]);
    expectError(
      await post(t.hub, c.member.token, 'minutes.authorship', { meetingId: 'nope' }),
      404,
      'not_found',
    );
    const other = await seedCommittee(t.hub, 'Un autre comité');
    expectError(await post(t.hub, other.member.token, 'minutes.authorship', { meetingId }), 403, 'forbidden');
  });

  it('counts what the app writes on a member’s behalf (a section heading, a restored version) in every column', async () => {
    const t = await startTestHub();
    const c = await seedCommittee(t.hub);
    const { id: meetingId, docName } = c.meeting;

    // Chloé adds an item and renames it: the app writes its heading for her.
    const item = await addItem(t.hub, c.secretary.token, meetingId, 'Budjet');
    await call(t.hub, c.secretary.token, 'agenda.update', { meetingId, itemId: item.id, title: 'Budget' });
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    writeInSection(bruno.doc, item.id, 'Le budget est reconduit.');
    await savedText(t, docName, 'Le budget est reconduit.');
    const v1 = await call(t.hub, c.member.token, 'versions.create', { meetingId, name: 'Avant' });

    // Bruno rewrites his sentence; Amina restores the version before.
    textOf(bruno.doc, 1).delete(14, 'reconduit.'.length);
    textOf(bruno.doc, 1).insert(14, 'augmenté de 5 %.');
    await savedText(t, docName, 'augmenté de 5 %.');
    await call(t.hub, c.coChair.token, 'versions.restore', { meetingId, versionId: v1.id });
    expect(minutesText(t.core.docStore.load(docName))).toBe('Budget\nLe budget est reconduit.');

    const rows: Authorship[] = await call(t.hub, OWNER_TOKEN, 'minutes.authorship', { meetingId });
    const of = (id: string) => rows.find((r) => r.memberId === id);
    expect(of(c.secretary.member.id)).toEqual({
      memberId: c.secretary.member.id,
      // The rename changes one letter: only that one is deleted and written again.
      inserted: 'Budjet'.length + 'g'.length,
      deleted: 'j'.length,
      surviving: 'Budget'.length,
    });
    expect(of(c.member.member.id)).toMatchObject({
      inserted: 'Le budget est reconduit.'.length + 'augmenté de 5 %.'.length,
      deleted: 'reconduit.'.length,
    });
    // Nobody has more of their text standing than they wrote, and the columns add up to the text.
    for (const r of rows) expect(r.surviving, JSON.stringify(r)).toBeLessThanOrEqual(r.inserted);
    const sum = (k: 'inserted' | 'deleted' | 'surviving') => rows.reduce((n, r) => n + r[k], 0);
    const length = (await call(t.hub, OWNER_TOKEN, 'versions.create', { meetingId, name: 'Après' })).length;
    expect(length).toBe('Budget'.length + 'Le budget est reconduit.'.length);
    expect(sum('surviving')).toBe(length);
    expect(sum('inserted') - sum('deleted')).toBe(length);
  });
});
