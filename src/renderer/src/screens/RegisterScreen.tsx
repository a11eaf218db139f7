/**
 * The committee's decision register: every decision, with filters and a full-text search (accents
 * ignored), page by page; the check of the log's hash chain; the log itself, where the co-chairs
 * amend or rescind a decision with a reason; and the follow-up actions across meetings.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_STATUSES,
  DECISION_STATUSES,
  INFLUENCE_LEVELS,
  LOG_PAGE_MAX,
  type ActionStatus,
  type Decision,
  type DecisionStatus,
  type InfluenceLevel,
  type LogEntry,
  type VerifyResult,
} from '../../../shared/decisions';
import {
  AGENDA_PURPOSES,
  type AgendaPurpose,
  type Caller,
  type Committee,
  type Meeting,
  type Member,
} from '../../../shared/domain';
import { ActionList, InfluenceBadge, StatusBadge, useNameOf, VoteSummary } from '../components/DecisionParts';
import { AppDialog } from '../components/AppDialog';
import { RegisterExportMenu } from '../components/RegisterExportMenu';
import { ChoiceField, ErrorMessage, Field } from '../components/Field';
import { useApp } from '../context';
import {
  formatDate,
  formatDateTime,
  isCoChair,
  isOverdue,
  loggedIds,
  logEntries,
  mayEdit,
  said,
  today,
  type Said,
} from '../decisions-state';
import { useLoad } from '../hooks';
import { href } from '../router';
import '../decisions.css';
import '../meeting.css';
import { describeError } from '../errors';
import { DateField } from '../components/DateField';

const PAGE_SIZE = 50;
/** The log's entries shown at first, and added by each "older entries". */
const LOG_PAGE = 50;
const message = (err: unknown) => describeError(err);

/** Secretaries and co-chairs (and the host) export the register. */
const mayExport = (caller: Caller) =>
  caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';

export function RegisterScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [data] = useLoad(async () => {
    const [committee, members, meetings] = await Promise.all([
      api.invoke('committees.get', { id }),
      api.invoke('members.list', { committeeId: id }),
      api.invoke('meetings.list', { committeeId: id }),
    ]);
    return { committee, members, meetings };
  }, [api, id]);
  if (data.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (data.state === 'error') return <ErrorMessage message={t('common.error', { message: data.message })} />;
  return <RegisterView {...data.value} />;
}

