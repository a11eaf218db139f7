/** What was written before the hub stopped is there when it starts again on the same folder. */
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../src/core';
import { startHub } from '../src/hub/server';
import {
  OWNER_TOKEN,
  call,
  defer,
  minutesText,
  runDeferred,
  seedCommittee,
  syncedClient,
  tempDir,
  waitFor,
  writeParagraph,
} from './helpers';

afterEach(runDeferred);

describe('restart', () => {
  it('a new core and hub on the same data folder serve the text written before', async () => {
    const dir = tempDir();

    // First run: a member writes the minutes, then everything is closed.
    const core1 = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN });
    defer(() => core1.close());
    const hub1 = await startHub({ core: core1, port: 0, log: () => {} });
    defer(() => hub1.close());
    const c = await seedCommittee(hub1);
    const amina = await syncedClient(hub1, c.meeting.docName, c.coChair.token);
    writeParagraph(amina.doc, 'Décision : ouvrir le comité aux proches aidants');
    await waitFor(
      () => minutesText(core1.docStore.load(c.meeting.docName)).includes('proches aidants'),
      5000,
      'the text to be saved',
    );
    amina.provider.destroy();
    await hub1.close();
    core1.close();

    // Second run, on the same folder.
    const core2 = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN });
    defer(() => core2.close());
    const hub2 = await startHub({ core: core2, port: 0, log: () => {} });
    defer(() => hub2.close());

    // The records and the member tokens survived too.
    expect(await call(hub2, c.member.token, 'meetings.get', { id: c.meeting.id })).toEqual(c.meeting);
    const bruno = await syncedClient(hub2, c.meeting.docName, c.member.token);
    expect(minutesText(bruno.doc)).toBe('Décision : ouvrir le comité aux proches aidants');
  });
});
