/**
 * A committee's partnership: the balance of voice, the promises made to partners (the level each
 * agenda item sought against the level it got), the partners' influence on decisions, the
 * partnership report (GRIPP2-SF) and the experience questionnaire's totals, for a period.
 */
import { useState, type ReactNode } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { LIST_PAGE } from '../../../shared/api';
import { INFLUENCE_LEVELS, type InfluenceLevel } from '../../../shared/decisions';
import type { Member } from '../../../shared/domain';
import {
  QUESTIONNAIRE_QUESTIONS,
  type DecisionInfluence,
  type ItemInfluence,
  type Period,
  type QuestionnaireResults,
} from '../../../shared/ledger';
import { BalanceOfVoice } from '../components/BalanceOfVoice';
import { ChoiceField, ErrorMessage, Field } from '../components/Field';
import {
  DecisionCardHead,
  LoadState,
  PeriodFilter,
  TableScroll,
  useFormat,
} from '../components/PartnershipParts';
import { formatInstant } from '../instants';
import { PartnershipReportView } from '../components/PartnershipReport';
import { usePartsFrom } from '../components/ShowMore';
import { useApp } from '../context';
import { useLoad, type Loadable } from '../hooks';
import { href } from '../router';

const TABS = ['balance', 'promises', 'decisions', 'report', 'experience'] as const;
type TabKey = (typeof TABS)[number];

