/**
 * One member's page: their mandate and engagement level, the meetings they attended, their
 * contributions month by month (a chart and its table), and the decisions they took part in with
 * the influence recorded. A member sees their own page; co-chairs and secretaries everyone's.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { LIST_PAGE } from '../../../shared/api';
import type { ContributionTotals, MemberPage, Period } from '../../../shared/ledger';
import { ErrorMessage } from '../components/Field';
import { usePartsFrom } from '../components/ShowMore';
import {
  DecisionCardHead,
  LoadState,
  PeriodFilter,
  TableScroll,
  useFormat,
} from '../components/PartnershipParts';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';

/** What the page counts, from the ledger's kinds. */
const FIGURES = [
  'speakingTurns',
  'speakingMinutes',
  'minutesInserted',
  'minutesDeleted',
  'minutesText',
  'proposals',
  'positions',
  'votes',
  'comments',
] as const;
type Figure = (typeof FIGURES)[number];

function figure(totals: ContributionTotals, f: Figure): number {
  switch (f) {
    case 'speakingTurns':
      return totals['speaking-turn'];
    case 'speakingMinutes':
      return Math.round(totals['speaking-seconds'] / 60);
    case 'minutesInserted':
      return totals['minutes-inserted'];
    case 'minutesDeleted':
      return totals['minutes-deleted'];
    case 'minutesText':
      return totals['minutes-surviving'];
    case 'proposals':
      return totals['agenda-item-proposed'] + totals['decision-proposed'];
    case 'positions':
      return totals['position-taken'];
    case 'votes':
      return totals['vote-cast'];
    case 'comments':
      return totals.comment;
  }
}

/**
 * The figures month by month, in two tables narrow enough for a phone or 200 % zoom: the acts
 * (counts), then the minutes of speaking and the characters of the minutes (amounts).
 */
const TABLES: { key: 'acts' | 'amounts'; figures: readonly Figure[] }[] = [
  { key: 'acts', figures: ['speakingTurns', 'proposals', 'positions', 'votes', 'comments'] },
  { key: 'amounts', figures: ['speakingMinutes', 'minutesInserted', 'minutesDeleted', 'minutesText'] },
];

/** The monthly chart shows acts (counts of the same size); text and minutes are in the tables. */
const CHARTED = [
  { key: 'speakingTurns', color: '#0b5cad', pattern: 'solid' },
  { key: 'positions', color: '#8a4b00', pattern: 'stripes' },
  { key: 'proposals', color: '#1d6b3a', pattern: 'dots' },
  { key: 'votes', color: '#8c1d40', pattern: 'diagonals' },
  { key: 'comments', color: '#5a2d82', pattern: 'cross' },
] as const;

/** Asks for the part of a member's decisions after `offset`. */
type AskDecisions = (offset: number, limit: number) => Promise<MemberPage['decisions']>;

