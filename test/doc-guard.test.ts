import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rootsTouched, transactionTouched } from '../src/core/doc-guard';

/** A server doc and a client doc in sync; `edit` runs on the client and returns its update. */
function setup() {
  const server = new Y.Doc();
  const client = new Y.Doc();
  const seed = new Y.Doc();
  const item = new Y.Map<unknown>();
  seed.getArray<Y.Map<unknown>>('agenda').push([item]);
  item.set('title', 'Adoption of the agenda');
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText('Opening of the meeting')]);
  seed.getXmlFragment('minutes').insert(0, [p]);
  seed.getMap('meta').set('status', 'planned');
  const state = Y.encodeStateAsUpdate(seed);
  Y.applyUpdate(server, state);
  Y.applyUpdate(client, state);
  const edit = (fn: (d: Y.Doc) => void): Uint8Array => {
    let update: Uint8Array | null = null;
    const on = (u: Uint8Array) => (update = u);
    client.on('update', on);
    client.transact(() => fn(client));
    client.off('update', on);
    if (!update) throw new Error('the edit changed nothing');
    return update;
  };
  return { server, client, edit };
}

const roots = (t: { roots: Set<string> }) => [...t.roots].sort();

describe('rootsTouched', () => {
  it('counts a merge of several updates as it counts them one by one', () => {
    const { server, client, edit } = setup();
    const text = () => (client.getXmlFragment('minutes').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const updates = [
      ...[...'abcdef'].map((ch, i) => edit(() => text().insert(i, ch))),
      edit(() => text().delete(3, 3)), // 'def', typed just before
      edit(() => text().delete(6, 'Opening'.length)), // standing before
      edit(() => text().insert(0, 'XY')),
    ];
    const counts = (t: ReturnType<typeof rootsTouched>) => [
      t.insertedChars.get('minutes') ?? 0,
      t.deletedChars.get('minutes') ?? 0,
    ];
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
    const oneByOne = [0, 0];
    for (const u of updates) {
      const [ins, del] = counts(rootsTouched(replica, u));
      oneByOne[0]! += ins!;
      oneByOne[1]! += del!;
      Y.applyUpdate(replica, u);
    }
    expect(oneByOne).toEqual([8, 3 + 'Opening'.length]);
    expect(counts(rootsTouched(server, Y.mergeUpdates(updates)))).toEqual(oneByOne);
  });

  it('names the root of a nested change (a key of a map inside the agenda array)', () => {
    const { server, edit } = setup();
    const u = edit((d) => d.getArray<Y.Map<unknown>>('agenda').get(0).set('title', 'Agenda'));
    expect(roots(rootsTouched(server, u))).toEqual(['agenda']);
  });

  it('names minutes for typing inside a paragraph, and for deleting there', () => {
    const { server, client, edit } = setup();
    const text = () => (client.getXmlFragment('minutes').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const typed = edit(() => text().insert(3, 'abc'));
    expect(roots(rootsTouched(server, typed))).toEqual(['minutes']);
    Y.applyUpdate(server, typed);
    const deleted = edit(() => text().delete(0, 5));
    const t = rootsTouched(server, deleted);
    expect(roots(t)).toEqual(['minutes']);
    expect(t.untracedInserts || t.untracedDeletes).toBe(false);
  });

  it('sees a write to meta, even when it rides with an agenda change', () => {
    const { server, edit } = setup();
    const u = edit((d) => {
      d.getArray('agenda').push(['x']);
      d.getMap('meta').set('currentItem', 'x');
    });
    expect(roots(rootsTouched(server, u))).toEqual(['agenda', 'meta']);
  });

  it('follows a new map and its keys created in the same update', () => {
    const { server, edit } = setup();
    const u = edit((d) => {
      const m = new Y.Map<unknown>();
      d.getArray('agenda').insert(0, [m]);
      m.set('title', 'New item');
      const inner = new Y.Map<unknown>();
      m.set('details', inner);
      inner.set('minutes', 10);
    });
    expect(roots(rootsTouched(server, u))).toEqual(['agenda']);
  });

  it('counts nothing for content the server already has', () => {
    const { server, client } = setup();
    const t = rootsTouched(server, Y.encodeStateAsUpdate(client));
    expect(roots(t)).toEqual([]);
    expect(t.untracedInserts || t.untracedDeletes).toBe(false);
  });

  it('refuses to guess about the deletion of content nobody has sent', () => {
    const { server } = setup();
    // A peer's delete set for items the server never received: nothing says which root they were in.
    const other = new Y.Doc();
    other.getArray('agenda').push(['a', 'b', 'c']);
    other.getArray('agenda').delete(0, 3);
    const onlyDeletes = Y.diffUpdate(Y.encodeStateAsUpdate(other), Y.encodeStateVector(other));
    expect(rootsTouched(server, onlyDeletes).untracedDeletes).toBe(true);
  });

  it('throws on bytes that are not an update', () => {
    const { server } = setup();
    expect(() => rootsTouched(server, new Uint8Array([9, 9, 9, 9]))).toThrow();
  });
});

describe('transactionTouched (the core’s own edits)', () => {
  /** Runs `fn` in a transaction on `doc` and returns what it inserted and deleted. */
  function counted(doc: Y.Doc, fn: (d: Y.Doc) => void) {
    let touched!: ReturnType<typeof transactionTouched>;
    doc.transact((tr) => {
      fn(doc);
      touched = transactionTouched(tr);
    });
    return {
      roots: roots(touched),
      inserted: Object.fromEntries(touched.insertedChars),
      deleted: Object.fromEntries(touched.deletedChars),
    };
  }

  it('counts text inserted and text that stood before and is deleted, per root', () => {
    const { client } = setup();
    const paragraph = () => client.getXmlFragment('minutes').get(0) as Y.XmlElement;
    const text = () => paragraph().get(0) as Y.XmlText;
    expect(counted(client, () => text().insert(0, 'Re-'))).toEqual({
      roots: ['minutes'],
      inserted: { minutes: 3 },
      deleted: {},
    });
    // 'Opening' goes, 'Start' comes; the agenda's title is a value, not text.
    expect(
      counted(client, (d) => {
        text().delete(3, 'Opening'.length);
        text().insert(3, 'Start');
        d.getArray<Y.Map<unknown>>('agenda').get(0).set('title', 'Agenda');
      }),
    ).toEqual({ roots: ['agenda', 'minutes'], inserted: { minutes: 5 }, deleted: { minutes: 7 } });
  });

  it('counts the text of a deleted paragraph, and nothing for text added and removed at once', () => {
    const { client } = setup();
    const standing = 'Opening of the meeting'.length;
    expect(counted(client, (d) => d.getXmlFragment('minutes').delete(0, 1))).toEqual({
      roots: ['minutes'],
      inserted: {},
      deleted: { minutes: standing },
    });
    expect(
      counted(client, (d) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText('Brouillon')]);
        d.getXmlFragment('minutes').insert(0, [p]);
        (p.get(0) as Y.XmlText).delete(0, 4);
      }),
    ).toEqual({ roots: ['minutes'], inserted: { minutes: 5 }, deleted: {} });
  });
});