export function PartnershipScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [data] = useLoad(async () => {
    const [committee, committees, meetings, members] = await Promise.all([
      api.invoke('committees.get', { id }),
      api.invoke('committees.list', {}),
      api.invoke('meetings.list', { committeeId: id }),
      api.invoke('members.list', { committeeId: id }),
    ]);
    return { committee, committees, meetings, members };
  }, [api, id]);
  const [period, setPeriod] = useState<Period | null>(null);
  const [tab, setTab] = useState<TabKey>('balance');

  // By default, the latest year that has meetings.
  const years =
    data.state === 'ready'
      ? [...new Set(data.value.meetings.map((m) => Number(m.startsAt.slice(0, 4))))].sort((a, b) => b - a)
      : [];
  const p: Period = period ?? (years[0] ? { from: `${years[0]}-01-01`, to: `${years[0]}-12-31` } : {});

  if (data.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (data.state === 'error') return <ErrorMessage message={t('common.error', { message: data.message })} />;
  const { committee, committees, meetings, members } = data.value;

  return (
    <article aria-labelledby="partnership-title" className="partnership-screen">
      <nav className="crumbs" aria-label={t('nav.breadcrumb')}>
        <a href="#/">{t('nav.committees')}</a> ›{' '}
        <a href={href({ name: 'committee', id: committee.id })}>{committee.name}</a>
      </nav>
      <h1 id="partnership-title">{t('partnership.title', { name: committee.name })}</h1>
      <p className="lead">{t('partnership.intro')}</p>
      <div className="filters">
        {committees.length > 1 && (
          <Field label={t('partnership.committee')}>
            {(fid) => (
              <select
                id={fid}
                value={committee.id}
                onChange={(e) => {
                  location.hash = href({ name: 'partnership', id: e.target.value });
                }}
              >
                {committees.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <PeriodFilter years={years} period={p} onChange={setPeriod} />
      </div>
      {meetings.length === 0 ? (
        <p className="empty" data-testid="partnership-empty">
          {t('partnership.noMeetingsYet')}
        </p>
      ) : (
        <Tabs selectedKey={tab} onSelectionChange={(k) => setTab(k as TabKey)} className="partnership-tabs">
          <TabList aria-label={t('partnership.tabs')} className="tabs">
            {TABS.map((k) => (
              <Tab key={k} id={k}>
                {t(`partnership.tab.${k}`)}
              </Tab>
            ))}
          </TabList>
          <TabPanel id="balance">
            <h2>{t('partnership.tab.balance')}</h2>
            <BalanceOfVoice committeeId={committee.id} period={p} />
          </TabPanel>
          <TabPanel id="promises">
            <h2>{t('partnership.tab.promises')}</h2>
            <Promises committeeId={committee.id} period={p} members={members} />
          </TabPanel>
          <TabPanel id="decisions">
            <h2>{t('partnership.tab.decisions')}</h2>
            <DecisionInfluenceList committeeId={committee.id} period={p} members={members} />
          </TabPanel>
          <TabPanel id="report">
            <h2>{t('partnership.tab.report')}</h2>
            <PartnershipReportView committeeId={committee.id} period={p} meetings={meetings} />
          </TabPanel>
          <TabPanel id="experience">
            <h2>{t('partnership.tab.experience')}</h2>
            {/* Its table scrolls in a box of its own on a phone (400 % zoom), not the page. */}
            <TableScroll label={t('partnership.tab.experience')}>
              <ExperienceResults committeeId={committee.id} period={p} />
            </TableScroll>
          </TabPanel>
        </Tabs>
      )}
    </article>
  );
}

const nameOf = (members: Member[], id: string) => members.find((m) => m.id === id)?.name ?? '?';

/** How many decisions and agenda items the period holds: the filters' labels and the lists' ends. */
function useCounts(committeeId: string, period: Period) {
  const { api } = useApp();
  return useLoad(
    () => api.invoke('influence.counts', { committeeId, ...period }),
    [api, committeeId, period.from, period.to],
  )[0];
}

/** Asks the hub for the part of a list after `offset`. */
type AskPart<T> = (offset: number, limit: number) => Promise<T[]>;

/**
 * A list's first part, and the way to ask for the next ones with the same filter: the two come
 * together, so that « show more » never adds to a list another filter's parts.
 */
function useFirstOf<T>(ask: AskPart<T>, deps: unknown[]) {
  return useLoad(async () => ({ first: await ask(0, LIST_PAGE), ask }), deps)[0];
}

/** A list's first part as it comes, or that the period holds none. */
function FirstPart<T>({
  load,
  children,
}: {
  load: Loadable<{ first: T[]; ask: AskPart<T> }>;
  children: (first: T[], ask: AskPart<T>) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <LoadState load={load}>
      {({ first, ask }) =>
        first.length === 0 ? <p className="empty">{t('partnership.noData')}</p> : children(first, ask)
      }
    </LoadState>
  );
}

/** A list shown a part at a time: its first part, how many it holds, and how to ask for more. */
interface PartsProps<T> {
  first: T[];
  total: number;
  ask: AskPart<T>;
  members: Member[];
}

function Promises({
  committeeId,
  period,
  members,
}: {
  committeeId: string;
  period: Period;
  members: Member[];
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const f = useFormat();
  const [onlyBroken, setOnlyBroken] = useState(false);
  const counts = useCounts(committeeId, period);
  const items = useFirstOf(
    (offset, limit) =>
      api.invoke('influence.items', {
        committeeId,
        ...period,
        promiseNotKept: onlyBroken || undefined,
        offset,
        limit,
      }),
    [api, committeeId, period.from, period.to, onlyBroken],
  );
  return (
    <LoadState load={counts}>
      {({ items: n }) => (
        <div data-testid="promises">
          <p className="lead">{t('partnership.promises.intro')}</p>
          <p role="status">
            {t('partnership.promises.count', {
              count: n.promisesNotKept,
              number: f.number(n.promisesNotKept),
              total: f.number(n.total),
            })}
          </p>
          <label className="check">
            <input type="checkbox" checked={onlyBroken} onChange={(e) => setOnlyBroken(e.target.checked)} />{' '}
            {t('partnership.promises.onlyBroken')}
          </label>
          <FirstPart load={items}>
            {(first, ask) => (
              <PromisesTable
                first={first}
                total={onlyBroken ? n.promisesNotKept : n.total}
                ask={ask}
                members={members}
              />
            )}
          </FirstPart>
        </div>
      )}
    </LoadState>
  );
}

function PromisesTable({ first, total, ask, members }: PartsProps<ItemInfluence>) {
  const { t } = useTranslation();
  const f = useFormat();
  const { shown, more, listRef } = usePartsFrom<ItemInfluence, HTMLTableSectionElement>(first, total, ask);
  return (
    <>
      <TableScroll label={t('partnership.promises.caption')}>
        <table className="promises-table">
          <caption className="visually-hidden">{t('partnership.promises.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('partnership.promises.item')}</th>
              <th scope="col">{t('partnership.promises.sought')}</th>
              <th scope="col">{t('partnership.promises.got')}</th>
              <th scope="col">{t('partnership.promises.verdict')}</th>
              <th scope="col">{t('partnership.promises.who')}</th>
            </tr>
          </thead>
          <tbody ref={listRef}>
            {shown.map((i) => (
              <tr key={i.itemId} className={i.promiseNotKept ? 'promise-broken' : undefined} tabIndex={-1}>
                <th scope="row">
                  {i.title}
                  <br />
                  <span className="muted">
                    {i.meetingTitle} · {f.day(i.startsAt)}
                  </span>
                </th>
                <td>{t(`engagement.${i.sought}`)}</td>
                <td>{i.got === 'none' ? t('partnership.promises.gotNone') : t(`engagement.${i.got}`)}</td>
                <td>
                  {i.promiseNotKept ? (
                    <strong className="verdict verdict-broken">
                      <span aria-hidden="true">⚠ </span>
                      {t('partnership.promises.notKept')}
                    </strong>
                  ) : i.kept ? (
                    <span className="verdict verdict-kept">
                      <span aria-hidden="true">✓ </span>
                      {t('partnership.promises.kept')}
                    </span>
                  ) : (
                    <span className="verdict verdict-short">
                      <span aria-hidden="true">◐ </span>
                      {t('partnership.promises.short')}
                    </span>
                  )}
                </td>
                <td>
                  {i.contributors.length
                    ? i.contributors.map((id) => nameOf(members, id)).join(', ')
                    : t('partnership.promises.nobody')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {more}
    </>
  );
}

function DecisionInfluenceList({
  committeeId,
  period,
  members,
}: {
  committeeId: string;
  period: Period;
  members: Member[];
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [level, setLevel] = useState<InfluenceLevel | ''>('');
  const counts = useCounts(committeeId, period);
  const decisions = useFirstOf(
    (offset, limit) =>
      api.invoke('influence.decisions', {
        committeeId,
        ...period,
        influence: level ? [level] : undefined,
        offset,
        limit,
      }),
    [api, committeeId, period.from, period.to, level],
  );
  return (
    <LoadState load={counts}>
      {({ decisions: n }) => (
        <div data-testid="decision-influence">
          <p className="lead">{t('partnership.decisions.intro')}</p>
          <div className="filters">
            <ChoiceField<InfluenceLevel>
              label={t('partnership.decisions.filter')}
              value={level}
              options={INFLUENCE_LEVELS}
              optionLabel={(l) =>
                t('partnership.decisions.filterOption', {
                  level: t(`decisions.influence.levels.${l}`),
                  count: n.levels[l],
                })
              }
              emptyLabel={t('partnership.decisions.filterAll', { count: n.total })}
              onChange={setLevel}
            />
          </div>
          <FirstPart load={decisions}>
            {(first, ask) => (
              <DecisionCards
                first={first}
                total={level ? n.levels[level] : n.total}
                ask={ask}
                members={members}
              />
            )}
          </FirstPart>
        </div>
      )}
    </LoadState>
  );
}

function DecisionCards({ first, total, ask, members }: PartsProps<DecisionInfluence>) {
  const { t } = useTranslation();
  const f = useFormat();
  const { shown, more, listRef } = usePartsFrom(first, total, ask);
  return (
    <>
      <ul className="influence-list" ref={listRef}>
        {shown.map((d) => (
          <li key={d.decisionId} className="influence-card" tabIndex={-1}>
            <DecisionCardHead title={d.title} influence={d.influence} />
            <p className="muted">
              {d.meetingTitle} · {f.day(d.startsAt)}
              {d.itemTitle && <> · {d.itemTitle}</>} · {t(`decisions.statuses.${d.status}`)}
            </p>
            <p>
              <span className="member-label">{t('partnership.decisions.evidence')}</span>{' '}
              {d.evidence || t('partnership.decisions.noEvidence')}
            </p>
            {d.partnerContributors.length > 0 && (
              <p>
                <span className="member-label">{t('partnership.decisions.partners')}</span>{' '}
                {d.partnerContributors.map((id) => nameOf(members, id)).join(', ')}
              </p>
            )}
          </li>
        ))}
      </ul>
      {more}
    </>
  );
}

/**
 * The questionnaire's totals: only of the meetings whose questionnaire has closed with at least the
 * minimum count of answers of their own; what is left out is said, and why.
 */
export function ExperienceResults({
  committeeId,
  meetingId,
  period = {},
}: {
  committeeId: string;
  meetingId?: string;
  period?: Period;
}) {
  const { api } = useApp();
  const [load] = useLoad(
    () => api.invoke('questionnaire.results', { committeeId, meetingId, ...period }),
    [api, committeeId, meetingId, period.from, period.to],
  );
  return <LoadState load={load}>{(r) => <ResultsView results={r} />}</LoadState>;
}

function ResultsView({ results }: { results: QuestionnaireResults }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const day = (iso: string) => formatInstant(iso, i18n.language);
  const answers = (n: number) => t('partnership.experience.answers', { count: n, number: f.number(n) });
  const { minimum, belowMinimum, notClosed } = results;
  // One meeting: when its results will show, or why they never will.
  const oneMeeting = results.meetingId !== null;
  const meetingNote =
    !oneMeeting || results.shown
      ? null
      : notClosed.meetings && results.nextClosesAt
        ? t('partnership.experience.meetingOpen', {
            day: day(results.nextClosesAt),
            minimum,
            number: f.number(results.count),
          })
        : belowMinimum.meetings
          ? t('partnership.experience.meetingBelow', { answers: answers(belowMinimum.answers), minimum })
          : t('partnership.experience.meetingNone');
  // A period: what the totals leave out, and why.
  const leftOut = oneMeeting
    ? []
    : [
        belowMinimum.meetings > 0 &&
          t('partnership.experience.below', {
            count: belowMinimum.meetings,
            number: f.number(belowMinimum.meetings),
            minimum,
            answers: answers(belowMinimum.answers),
          }),
        notClosed.meetings > 0 &&
          results.nextClosesAt &&
          t('partnership.experience.open', {
            count: notClosed.meetings,
            number: f.number(notClosed.meetings),
            day: day(results.nextClosesAt),
            answers: answers(notClosed.answers),
          }),
      ].filter((x): x is string => !!x);
  return (
    <div data-testid="experience-results">
      <p className="lead">{t('partnership.experience.intro', { minimum, days: results.openDays })}</p>
      {!results.shown || !results.questions ? (
        <p className="notice" role="status" data-testid="experience-hidden">
          {meetingNote ?? t('partnership.experience.noneYet')}
        </p>
      ) : (
        <table>
          <caption>
            {t('partnership.experience.caption', {
              count: results.counted,
              number: f.number(results.counted),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('partnership.experience.question')}</th>
              <th scope="col">{t('partnership.experience.agree')}</th>
              <th scope="col">{t('partnership.experience.mean')}</th>
              <th scope="col">{t('partnership.experience.answered')}</th>
            </tr>
          </thead>
          <tbody>
            {QUESTIONNAIRE_QUESTIONS.map((q) => {
              const r = results.questions![q];
              return (
                <tr key={q}>
                  <th scope="row">{t(`questionnaire.q.${q}`)}</th>
                  <td>{r.answered ? f.share(r.agree) : '—'}</td>
                  <td>{r.answered ? `${f.number(r.mean)} / 5` : '—'}</td>
                  <td>
                    {f.number(r.answered)}
                    {r.withheld > 0 &&
                      ` ${t('partnership.experience.withheld', { count: r.withheld, number: f.number(r.withheld) })}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {results.questions && QUESTIONNAIRE_QUESTIONS.some((q) => results.questions![q].withheld > 0) && (
        <p data-testid="experience-withheld">{t('partnership.experience.withheldNote', { minimum })}</p>
      )}
      {!oneMeeting && results.shown && (
        <p>
          {t('partnership.experience.meetingsCounted', {
            count: results.meetingsCounted,
            number: f.number(results.meetingsCounted),
          })}
        </p>
      )}
      {leftOut.length > 0 && (
        <ul className="experience-left-out" data-testid="experience-left-out">
          {leftOut.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