function RegisterView({
  committee,
  members,
  meetings,
}: {
  committee: Committee;
  members: Member[];
  meetings: Meeting[];
}) {
  const { t } = useTranslation();
  const { session } = useApp();
  // Bumped after an amendment or a rescission: the register and the log are read again.
  const [version, setVersion] = useState(0);
  const meetingsById = new Map(meetings.map((m) => [m.id, m]));

  return (
    <article aria-labelledby="register-title" className="register">
      <nav className="crumbs" aria-label={t('nav.breadcrumb')}>
        <a href="#/">{t('nav.committees')}</a> ›{' '}
        <a href={href({ name: 'committee', id: committee.id })}>{committee.name}</a>
      </nav>
      <h1 id="register-title">{t('register.title')}</h1>
      <p className="reg-intro">{t('register.intro')}</p>
      <Integrity committeeId={committee.id} version={version} />
      <DecisionsSection
        committeeId={committee.id}
        members={members}
        meetings={meetings}
        meetingsById={meetingsById}
        version={version}
      />
      <div className="reg-columns">
        <LogSection
          committeeId={committee.id}
          version={version}
          members={members}
          chair={isCoChair(session.caller)}
          onChanged={() => setVersion((v) => v + 1)}
        />
        <ActionsTracker
          committeeId={committee.id}
          members={members}
          meetingsById={meetingsById}
          editable={mayEdit(session.caller)}
          version={version}
        />
      </div>
    </article>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

interface Filters {
  q: string;
  status: '' | DecisionStatus;
  meetingId: string;
  from: string;
  to: string;
  purpose: '' | AgendaPurpose;
  influence: '' | InfluenceLevel;
  memberId: string;
}
const NO_FILTERS: Filters = {
  q: '',
  status: '',
  meetingId: '',
  from: '',
  to: '',
  purpose: '',
  influence: '',
  memberId: '',
};

/** A local calendar day as an instant: its first or its last millisecond. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const dayEnd = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

function DecisionsSection({
  committeeId,
  members,
  meetings,
  meetingsById,
  version,
}: {
  committeeId: string;
  members: Member[];
  meetings: Meeting[];
  meetingsById: Map<string, Meeting>;
  version: number;
}) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(0);
  const q = useDebounced(filters.q.trim(), 300);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(0);
  };
  const input = {
    committeeId,
    q: q || undefined,
    status: filters.status ? [filters.status] : undefined,
    meetingId: filters.meetingId || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayEnd(filters.to) : undefined,
    purpose: filters.purpose || undefined,
    influence: filters.influence ? [filters.influence] : undefined,
    memberId: filters.memberId || undefined,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  };
  const key = JSON.stringify(input);
  const [result] = useLoad(() => api.invoke('decisions.register', input), [api, key, version]);
  const filtered = JSON.stringify({ ...filters, q }) !== JSON.stringify(NO_FILTERS);
  // The log numbers of this page's decisions only (not the whole log).
  const entryIds = result.state === 'ready' ? loggedIds(result.value.items) : [];
  const [numbers] = useLoad(
    () => logEntries(api, committeeId, entryIds),
    [api, committeeId, entryIds.join(','), version],
  );
  const seqOf = (entryId: number | null) =>
    (numbers.state === 'ready' ? numbers.value.find((e) => e.id === entryId)?.seq : undefined) ?? null;
  const sortedMeetings = [...meetings].sort((a, b) => b.startsAt.localeCompare(a.startsAt));

  function goTo(p: number) {
    setPage(p);
    requestAnimationFrame(() => {
      resultsHeading.current?.focus();
      resultsHeading.current?.scrollIntoView({ block: 'start' });
    });
  }

  const total = result.state === 'ready' ? result.value.total : 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section aria-labelledby="reg-decisions-title" className="reg-decisions">
      <h2 id="reg-decisions-title">{t('register.decisionsTitle')}</h2>
      {mayExport(session.caller) && (
        <RegisterExportMenu
          committeeId={committeeId}
          filter={input}
          total={result.state === 'ready' ? total : undefined}
        />
      )}
      <form
        className="panel reg-filters"
        role="search"
        aria-labelledby="reg-filters-title"
        onSubmit={(e) => e.preventDefault()}
      >
        <h3 id="reg-filters-title">{t('register.filters')}</h3>
        <Field label={t('register.search')} hint={t('register.searchHint')}>
          {(id, hintId) => (
            <input
              id={id}
              type="search"
              aria-describedby={hintId}
              value={filters.q}
              maxLength={500}
              onChange={(e) => update({ q: e.target.value })}
            />
          )}
        </Field>
        <div className="reg-filter-grid">
          <ChoiceField
            label={t('register.status')}
            value={filters.status}
            options={DECISION_STATUSES}
            optionLabel={(v) => t(`decisions.statuses.${v}`)}
            emptyLabel={t('register.allStatuses')}
            onChange={(v) => update({ status: v as Filters['status'] })}
          />
          <ChoiceField
            label={t('register.influence')}
            value={filters.influence}
            options={INFLUENCE_LEVELS}
            optionLabel={(v) => t(`decisions.influence.levels.${v}`)}
            emptyLabel={t('register.allInfluence')}
            onChange={(v) => update({ influence: v as Filters['influence'] })}
          />
          <ChoiceField
            label={t('register.purpose')}
            value={filters.purpose}
            options={AGENDA_PURPOSES}
            optionLabel={(v) => t(`agenda.purposes.${v}`)}
            emptyLabel={t('register.allPurposes')}
            onChange={(v) => update({ purpose: v as Filters['purpose'] })}
          />
          <Field label={t('register.meeting')}>
            {(id) => (
              <select
                id={id}
                value={filters.meetingId}
                onChange={(e) => update({ meetingId: e.target.value })}
              >
                <option value="">{t('register.allMeetings')}</option>
                {sortedMeetings.map((m) => (
                  <option key={m.id} value={m.id}>
                    {t('register.meetingOn', { title: m.title, date: formatDate(m.startsAt, i18n.language) })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <DateField label={t('register.from')} value={filters.from} onChange={(v) => update({ from: v })} />
          <DateField label={t('register.to')} value={filters.to} onChange={(v) => update({ to: v })} />
          <Field label={t('register.person')} hint={t('register.personHint')}>
            {(id, hintId) => (
              <select
                id={id}
                aria-describedby={hintId}
                value={filters.memberId}
                onChange={(e) => update({ memberId: e.target.value })}
              >
                <option value="">{t('register.everyone')}</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {filtered && (
          <button type="button" className="secondary" onClick={() => update(NO_FILTERS)}>
            {t('register.clear')}
          </button>
        )}
      </form>

      <h3 ref={resultsHeading} tabIndex={-1} className="visually-hidden">
        {t('register.decisionsTitle')}
      </h3>
      <p role="status" className="reg-total" data-testid="register-total">
        {result.state === 'ready' &&
          (total > PAGE_SIZE
            ? t('register.range', {
                from: page * PAGE_SIZE + 1,
                to: Math.min(total, (page + 1) * PAGE_SIZE),
                total,
              })
            : t('register.total', { count: total }))}
      </p>
      {result.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {result.state === 'error' && <ErrorMessage message={t('common.error', { message: result.message })} />}
      {result.state === 'ready' &&
        (result.value.items.length === 0 ? (
          <p className="empty">{filtered ? t('register.noMatch') : t('register.empty')}</p>
        ) : (
          <ol className="dc-list reg-list" data-testid="register">
            {result.value.items.map((d) => (
              <li key={d.id}>
                <RegisterDecision
                  d={d}
                  members={members}
                  meeting={meetingsById.get(d.meetingId)}
                  seq={seqOf(d.logEntryId)}
                />
              </li>
            ))}
          </ol>
        ))}
      {pages > 1 && (
        <nav className="reg-pager" aria-label={t('register.pages')}>
          <button type="button" className="secondary" disabled={page === 0} onClick={() => goTo(page - 1)}>
            ← {t('register.previous')}
          </button>
          <span>{t('register.page', { page: page + 1, pages })}</span>
          <button
            type="button"
            className="secondary"
            disabled={page >= pages - 1}
            onClick={() => goTo(page + 1)}
          >
            {t('register.next')} →
          </button>
        </nav>
      )}
    </section>
  );
}

function RegisterDecision({
  d,
  members,
  meeting,
  seq,
}: {
  d: Decision;
  members: Member[];
  meeting: Meeting | undefined;
  seq: number | null;
}) {
  const { t, i18n } = useTranslation();
  const nameOf = useNameOf(members);
  const headingId = useId();
  const stated = Object.entries(d.positions ?? {}).filter(([, p]) => p.trim());
  const speakers = d.speakers ?? [];
  return (
    <article
      className={`dc-card dc-card-${d.status}`}
      aria-labelledby={headingId}
      data-testid="register-decision"
    >
      <header className="dc-card-head">
        <h4 id={headingId} className="dc-card-title">
          {d.title}
        </h4>
        <StatusBadge status={d.status} />
      </header>
      <p className="muted small dc-byline">
        {meeting
          ? t('register.meetingOn', {
              title: meeting.title,
              date: formatDate(meeting.startsAt, i18n.language),
            })
          : t('register.unknownMeeting', { date: formatDate(d.createdAt, i18n.language) })}
        {' · '}
        {t(`decisions.modes.${d.mode}`)}
        {seq !== null && (
          <>
            {' · '}
            <strong>{t('decisions.inRegister', { seq })}</strong>
          </>
        )}
      </p>
      <dl className="dc-facts">
        <dt>{t('decisions.text')}</dt>
        <dd className={d.text ? 'dc-prose' : 'muted'}>{d.text || t('decisions.noText')}</dd>
        <dt>{t('decisions.rationale')}</dt>
        <dd className={d.rationale ? 'dc-prose' : 'muted'}>{d.rationale || t('decisions.noRationale')}</dd>
        {d.vote && (
          <>
            <dt>{t('register.vote')}</dt>
            <dd>
              <VoteSummary vote={d.vote} members={members} />
            </dd>
          </>
        )}
        <dt>{t('register.influence')}</dt>
        <dd>
          <InfluenceBadge level={d.influence.level} />{' '}
          <span className="muted">{t(`decisions.influence.explain.${d.influence.level}`)}</span>
          {d.influence.evidence && (
            <span className="dc-prose dc-evidence-read">
              {t('decisions.influence.evidenceValue', { evidence: d.influence.evidence })}
            </span>
          )}
        </dd>
        <dt>{t('register.proposedBy')}</dt>
        <dd>{nameOf(d.proposedBy)}</dd>
        {speakers.length > 0 && (
          <>
            <dt>{t('register.speakers')}</dt>
            <dd>{speakers.map(nameOf).join(', ')}</dd>
          </>
        )}
        {stated.length > 0 && (
          <>
            <dt>{t('register.positions')}</dt>
            <dd>
              <ul className="reg-positions">
                {stated.map(([id, p]) => (
                  <li key={id}>
                    <strong>{nameOf(id)}</strong> — {p}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {d.status === 'amended' && d.amendmentReason && (
          <>
            <dt>{t('register.amendmentReason')}</dt>
            <dd className="dc-prose">{d.amendmentReason}</dd>
          </>
        )}
        {d.status === 'rescinded' && d.rescissionReason && (
          <>
            <dt>{t('register.rescissionReason')}</dt>
            <dd className="dc-prose">{d.rescissionReason}</dd>
          </>
        )}
      </dl>
    </article>
  );
}

type ReasonKey = 'missing' | 'unreadable' | 'content' | 'chain' | 'details';
/** The core explains a broken entry in English: say it in the reader's language. */
function reasonKey(reason: string): ReasonKey | null {
  if (/is missing/.test(reason)) return 'missing';
  if (/not readable/.test(reason)) return 'unreadable';
  if (/content was changed/.test(reason)) return 'content';
  if (/does not follow/.test(reason)) return 'chain';
  if (/recorded details/.test(reason)) return 'details';
  return null;
}

function Integrity({ committeeId, version }: { committeeId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ value: VerifyResult; version: number; entry?: LogEntry } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);

  async function check() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const value = await api.invoke('decisions.verify', { committeeId });
      // The broken entry's date, if it can still be read (its content may not be).
      const entry = value.firstBroken
        ? (await logEntries(api, committeeId, [value.firstBroken.id]).catch(() => []))[0]
        : undefined;
      setResult({ value, version, entry });
    } catch (err) {
      setError(t('common.error', { message: message(err) }));
    } finally {
      setBusy(false);
    }
  }

  // A result is about the log as it was: after a new entry, check again.
  const shown = result && result.version === version ? result.value : null;
  const broken = shown && !shown.ok ? shown.firstBroken : null;
  const brokenEntry = broken ? result?.entry : undefined;
  const key = broken ? reasonKey(broken.reason) : null;
  const reason = broken ? (key ? t(`register.reasons.${key}`) : broken.reason) : '';

  return (
    <section className="panel reg-integrity" aria-labelledby="reg-integrity-title">
      <h2 id="reg-integrity-title">{t('register.integrity')}</h2>
      <p className="hint">{t('register.verifyHint')}</p>
      <button type="button" onClick={() => void check()} disabled={busy}>
        {busy ? t('register.verifying') : t('register.verify')}
      </button>
      <div role="status" className="reg-verify-status" data-testid="verify-result">
        {shown?.ok && (
          <p className="reg-intact">
            <span aria-hidden="true">✓</span> {t('register.intact', { count: shown.entries })}
          </p>
        )}
      </div>
      {broken && (
        <div role="alert" className="reg-broken" data-testid="verify-broken">
          <p>
            <strong>
              <span aria-hidden="true">⚠</span>{' '}
              {brokenEntry
                ? t('register.broken', {
                    seq: broken.seq,
                    date: formatDateTime(brokenEntry.createdAt, i18n.language),
                    reason,
                  })
                : t('register.brokenNoDate', { seq: broken.seq, reason })}
            </strong>
          </p>
          <p>{t('register.brokenHelp')}</p>
        </div>
      )}
      <ErrorMessage message={error} />
    </section>
  );
}

