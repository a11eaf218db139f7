/**
 * The app's own client of the hub (src/shared/hub-provider.ts), against the real hub and a stock
 * y-websocket client: the edits made in one turn leave in one frame and arrive whole, attributed
 * as one by one; a keystroke in a turn of its own leaves at once; a caret made in the same turn as
 * its text leaves after it; nothing waiting is lost on disconnect or destroy; a refused edit is refused as before.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { FRAME_BYTES, HubProvider } from '../src/shared/hub-provider';
import {
  OWNER_TOKEN,
  defer,
  minutesText,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  waitFor,
  writeParagraph,
  type Client,
  type Committee1,
  type TestHub,
} from './helpers';
import { refused, savedText, textOf } from './minutes-fixtures';

afterEach(runDeferred);

let t: TestHub;
let c: Committee1;
let docName: string;

beforeEach(async () => {
  t = await startTestHub();
  c = await seedCommittee(t.hub);
  docName = c.meeting.docName;
});

const sent = (client: Client) => ({ ...(client.provider as HubProvider).sent });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Amina (the app's client) and Bruno (a stock client), with one empty paragraph both hold. */
async function aminaAndBruno(): Promise<{ amina: Client; bruno: Client }> {
  const amina = await syncedClient(t.hub, docName, c.coChair.token, HubProvider);
  const bruno = await syncedClient(t.hub, docName, c.member.token);
  writeParagraph(amina.doc, '');
  await waitFor(() => bruno.doc.getXmlFragment('minutes').length === 1, 5000, 'Bruno to see the paragraph');
  return { amina, bruno };
}

function authorship(meetingId: string) {
  const owner = t.core.authenticate(OWNER_TOKEN)!;
  return t.core.call(owner, 'minutes.authorship', { meetingId });
}

const LINE = 'Adopté à l’unanimité, sans abstention ni réserve.';

describe("the app's client", () => {
  it('sends the edits of one turn in one frame; the hub writes them as one row, and a stock client and the log get every edit, attributed to the writer', async () => {
    const { amina, bruno } = await aminaAndBruno();
    const before = sent(amina);
    const append = vi.spyOn(t.core.docStore, 'append');
    defer(() => append.mockRestore());

    // 49 one-character transactions, then 12 backspaces, all in one turn.
    for (let i = 0; i < LINE.length; i++) textOf(amina.doc, 0).insert(i, LINE[i]!);
    const kept = LINE.slice(0, -' ni réserve.'.length);
    for (let n = LINE.length; n > kept.length; n--) textOf(amina.doc, 0).delete(n - 1, 1);

    await waitFor(() => minutesText(bruno.doc) === kept, 5000, 'Bruno to see the line');
    await savedText(t, docName, kept);
    expect(sent(amina)).toEqual({ frames: before.frames + 1, updates: before.updates + 61 });
    expect(append).toHaveBeenCalledTimes(1);
    expect(minutesText(t.core.docStore.load(docName))).toBe(kept);
    expect(authorship(c.meeting.id)).toEqual([
      { memberId: c.coChair.member.id, inserted: 49, deleted: 12, surviving: 37 },
    ]);
  });

  it('sends a keystroke typed in a turn of its own before the next turn, without waiting for more', async () => {
    const { amina, bruno } = await aminaAndBruno();
    const start = sent(amina).frames;
    for (const [i, ch] of [...'Oui'].entries()) {
      textOf(amina.doc, 0).insert(i, ch);
      await nextTurn();
      expect(sent(amina).frames).toBe(start + i + 1);
    }
    await waitFor(() => minutesText(bruno.doc) === 'Oui', 5000, 'Bruno to see "Oui"');
  });

  it('never puts more than FRAME_BYTES in a frame: a long turn goes in several, and all of it arrives', async () => {
    const { amina, bruno } = await aminaAndBruno();
    const before = sent(amina);
    // 200 paragraphs of 4,000 characters in one turn: about 800 KB of updates.
    const line = 'é'.repeat(4000);
    for (let i = 0; i < 200; i++) writeParagraph(amina.doc, line);
    await waitFor(
      () => bruno.doc.getXmlFragment('minutes').length === 201,
      10_000,
      'Bruno to get every paragraph',
    );
    const after = sent(amina);
    expect(after.updates - before.updates).toBe(200);
    expect(after.frames - before.frames).toBeGreaterThanOrEqual(Math.ceil((200 * 8000) / FRAME_BYTES));
    expect(after.frames - before.frames).toBeLessThan(200);
    expect(minutesText(bruno.doc).split('\n').slice(1)).toEqual(Array(200).fill(line));
  });

  it('sends the text before a caret that points into it, when both are made in one turn', async () => {
    const { amina } = await aminaAndBruno();
    // What leaves Amina's socket, by y-websocket message type (0: sync, 1: awareness).
    const ws = amina.provider.ws!;
    const out: number[] = [];
    const send = ws.send.bind(ws);
    ws.send = (data: Parameters<WebSocket['send']>[0]) => {
      out.push((data as Uint8Array)[0]!);
      send(data);
    };
    // As the editor does: a keystroke, then the caret after it, in the same turn.
    const text = textOf(amina.doc, 0);
    text.insert(0, 'Merci');
    amina.provider.awareness.setLocalStateField(
      'caret',
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 5)),
    );
    await nextTurn();
    expect(out).toEqual([0, 1]);
    await savedText(t, docName, 'Merci');
  });

  it('keeps what was typed while disconnected and sends it on reconnecting', async () => {
    const { amina, bruno } = await aminaAndBruno();
    amina.provider.disconnect();
    textOf(amina.doc, 0).insert(0, 'Hors ligne');
    await nextTurn();
    textOf(amina.doc, 0).insert(10, ', puis en ligne');
    amina.provider.connect();
    await waitFor(() => minutesText(bruno.doc) === 'Hors ligne, puis en ligne', 5000, 'Bruno to get it');
    await savedText(t, docName, 'Hors ligne, puis en ligne');
  });

  it('sends what is waiting when it is destroyed in the same turn', async () => {
    const { amina, bruno } = await aminaAndBruno();
    textOf(amina.doc, 0).insert(0, 'Dernier mot');
    amina.provider.destroy();
    await waitFor(() => minutesText(bruno.doc) === 'Dernier mot', 5000, 'Bruno to get the last word');
    await savedText(t, docName, 'Dernier mot');
  });

  it('is closed with 4403 when a turn holds an edit the hub refuses: the edits before it stand, as sent one by one', async () => {
    const { amina, bruno } = await aminaAndBruno();
    textOf(amina.doc, 0).insert(0, 'Texte');
    await savedText(t, docName, 'Texte');
    // Only the core writes the agenda: a peer's edit to it is refused. The minutes' edit made just
    // before it, in the same turn and frame, is kept, as it would be from a stock client.
    textOf(amina.doc, 0).insert(5, ' gardé');
    amina.doc.getArray('agenda').push(['un point glissé']);
    await refused(amina);
    await waitFor(() => minutesText(bruno.doc) === 'Texte gardé', 5000, 'Bruno to get the kept edit');
    expect(minutesText(t.core.docStore.load(docName))).toBe('Texte gardé');
    expect(t.core.docs.read(docName, (doc) => doc.getArray('agenda').length)).toBe(0);
  });
});
