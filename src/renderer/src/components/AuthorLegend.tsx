/** Who wrote what: the colour of each author, and the characters each inserted, deleted and kept. */
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { Member } from '../../../shared/domain';
import {
  CarriedText,
  RecentlyDeleted,
  carriedIn,
  othersWords,
  type CarriedRange,
} from '../../../shared/carried-text';
import type { Authorship } from '../../../shared/minutes';
import { useApp } from '../context';
import { localeOf } from '../i18n';
import { AUTHOR_MARKS, colourFor, markFor, type AuthorMark } from './MinutesEditor';

export interface Authors {
  byClient(clientId: number): { colour: string; mark: AuthorMark; name: string } | null;
  /**
   * Text that edits carried from one author to another's client id (a split, a join…), as of now:
   * read when the editor draws, which may be before React has rendered again.
   */
  carried(): CarriedText;
  legend: (Authorship & { name: string; colour: string; mark: AuthorMark })[];
}

/** Loads who owns each Yjs client id and the counts, while `enabled`; refreshes as people write. */
export function useAuthors(meetingId: string, members: Member[], doc: Y.Doc, enabled: boolean): Authors {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const [clients, setClients] = useState<Map<number, string | null>>(new Map());
  const [counts, setCounts] = useState<Authorship[]>([]);
  // Text edits carried (a split, a join): loaded from the hub, and what this editor sees carried
  // meanwhile, found as the hub finds it, so a paragraph split a moment ago keeps its author's
  // colour at once (the hub's list follows within seconds).
  const [carried, setCarried] = useState(() => new CarriedText());
  const latest = useRef(carried);
  const seenHere = useRef<{ range: CarriedRange; at: number }[]>([]);
  // Others' words this person deleted lately, as the hub keeps them for her: text she cuts and
  // pastes back (or a deletion she undoes) keeps its author's colour at once. Only her own edits:
  // Yjs does not say who deleted what in an edit that comes from the hub.
  const deletedHere = useRef(new RecentlyDeleted());
  const owners = useRef<Map<number, string | null>>(new Map());
  const myId = session.caller.kind === 'member' ? session.caller.memberId : null;
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    const onTransaction = (tr: Y.Transaction) => {
      const earlier = tr.local ? deletedHere.current : undefined;
      const { ranges, deleted } = carriedIn(tr, latest.current, earlier);
      if (earlier && deleted.text.length > 0) {
        const others = othersWords(deleted, (char) => {
          const origin = latest.current.originOf(char.client, char.clock);
          const owner = origin === doc.clientID ? myId : owners.current.get(origin);
          return owner !== undefined && owner !== myId;
        });
        if (others) earlier.add(others, Date.now());
      }
      if (ranges.length === 0) return;
      const at = performance.now();
      for (const range of ranges) seenHere.current.push({ range, at });
      latest.current = latest.current.plus(ranges);
      setCarried(latest.current);
    };
    // Before the editor hears of the change (Yjs' observers come after), so that its first drawing
    // of a split paragraph already has the right author.
    doc.on('beforeObserverCalls', onTransaction);
    return () => doc.off('beforeObserverCalls', onTransaction);
  }, [doc, enabled, myId]);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const asked = performance.now();
    void Promise.all([
      api.invoke('minutes.clients', { meetingId }),
      api.invoke('minutes.authorship', { meetingId }),
      api.invoke('minutes.carried', { meetingId }),
    ]).then(
      ([c, a, moved]) => {
        if (!live) return;
        owners.current = new Map(c.map((x) => [x.clientId, x.memberId]));
        setClients(owners.current);
        setCounts(a);
        // The hub's ranges, and those seen here since this was asked (it may not have them yet).
        const held = new Set(moved.map((r) => `${r.client}:${r.clock}`));
        seenHere.current = seenHere.current.filter((s) => s.at >= asked);
        const extra = seenHere.current.map((s) => s.range).filter((r) => !held.has(`${r.client}:${r.clock}`));
        latest.current = new CarriedText(moved).plus(extra);
        setCarried(latest.current);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, meetingId, enabled, tick]);

  // New writers appear as people type: refresh now and then while shown.
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setTick((n) => n + 1), 4000);
    return () => clearInterval(timer);
  }, [enabled]);

  return useMemo(() => {
    const name = (memberId: string | null) =>
      memberId === null ? t('session.host') : (members.find((m) => m.id === memberId)?.name ?? '?');
    const colour = (memberId: string | null) => colourFor(memberId ?? 'owner');
    // Underlines by rank among this meeting's writers (the same list for everyone): the first
    // four writers never share one.
    const writers = [
      ...new Set([
        ...counts.map((c) => c.memberId ?? 'owner'),
        ...[...clients.values()].map((m) => m ?? 'owner'),
      ]),
    ].sort();
    const mark = (memberId: string | null) => {
      const rank = writers.indexOf(memberId ?? 'owner');
      return rank < 0 ? markFor(memberId ?? 'owner') : AUTHOR_MARKS[rank % AUTHOR_MARKS.length]!;
    };
    return {
      byClient(clientId: number) {
        if (clientId === doc.clientID) return { colour: colour(myId), mark: mark(myId), name: name(myId) };
        if (!clients.has(clientId)) return null;
        const memberId = clients.get(clientId) ?? null;
        return { colour: colour(memberId), mark: mark(memberId), name: name(memberId) };
      },
      carried: () => latest.current,
      legend: counts.map((c) => ({
        ...c,
        name: name(c.memberId),
        colour: colour(c.memberId),
        mark: mark(c.memberId),
      })),
    };
    // `carried` is read through `latest` when drawn; it is listed so that a change makes a new
    // object, which has the editor draw again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clients, counts, carried, members, doc, myId, t]);
}

export function AuthorLegend({ authors }: { authors: Authors }) {
  const { t, i18n } = useTranslation();
  if (authors.legend.length === 0) return <p className="muted">{t('authors.none')}</p>;
  const n = new Intl.NumberFormat(localeOf(i18n.language)).format;
  return (
    <table className="author-legend" data-testid="author-legend" aria-describedby="author-legend-hint">
      <caption>
        {t('authors.caption')}
        <span className="hint" id="author-legend-hint">
          {t('authors.markHint')}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('authors.author')}</th>
          <th scope="col">{t('authors.surviving')}</th>
          <th scope="col">{t('authors.inserted')}</th>
          <th scope="col">{t('authors.deleted')}</th>
        </tr>
      </thead>
      <tbody>
        {authors.legend.map((a) => (
          <tr key={a.memberId ?? 'owner'}>
            <th scope="row">
              <span
                className={`author-swatch author-mark-${a.mark}`}
                style={{ '--author': a.colour } as CSSProperties}
                aria-hidden="true"
              />{' '}
              {a.name}
              <span className="visually-hidden"> ({t(`authors.marks.${a.mark}`)})</span>
            </th>
            <td>{n(a.surviving)}</td>
            <td>{n(a.inserted)}</td>
            <td>{n(a.deleted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