const KIND_ICON: Record<LogEntry['kind'], string> = {
  adopted: '✓',
  rejected: '✕',
  deferred: '↷',
  amended: '✎',
  rescinded: '⊘',
  erasure: '⌫',
};

function LogSection({
  committeeId,
  version,
  members,
  chair,
  onChanged,
}: {
  committeeId: string;
  version: number;
  members: Member[];
  chair: boolean;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const nameOf = useNameOf(members);
  const [changing, setChanging] = useState<{ mode: 'amend' | 'rescind'; entry: LogEntry } | null>(null);
  const [announcement, setAnnouncement] = useState<Said>(null);
  const [focusId, setFocusId] = useState<number | null>(null);
  // The newest entries, a page at a time (the whole log of years of meetings is too much to send).
  const [log] = useLoad(
    () => api.invoke('decisions.log', { committeeId, limit: LOG_PAGE }),
    [api, committeeId, version],
  );
  // Older pages, for the log as read at this version.
  const [older, setOlder] = useState<{ version: number; entries: LogEntry[] }>({ version, entries: [] });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const entries =
    log.state === 'ready' ? [...log.value, ...(older.version === version ? older.entries : [])] : null;
  const oldest = entries?.at(-1);
  // Seqs run 1, 2, 3…: the oldest entry shown says how many are older, and the newest how many in all.
  const olderCount = oldest ? oldest.seq - 1 : 0;
  const total = entries?.[0]?.seq ?? 0;

  // The entries amended or rescinded by those shown but not shown themselves: their numbers.
  const shownIds = new Set(entries?.map((e) => e.id));
  const missing = [
    ...new Set(
      (entries ?? []).map((e) => e.amendsEntryId).filter((x): x is number => x !== null && !shownIds.has(x)),
    ),
  ];
  const [amended] = useLoad(
    () => logEntries(api, committeeId, missing),
    [api, committeeId, missing.join(',')],
  );

  // After an amendment or a rescission, focus moves to the new entry once the log is read again;
  // after "older entries", to the first of them.
  useEffect(() => {
    if (focusId !== null) document.getElementById(`log-entry-${focusId}`)?.focus();
  }, [focusId, log, older]);

  /** Reads older entries: a page, or down to the entry numbered `untilSeq`. Returns them. */
  async function loadOlder(untilSeq?: number): Promise<LogEntry[]> {
    if (!oldest || olderCount === 0) return [];
    setLoadingOlder(true);
    setOlderError(null);
    const got: LogEntry[] = [];
    try {
      let before = oldest.seq;
      do {
        const want = untilSeq === undefined ? LOG_PAGE : Math.min(LOG_PAGE_MAX, before - untilSeq);
        const page = await api.invoke('decisions.log', { committeeId, limit: want, beforeSeq: before });
        if (page.length === 0) break;
        got.push(...page);
        before = page.at(-1)!.seq;
      } while (untilSeq !== undefined && before > untilSeq);
      setOlder((o) => ({ version, entries: [...(o.version === version ? o.entries : []), ...got] }));
    } catch (err) {
      setOlderError(t('common.error', { message: message(err) }));
    } finally {
      setLoadingOlder(false);
    }
    return got;
  }

  async function showOlder() {
    const got = await loadOlder();
    if (got[0]) setFocusId(got[0].id);
  }

  const focusEntry = async (id: number) => {
    if (!document.getElementById(`log-entry-${id}`)) {
      const seq = (amended.state === 'ready' ? amended.value : []).find((e) => e.id === id)?.seq;
      if (seq === undefined) return;
      await loadOlder(seq);
      setFocusId(id);
      return;
    }
    const el = document.getElementById(`log-entry-${id}`);
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
  };

  const latest = new Map<string, LogEntry>();
  const changedBy = new Map<number, LogEntry[]>();
  // Newest first: an entry's decision is at its latest in the first entry met, and the entries
  // that change it are newer, so shown whenever it is.
  for (const e of entries ?? []) {
    if (!latest.has(e.decisionId)) latest.set(e.decisionId, e);
    if (e.amendsEntryId !== null)
      changedBy.set(e.amendsEntryId, [...(changedBy.get(e.amendsEntryId) ?? []), e]);
  }
  const known = [...(entries ?? []), ...(amended.state === 'ready' ? amended.value : [])];
  const seqOf = (id: number) => known.find((e) => e.id === id)?.seq ?? id;

  return (
    <section aria-labelledby="reg-log-title" className="reg-log">
      <h2 id="reg-log-title">{t('register.log')}</h2>
      <p className="hint">{t('register.logHint')}</p>
      <p role="status" className="ok dc-status-line">
        {announcement?.say(t)}
      </p>
      {log.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {log.state === 'error' && <ErrorMessage message={t('common.error', { message: log.message })} />}
      {entries &&
        (entries.length === 0 ? (
          <p className="empty">{t('register.logEmpty')}</p>
        ) : (
          <ol className="reg-log-list" data-testid="log">
            {entries.map((e) => {
              const reason =
                e.kind === 'amended'
                  ? e.content.amendmentReason
                  : e.kind === 'rescinded'
                    ? e.content.rescissionReason
                    : null;
              const mayChange =
                chair && latest.get(e.decisionId) === e && e.kind !== 'rescinded' && e.kind !== 'erasure';
              return (
                <li
                  key={e.id}
                  id={`log-entry-${e.id}`}
                  tabIndex={-1}
                  className={`reg-log-entry reg-kind-${e.kind}`}
                  data-testid="log-entry"
                >
                  <p className="reg-log-head">
                    <strong className="reg-seq">{t('register.entry', { seq: e.seq })}</strong>
                    <span className={`dc-badge dc-badge-${e.kind}`}>
                      <span aria-hidden="true">{KIND_ICON[e.kind]}</span> {t(`register.kinds.${e.kind}`)}
                    </span>
                  </p>
                  <p className="reg-log-title">{e.content.title}</p>
                  <p className="muted small">
                    <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, i18n.language)}</time>
                    {' · '}
                    {t('register.by', { name: nameOf(e.createdBy) })}
                  </p>
                  {e.amendsEntryId !== null && (
                    <p className="small">
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void focusEntry(e.amendsEntryId!)}
                      >
                        {t(e.kind === 'rescinded' ? 'register.rescinds' : 'register.amends', {
                          seq: seqOf(e.amendsEntryId),
                        })}
                      </button>
                    </p>
                  )}
                  {reason && <p className="small dc-prose">{t('register.reason', { reason })}</p>}
                  {(changedBy.get(e.id) ?? []).map((x) => (
                    <p key={x.id} className="small">
                      <button type="button" className="link-button" onClick={() => void focusEntry(x.id)}>
                        {t('register.amendedBy', { seq: x.seq })}
                      </button>
                    </p>
                  ))}
                  {mayChange && (
                    <div className="buttons">
                      <button
                        type="button"
                        className="secondary small-button"
                        aria-label={t('register.amendLabel', { title: e.content.title })}
                        onClick={() => setChanging({ mode: 'amend', entry: e })}
                      >
                        {t('register.amend')}
                      </button>
                      <button
                        type="button"
                        className="secondary danger small-button"
                        aria-label={t('register.rescindLabel', { title: e.content.title })}
                        onClick={() => setChanging({ mode: 'rescind', entry: e })}
                      >
                        {t('register.rescind')}
                      </button>
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        ))}
      {entries && entries.length > 0 && (
        <p className="muted small" data-testid="log-shown">
          {t('register.logShown', { count: entries.length, total })}
        </p>
      )}
      {olderCount > 0 && (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => void showOlder()}
            disabled={loadingOlder}
          >
            {loadingOlder
              ? t('common.loading')
              : t('register.older', { count: Math.min(LOG_PAGE, olderCount) })}
          </button>
        </p>
      )}
      <ErrorMessage message={olderError} />
      {changing && (
        <ChangeDialog
          committeeId={committeeId}
          mode={changing.mode}
          entry={changing.entry}
          onClose={() => setChanging(null)}
          onDone={(entry) => {
            setChanging(null);
            const key = changing.mode === 'amend' ? 'register.amended' : 'register.rescinded';
            setAnnouncement(said((t) => t(key, { seq: entry.seq })));
            setFocusId(entry.id);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function ChangeDialog({
  committeeId,
  mode,
  entry,
  onClose,
  onDone,
}: {
  committeeId: string;
  mode: 'amend' | 'rescind';
  entry: LogEntry;
  onClose: () => void;
  onDone: (entry: LogEntry) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const c = entry.content;
  const [reason, setReason] = useState('');
  const [title, setTitle] = useState(c.title);
  const [text, setText] = useState(c.text);
  const [rationale, setRationale] = useState(c.rationale);
  const [level, setLevel] = useState<InfluenceLevel>(c.influence.level);
  const [evidence, setEvidence] = useState(c.influence.evidence);
  const [error, setError] = useState<string | null>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!reason.trim()) {
      setMissingReason(true);
      reasonRef.current?.focus();
      return;
    }
    setMissingReason(false);
    setBusy(true);
    try {
      let result: LogEntry;
      if (mode === 'rescind') {
        result = await api.invoke('decisions.rescind', { committeeId, entryId: entry.id, reason });
      } else {
        const influenceChanged = level !== c.influence.level || evidence !== c.influence.evidence;
        result = await api.invoke('decisions.amend', {
          committeeId,
          entryId: entry.id,
          reason,
          ...(title !== c.title ? { title } : {}),
          ...(text !== c.text ? { text } : {}),
          ...(rationale !== c.rationale ? { rationale } : {}),
          ...(influenceChanged ? { influence: { level, evidence } } : {}),
        });
      }
      onDone(result);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AppDialog
      role={mode === 'rescind' ? 'alertdialog' : 'dialog'}
      busy={busy}
      title={t(mode === 'amend' ? 'register.amendTitle' : 'register.rescindTitle', { title: c.title })}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate className="dc-form">
        <p>{t(mode === 'amend' ? 'register.amendText' : 'register.rescindText')}</p>
        <Field label={t('register.reasonField')} hint={t('register.reasonHint')}>
          {(id, hintId) => (
            <>
              <textarea
                id={id}
                ref={reasonRef}
                rows={2}
                required
                aria-required="true"
                aria-invalid={missingReason || undefined}
                aria-describedby={missingReason ? `${hintId} ${id}-error` : hintId}
                value={reason}
                maxLength={5000}
                autoFocus
                onChange={(e) => setReason(e.target.value)}
              />
              {missingReason && (
                <p className="error" id={`${id}-error`} role="alert">
                  {t('register.reasonRequired')}
                </p>
              )}
            </>
          )}
        </Field>
        {mode === 'amend' && (
          <>
            <Field label={t('decisions.titleField')}>
              {(id) => (
                <input id={id} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
              )}
            </Field>
            <Field label={t('decisions.text')}>
              {(id) => <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} />}
            </Field>
            <Field label={t('decisions.rationale')}>
              {(id) => (
                <textarea id={id} rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} />
              )}
            </Field>
            <Field label={t('decisions.influence.title')}>
              {(id) => (
                <select id={id} value={level} onChange={(e) => setLevel(e.target.value as InfluenceLevel)}>
                  {INFLUENCE_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {t(`decisions.influence.levels.${l}`)} — {t(`decisions.influence.explain.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('decisions.influence.evidence')}>
              {(id) => (
                <input
                  id={id}
                  value={evidence}
                  maxLength={5000}
                  onChange={(e) => setEvidence(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
        <ErrorMessage message={error} />
        <div className="buttons">
          <button type="submit" className={mode === 'rescind' ? 'danger-solid' : undefined} disabled={busy}>
            {t(mode === 'amend' ? 'register.amendConfirm' : 'register.rescindConfirm')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AppDialog>
  );
}

function ActionsTracker({
  committeeId,
  members,
  meetingsById,
  editable,
  version,
}: {
  committeeId: string;
  members: Member[];
  meetingsById: Map<string, Meeting>;
  editable: boolean;
  version: number;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [ownerId, setOwnerId] = useState('');
  const [status, setStatus] = useState<'' | ActionStatus>('');
  const [list, reload] = useLoad(
    () =>
      api.invoke('actions.list', {
        committeeId,
        ownerId: ownerId || undefined,
        status: status ? [status] : undefined,
      }),
    [api, committeeId, ownerId, status],
  );
  // The decisions' titles, to say which decision an action follows from.
  const [titles] = useLoad(
    async () =>
      new Map(
        (await api.invoke('decisions.register', { committeeId, limit: 100_000 })).items.map((d) => [
          d.id,
          d.title,
        ]),
      ),
    [api, committeeId, version],
  );
  const day = today();
  const overdue = list.state === 'ready' ? list.value.filter((a) => isOverdue(a, day)).length : 0;

  return (
    <section aria-labelledby="reg-tracker-title" className="reg-tracker">
      <h2 id="reg-tracker-title">{t('actions.tracker')}</h2>
      <p className="hint">{t('actions.trackerHint')}</p>
      <div className="row">
        <Field label={t('actions.filterOwner')}>
          {(id) => (
            <select id={id} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              <option value="">{t('actions.allOwners')}</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('actions.filterStatus')}>
          {(id) => (
            <select id={id} value={status} onChange={(e) => setStatus(e.target.value as '' | ActionStatus)}>
              <option value="">{t('actions.allStatuses')}</option>
              {ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`actions.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {overdue > 0 && (
        <p className="dc-overdue-summary" data-testid="overdue-count">
          <span aria-hidden="true">⚠</span> {t('actions.overdueCount', { count: overdue })}
        </p>
      )}
      {list.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {list.state === 'error' && <ErrorMessage message={t('common.error', { message: list.message })} />}
      {list.state === 'ready' && (
        <ActionList
          actions={list.value}
          members={members}
          editable={editable}
          emptyText={ownerId || status ? t('actions.noMatch') : t('actions.trackerEmpty')}
          onChanged={reload}
          extra={(a) => {
            const meeting = meetingsById.get(a.meetingId);
            const title =
              a.decisionId && titles.state === 'ready' ? titles.value.get(a.decisionId) : undefined;
            return (
              <>
                {meeting && (
                  <span>
                    {t('actions.fromMeeting', {
                      meeting: t('register.meetingOn', {
                        title: meeting.title,
                        date: formatDate(meeting.startsAt, i18n.language),
                      }),
                    })}
                  </span>
                )}
                {title && <span>{t('actions.decision', { title })}</span>}
              </>
            );
          }}
        />
      )}
    </section>
  );
}