export function MemberPageScreen({ committeeId, memberId }: { committeeId: string; memberId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [committee] = useLoad(() => api.invoke('committees.get', { id: committeeId }), [api, committeeId]);
  const [period, setPeriod] = useState<Period>({});
  // The page with its first decisions, and the way to ask for the next ones of the same period.
  const [page] = useLoad(async () => {
    const ask = (offset: number, limit: number) =>
      api.invoke('ledger.member', { memberId, ...period, offset, limit }).then((p) => p.decisions);
    return { ...(await api.invoke('ledger.member', { memberId, ...period, limit: LIST_PAGE })), ask };
  }, [api, memberId, period.from, period.to]);
  const [years, setYears] = useState<number[]>([]);
  if (page.state === 'ready' && !years.length && page.value.meetings.length && !period.from && !period.to) {
    setYears(
      [...new Set(page.value.meetings.map((m) => Number(m.startsAt.slice(0, 4))))].sort((a, b) => b - a),
    );
  }

  if (committee.state === 'error')
    return <ErrorMessage message={t('common.error', { message: committee.message })} />;
  const c = committee.state === 'ready' ? committee.value : null;
  return (
    <article aria-labelledby="member-page-title" className="partnership-screen member-page">
      <nav className="crumbs" aria-label={t('nav.breadcrumb')}>
        <a href="#/">{t('nav.committees')}</a> ›{' '}
        <a href={href({ name: 'committee', id: committeeId })}>{c?.name ?? '…'}</a>
      </nav>
      {page.state === 'ready' ? (
        <h1 id="member-page-title">{page.value.member.name}</h1>
      ) : (
        <h1 id="member-page-title">{t('memberPage.title')}</h1>
      )}
      <PeriodFilter years={years} period={period} onChange={setPeriod} />
      <LoadState load={page}>{(p) => <MemberPageView page={p} />}</LoadState>
    </article>
  );
}

function MemberPageView({ page }: { page: MemberPage & { ask: AskDecisions } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const m = page.member;
  const held = page.meetings.length;
  const rows = page.months.map((mo) => ({
    label: f.month(mo.month),
    ...Object.fromEntries(CHARTED.map((c) => [c.key, figure(mo.totals, c.key)])),
  }));
  const total = (x: Figure) => figure(page.totals, x);
  const meetingOf = new Map(page.meetings.map((mt) => [mt.meetingId, mt]));
  const {
    shown: shownDecisions,
    more: moreDecisions,
    listRef: decisionsRef,
  } = usePartsFrom(page.decisions, page.decisionCount, page.ask);
  return (
    <div data-testid="member-page">
      <section aria-labelledby="mp-about" className="panel">
        <h2 id="mp-about">{t('memberPage.about')}</h2>
        <dl className="report-facts">
          <div>
            <dt>{t('memberPage.kind')}</dt>
            <dd>
              {t(`kind.${m.kind}`)} · {t(`role.${m.role}`)}
            </dd>
          </div>
          <div>
            <dt>{t('memberPage.engagement')}</dt>
            <dd data-testid="member-engagement">{t(`engagement.${m.engagementLevel}`)}</dd>
          </div>
          <div>
            <dt>{t('memberPage.mandate')}</dt>
            <dd>{m.mandate || t('memberPage.noMandate')}</dd>
          </div>
          <div>
            <dt>{t('memberPage.attendedLabel')}</dt>
            <dd data-testid="member-attended">
              {t('memberPage.attended', {
                count: held,
                attended: f.number(page.attended),
                held: f.number(held),
              })}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="mp-contrib">
        <h2 id="mp-contrib">{t('memberPage.contributions')}</h2>
        <ul className="figures" data-testid="member-figures">
          {FIGURES.map((x) => (
            <li key={x} data-figure={x}>
              <strong>{f.number(total(x))}</strong> {t(`memberPage.figure.${x}`, { count: total(x) })}
            </li>
          ))}
        </ul>
        <p className="muted">{t('memberPage.votesNote')}</p>
        {rows.length === 0 ? (
          <p className="empty">{t('memberPage.noContributions')}</p>
        ) : (
          <figure className="share-chart">
            <figcaption>
              <h3>{t('memberPage.overTime')}</h3>
            </figcaption>
            <div
              role="img"
              aria-label={t('memberPage.overTime')}
              aria-describedby="mp-chart-summary"
              className="chart-box"
            >
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={rows} accessibilityLayer={false} margin={{ left: 0, right: 16 }}>
                  <defs>
                    {CHARTED.map((c) => (
                      <pattern
                        key={c.key}
                        id={`mp-${c.key}`}
                        width="8"
                        height="8"
                        patternUnits="userSpaceOnUse"
                      >
                        <rect width="8" height="8" fill={c.color} />
                        {c.pattern === 'stripes' && <path d="M0,8 L8,0" stroke="#fff" strokeWidth="2" />}
                        {c.pattern === 'dots' && <circle cx="4" cy="4" r="1.6" fill="#fff" />}
                        {c.pattern === 'cross' && (
                          <path d="M0,4 H8 M4,0 V8" stroke="#fff" strokeWidth="1.2" />
                        )}
                        {c.pattern === 'diagonals' && (
                          <path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" strokeWidth="1.2" />
                        )}
                      </pattern>
                    ))}
                  </defs>
                  <CartesianGrid vertical={false} strokeDasharray="3 3" />
                  <XAxis dataKey="label" tick={{ fill: '#1f1f1f', fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fill: '#1f1f1f' }} />
                  <Legend itemSorter={null} />
                  {CHARTED.map((c) => (
                    <Bar
                      key={c.key}
                      dataKey={c.key}
                      stackId="acts"
                      name={t(`memberPage.column.${c.key}`)}
                      fill={`url(#mp-${c.key})`}
                      stroke={c.color}
                      isAnimationActive={false}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <p id="mp-chart-summary" className="chart-summary">
              {t('memberPage.chartSummary', { months: f.number(rows.length) })}
            </p>
            <details className="chart-table">
              <summary>{t('partnership.showTable')}</summary>
              {TABLES.map(({ key, figures }) => (
                <TableScroll key={key} label={t(`memberPage.tables.${key}`)}>
                  <table data-testid={`member-table-${key}`}>
                    <caption>{t(`memberPage.tables.${key}`)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('memberPage.month')}</th>
                        {figures.map((x) => (
                          <th key={x} scope="col">
                            {t(`memberPage.column.${x}`)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {page.months.map((mo) => (
                        <tr key={mo.month}>
                          <th scope="row">{f.month(mo.month)}</th>
                          {figures.map((x) => (
                            <td key={x}>{f.number(figure(mo.totals, x))}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              ))}
            </details>
          </figure>
        )}
      </section>

      <section aria-labelledby="mp-decisions">
        <h2 id="mp-decisions">{t('memberPage.decisions')}</h2>
        {page.decisions.length === 0 ? (
          <p className="empty">{t('memberPage.noDecisions')}</p>
        ) : (
          <ul className="influence-list" data-testid="member-decisions" ref={decisionsRef}>
            {shownDecisions.map((d) => (
              <li key={d.decisionId} className="influence-card" tabIndex={-1}>
                <DecisionCardHead title={d.title} influence={d.influence} />
                <p className="muted">
                  {meetingOf.has(d.meetingId) && (
                    <>
                      {meetingOf.get(d.meetingId)!.title} · {f.day(meetingOf.get(d.meetingId)!.startsAt)}{' '}
                      ·{' '}
                    </>
                  )}
                  {t(`decisions.statuses.${d.status}`)} ·{' '}
                  {d.roles.map((r) => t(`memberPage.roles.${r}`)).join(', ')}
                </p>
                {d.evidence && (
                  <p>
                    <span className="member-label">{t('partnership.decisions.evidence')}</span> {d.evidence}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        {moreDecisions}
      </section>

      <section aria-labelledby="mp-meetings">
        <h2 id="mp-meetings">{t('memberPage.meetings')}</h2>
        {page.meetings.length === 0 ? (
          <p className="empty">{t('partnership.noMeetings')}</p>
        ) : (
          <ul className="plain-list">
            {page.meetings.map((mt) => (
              <li key={mt.meetingId}>
                <a href={href({ name: 'meeting', id: mt.meetingId })}>{mt.title}</a>{' '}
                <span className="muted">
                  {f.day(mt.startsAt)} ·{' '}
                  {mt.attendance ? t(`attendance.statuses.${mt.attendance}`) : t('memberPage.noAttendance')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
