/**
 * The decision log, a page at a time: `decisions.log` with `limit` gives the newest entries first,
 * and `beforeSeq` the ones before, so that a screen never asks for years of entries at once; with
 * `entryIds`, the entries it names. Called as before (`{committeeId}` alone), it still gives the
 * whole log, oldest first. Through the real hub, on a committee whose log interleaves with another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../src/shared/decisions';
import {
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  type Committee1,
  type TestHub,
} from './helpers';
import { expectError } from './fixtures';
import { decide, draft } from './decision-fixtures';

let t: TestHub;
let a: Committee1;
let b: Committee1;
/** Committee A's entries as recorded, oldest first. */
const recorded: LogEntry[] = [];
/** Committee B's entry, recorded between A's. */
let theirs: LogEntry;

/** 23 entries in A's log (20 outcomes, 3 amendments); B records one in the middle. */
beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité voisin');
  for (let i = 1; i <= 20; i++) {
    const d = await draft(t.hub, a.member.token, a.meeting.id, `Décision ${i}`);
    recorded.push(
      await decide(t.hub, a.coChair.token, a.meeting.id, d.id, i % 3 === 0 ? 'rejected' : 'adopted'),
    );
    if (i === 10) {
      const od = await draft(t.hub, b.member.token, b.meeting.id, 'Décision du voisin');
      theirs = await decide(t.hub, b.coChair.token, b.meeting.id, od.id, 'adopted');
    }
  }
  for (const n of [1, 2, 4]) {
    recorded.push(
      await call(t.hub, a.coChair.token, 'decisions.amend', {
        committeeId: a.committee.id,
        entryId: recorded[n - 1]!.id,
        reason: 'Précision',
        text: `Texte précisé ${n}`,
      }),
    );
  }
});
afterAll(runDeferred);

const log = (input: Record<string, unknown>, token = a.observer.token): Promise<LogEntry[]> =>
  call(t.hub, token, 'decisions.log', { committeeId: a.committee.id, ...input } as never);
const titles = (entries: LogEntry[]) => entries.map((e) => `${e.seq} ${e.content.title}`);

describe('the decision log, a page at a time', () => {
  it('still gives the whole log, oldest first, when asked as before', async () => {
    const whole = await log({});
    expect(titles(whole)).toEqual(titles(recorded));
    expect(whole.map((e) => e.seq)).toEqual(recorded.map((_, i) => i + 1));
  });

  it('pages from the newest to the oldest, each entry once, and the page after the last is empty', async () => {
    const pages: LogEntry[][] = [];
    let page = await log({ limit: 5 });
    while (page.length > 0) {
      pages.push(page);
      page = await log({ limit: 5, beforeSeq: page.at(-1)!.seq });
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    // Newest first: the newest entry is the last amendment; the last page ends with entry no. 1.
    expect(pages[0]![0]!.content.text).toBe('Texte précisé 4');
    expect(pages.at(-1)!.at(-1)!.seq).toBe(1);
    const all = pages.flat();
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(titles(all)).toEqual(titles([...recorded].reverse()));
    // What tells the screen how many are older: the oldest shown's seq - 1.
    expect(pages[1]!.at(-1)!.seq - 1).toBe(13);
    // Never the other committee's entry.
    expect(all.map((e) => e.id)).not.toContain(theirs.id);
  });

  it('gives a page as long as asked, up to the start of the log', async () => {
    expect((await log({ limit: 500 })).map((e) => e.seq)).toEqual(recorded.map((_, i) => 23 - i));
    expect(titles(await log({ limit: 3, beforeSeq: 3 }))).toEqual(titles([recorded[1]!, recorded[0]!]));
    expect(await log({ limit: 1, beforeSeq: 1 })).toEqual([]);
  });

  it('gives the entries asked by id, and only the committee’s', async () => {
    const wanted = [recorded[20]!.id, recorded[0]!.id, theirs.id, 999_999];
    expect(titles(await log({ entryIds: wanted }))).toEqual(titles([recorded[0]!, recorded[20]!]));
  });

  it('refuses a page size or an id list out of bounds, and paging inputs that do not go together (400)', async () => {
    for (const bad of [
      { limit: 0 },
      { limit: 501 },
      { limit: 2.5 },
      { limit: '5' },
      { beforeSeq: 0, limit: 5 },
      { beforeSeq: 10 },
      { entryIds: [] },
      { entryIds: Array.from({ length: 501 }, (_, i) => i + 1) },
      { entryIds: [recorded[0]!.id], limit: 5 },
      { offset: 5 },
    ]) {
      expectError(
        await post(t.hub, a.observer.token, 'decisions.log', { committeeId: a.committee.id, ...bad }),
        400,
        'invalid_input',
      );
    }
  });

  it('is closed to a member of another committee (403), paged or not', async () => {
    for (const input of [{}, { limit: 5 }, { entryIds: [recorded[0]!.id] }])
      expectError(
        await post(t.hub, b.member.token, 'decisions.log', { committeeId: a.committee.id, ...input }),
        403,
        'forbidden',
      );
  });
});
