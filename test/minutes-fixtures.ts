/**
 * Helpers shared by the tests of the minutes (life cycle, sections, versions, comments, who wrote
 * what), on top of helpers.ts and fixtures.ts: what the hub and its SQLite log hold of a meeting
 * doc, the minutes read block by block as a stock client sees them, and typing into them.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { OWNER_TOKEN, call, minutesText, waitFor, type Client, type HubLike, type TestHub } from './helpers';

/** Everything a user or the store could see of a meeting doc at the hub. */
export function hubState(t: TestHub, docName: string) {
  const live = t.core.docs.read(docName, (doc) => ({
    stateVector: [...Y.encodeStateVector(doc)],
    minutes: minutesText(doc),
    comments: doc.getMap('comments').toJSON(),
  }));
  const log = t.core.db
    .prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS lastId FROM doc_updates WHERE doc_name = ?')
    .get(docName);
  return { ...live, log, onDisk: minutesText(t.core.docStore.load(docName)) };
}

/** The hub closed `client` with 4403 (an edit it may not make), and the client does not retry. */
export async function refused(client: Client): Promise<void> {
  await waitFor(() => client.closes.length > 0, 5000, 'the hub to close the connection');
  expect(client.closes).toEqual([4403]);
  expect(client.provider.shouldConnect).toBe(false);
}

/** `text` is in the minutes the hub has written to disk. */
export function savedText(t: TestHub, docName: string, text: string): Promise<boolean> {
  return waitFor(
    () => minutesText(t.core.docStore.load(docName)).includes(text),
    5000,
    `"${text}" to be saved`,
  );
}

export interface Block {
  type: string;
  level?: unknown;
  itemId?: unknown;
  text: string;
}

/** The minutes, one entry per top-level block (heading, paragraph), as a stock client reads them. */
export function blocks(doc: Y.Doc): Block[] {
  return doc
    .getXmlFragment('minutes')
    .toArray()
    .map((node) => {
      if (!(node instanceof Y.XmlElement)) return { type: 'text', text: node.toString() };
      const text = node
        .toArray()
        .map((c) => (c instanceof Y.XmlText ? c.toString() : ''))
        .join('');
      if (node.nodeName !== 'heading') return { type: node.nodeName, text };
      return {
        type: 'heading',
        level: node.getAttribute('level'),
        itemId: node.getAttribute('itemId'),
        text,
      };
    });
}

/** The headings of agenda sections, as [itemId, title], in the order of the minutes. */
export const sections = (doc: Y.Doc): [unknown, string][] =>
  blocks(doc)
    .filter((b) => b.type === 'heading' && b.itemId)
    .map((b) => [b.itemId, b.text]);

/** The text node of the `index`-th top-level block of the minutes (made if the block has none). */
export function textOf(doc: Y.Doc, index: number): Y.XmlText {
  const block = doc.getXmlFragment('minutes').get(index);
  if (!(block instanceof Y.XmlElement)) throw new Error(`No block ${index} in the minutes`);
  const text = block.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (text) return text;
  const made = new Y.XmlText();
  block.insert(0, [made]);
  return made;
}

/** Types `text` at the end of the paragraph that follows the heading of agenda item `itemId`. */
export function writeInSection(doc: Y.Doc, itemId: string, text: string): void {
  const index = blocks(doc).findIndex((b) => b.type === 'heading' && b.itemId === itemId);
  if (index < 0) throw new Error(`No section for item ${itemId}`);
  doc.transact(() => {
    const t = textOf(doc, index + 1);
    t.insert(t.length, text);
  });
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

let probes = 0;
/**
 * Resolves once the hub has handled everything `client` sent so far: the hub handles a
 * connection's messages in order, so a presence change sent now and relayed to `witness` comes
 * after them.
 */
export async function flushed(client: Client, witness: Client): Promise<void> {
  const probe = ++probes;
  client.provider.awareness.setLocalStateField('probe', probe);
  await waitFor(
    () => witness.provider.awareness.getStates().get(client.doc.clientID)?.probe === probe,
    5000,
    'the hub to relay a presence change',
  );
}

/** The minutes' authorship table (minutes.authorship), keyed by member id ('owner' for the host). */
export async function authorship(hub: HubLike, meetingId: string, token = OWNER_TOKEN) {
  const rows = await call(hub, token, 'minutes.authorship', { meetingId });
  return Object.fromEntries(rows.map(({ memberId, ...counts }) => [memberId ?? 'owner', counts]));
}
