/**
 * The meeting's decisions, live for everyone from the meeting document and grouped under their
 * agenda item: draft and edit them, record the vote over the members present, who spoke and the
 * positions stated, the partners' influence (quick to fill in during the meeting), the co-chairs'
 * outcome (which enters the register), and follow-up actions. Every change goes through the API;
 * the hub relays the result to every peer through the meeting document.
 */
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DECISION_MODES,
  INFLUENCE_LEVELS,
  POSITIONS,
  type Action,
  type Decision,
  type DecisionMode,
  type InfluenceLevel,
  type LogKind,
  type Position,
  type Vote,
} from '../../../shared/decisions';
import type { Member } from '../../../shared/domain';
import { readAgenda, readMeta, type AgendaItem } from '../../../shared/meeting';
import { useApp } from '../context';
import {
  countBallots,
  loggedIds,
  logEntries,
  isCoChair,
  mayEdit,
  presentMembers,
  readActionList,
  readDecisionList,
  said,
  type Said,
} from '../decisions-state';
import { useLoad } from '../hooks';
import { useDocValue, type MeetingConnection } from '../meeting-doc';
import { href } from '../router';
import {
  ActionList,
  AddAction,
  InfluenceBadge,
  StatusBadge,
  useNameOf,
  useOpener,
  VoteSummary,
} from './DecisionParts';
import { AppDialog } from './AppDialog';
import { ErrorMessage, Field } from './Field';
import '../decisions.css';
import { describeError } from '../errors';

interface Props {
  connection: MeetingConnection;
  members: Member[];
  meetingId: string;
  committeeId: string;
}

/**
 * What someone is typing or choosing, over the value saved in the document. Once saved, it is
 * shown until the document catches up; a change by someone else then shows through.
 */
function useDraft<T>(saved: T) {
  const key = JSON.stringify(saved);
  const [draft, setDraft] = useState<{ value: T; basis: string; done: boolean } | null>(null);
  const value = draft && (!draft.done || draft.basis === key) ? draft.value : saved;
  return {
    value,
    dirty: !!draft && !draft.done,
    set: (v: T) => setDraft({ value: v, basis: key, done: false }),
    /** Call after the API accepted `v` (the value as it was when the save started). */
    saved: (v: T) => setDraft({ value: v, basis: key, done: true }),
    reset: () => setDraft(null),
  };
}

const message = (err: unknown) => describeError(err);

export function DecisionsPanel({ connection, members, meetingId, committeeId }: Props) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const decisions = useDocValue(connection.doc, readDecisionList);
  const actions = useDocValue(connection.doc, readActionList);
  const items = useDocValue(connection.doc, readAgenda);
  const { status, attendance } = useDocValue(connection.doc, (d) => {
    const meta = readMeta(d);
    return { status: meta.status, attendance: meta.attendance };
  });
  const canEdit = mayEdit(session.caller);
  const canDraft = canEdit && status !== 'closed';
  const chair = isCoChair(session.caller);
  const present = presentMembers(members, attendance);

  // The log entries of decided decisions, to give each its number in the register.
  // (Those entries only, not the whole log.)
  const logged = loggedIds(decisions);
  const [log] = useLoad(() => logEntries(api, committeeId, logged), [api, committeeId, logged.join(',')]);
  const seqOf = (entryId: number | null): number | null =>
    entryId === null || log.state !== 'ready' ? null : (log.value.find((e) => e.id === entryId)?.seq ?? null);

  const itemIds = new Set(items.map((i) => i.id));
  const groups: { key: string; item: AgendaItem | null; index: number; decisions: Decision[] }[] = items.map(
    (item, index) => ({
      key: item.id,
      item,
      index,
      decisions: decisions.filter((d) => d.agendaItemId === item.id),
    }),
  );
  const loose = decisions.filter((d) => !d.agendaItemId || !itemIds.has(d.agendaItemId));
  if (loose.length > 0 || canDraft) groups.push({ key: 'none', item: null, index: -1, decisions: loose });
  const decisionIds = new Set(decisions.map((d) => d.id));
  const meetingActions = actions.filter((a) => !a.decisionId || !decisionIds.has(a.decisionId));
  const shared: Shared = { members, meetingId, canEdit, chair, present, actions, seqOf };

  return (
    <section aria-labelledby="decisions-title" className="decisions">
      <div className="section-head">
        <h2 id="decisions-title">{t('decisions.title')}</h2>
        <a href={href({ name: 'register', id: committeeId })}>{t('decisions.registerLink')}</a>
      </div>
      <p className="hint dc-intro">{t('decisions.intro')}</p>
      {status === 'closed' && <p className="notice">{t('decisions.closed')}</p>}
      {!canEdit && <p className="notice">{t('decisions.readOnly')}</p>}
      {decisions.length === 0 && <p className="empty">{t('decisions.empty')}</p>}
      {groups.map((g) => (
        <DecisionGroup
          key={g.key}
          item={g.item}
          index={g.index}
          decisions={g.decisions}
          canDraft={canDraft}
          {...shared}
        />
      ))}
      <section className="dc-group dc-meeting-actions" aria-labelledby="meeting-actions-title">
        <h3 id="meeting-actions-title" className="dc-group-title">
          {t('actions.meeting')}
        </h3>
        <p className="hint">{t('actions.meetingHint')}</p>
        <ActionList
          actions={meetingActions}
          members={members}
          editable={canEdit}
          emptyText={t('actions.empty')}
        />
        {canEdit && (
          <AddAction meetingId={meetingId} decisionId={null} members={members} label={t('actions.add')} />
        )}
      </section>
    </section>
  );
}

interface Shared {
  members: Member[];
  meetingId: string;
  canEdit: boolean;
  chair: boolean;
  present: Member[];
  actions: Action[];
  seqOf: (entryId: number | null) => number | null;
}

function DecisionGroup({
  item,
  index,
  decisions,
  canDraft,
  ...shared
}: Shared & { item: AgendaItem | null; index: number; decisions: Decision[]; canDraft: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const title = item ? item.title : t('decisions.noItem');
  return (
    <section className="dc-group" aria-labelledby={headingId} data-testid="decision-group">
      <h3 id={headingId} className="dc-group-title">
        {item && (
          <span className="agenda-number" aria-hidden="true">
            {index + 1}
          </span>
        )}
        {title}
      </h3>
      {decisions.length === 0 ? (
        <p className="muted dc-empty-line">{t('decisions.itemEmpty')}</p>
      ) : (
        <ol className="dc-list">
          {decisions.map((d) => (
            <li key={d.id}>
              <DecisionCard d={d} {...shared} />
            </li>
          ))}
        </ol>
      )}
      {canDraft && (
        <DraftDecision meetingId={shared.meetingId} agendaItemId={item?.id ?? null} groupTitle={title} />
      )}
    </section>
  );
}

function DraftDecision({
  meetingId,
  agendaItemId,
  groupTitle,
}: {
  meetingId: string;
  agendaItemId: string | null;
  groupTitle: string;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const { open, setOpen, button, close } = useOpener();
  const [status, setStatus] = useState<Said>(null);
  return (
    <div className="dc-draft">
      {open ? (
        <div className="dc-subpanel" role="group" aria-label={`${t('decisions.draftTitle')} — ${groupTitle}`}>
          <h4 className="dc-subpanel-title">{t('decisions.draftTitle')}</h4>
          <DecisionForm
            submitLabel={t('decisions.create')}
            autoFocus
            onCancel={close}
            onSubmit={async (fields) => {
              const d = await api.invoke('decisions.draft', { meetingId, agendaItemId, ...fields });
              setStatus(said((t) => t('decisions.created', { title: d.title })));
              close();
            }}
          />
        </div>
      ) : (
        <button
          ref={button}
          type="button"
          className="secondary dc-draft-button"
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
            setStatus(null);
          }}
        >
          <span aria-hidden="true">+</span> {t('decisions.draft')}
          <span className="visually-hidden"> — {groupTitle}</span>
        </button>
      )}
      <p role="status" className="ok dc-status-line">
        {status?.say(t)}
      </p>
    </div>
  );
}

interface DecisionFields {
  title: string;
  text: string;
  rationale: string;
  mode: DecisionMode;
}

function DecisionForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  autoFocus,
}: {
  initial?: DecisionFields;
  submitLabel: string;
  onSubmit: (fields: DecisionFields) => Promise<void>;
  onCancel: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [text, setText] = useState(initial?.text ?? '');
  const [rationale, setRationale] = useState(initial?.rationale ?? '');
  const [mode, setMode] = useState<DecisionMode>(initial?.mode ?? 'consensus');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ title, text, rationale, mode });
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="dc-form" onSubmit={submit}>
      <Field label={t('decisions.titleField')} hint={t('decisions.titleHint')}>
        {(id, hintId) => (
          <input
            id={id}
            aria-describedby={hintId}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
            autoFocus={autoFocus}
          />
        )}
      </Field>
      <Field label={t('decisions.text')} hint={t('decisions.textHint')}>
        {(id, hintId) => (
          <textarea
            id={id}
            aria-describedby={hintId}
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={20_000}
          />
        )}
      </Field>
      <Field label={t('decisions.rationale')} hint={t('decisions.rationaleHint')}>
        {(id, hintId) => (
          <textarea
            id={id}
            aria-describedby={hintId}
            rows={2}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            maxLength={20_000}
          />
        )}
      </Field>
      <fieldset className="dc-choices">
        <legend>{t('decisions.mode')}</legend>
        {DECISION_MODES.map((m) => (
          <label key={m}>
            <input type="radio" name={name} value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(`decisions.modes.${m}`)}
          </label>
        ))}
      </fieldset>
      <ErrorMessage message={error} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function DecisionCard({
  d,
  members,
  meetingId,
  canEdit,
  chair,
  present,
  actions,
  seqOf,
}: Shared & { d: Decision }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const nameOf = useNameOf(members);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState(false);
  const [announcement, setAnnouncement] = useState<Said>(null);
  const editable = canEdit && d.status === 'proposed';
  const decided = d.status !== 'proposed';
  const seq = seqOf(d.logEntryId);
  const focusHeading = () => requestAnimationFrame(() => heading.current?.focus());

  return (
    <article
      className={`dc-card dc-card-${d.status}`}
      aria-labelledby={headingId}
      data-testid="decision"
      data-decision-id={d.id}
    >
      <header className="dc-card-head">
        <h4 id={headingId} ref={heading} tabIndex={-1} className="dc-card-title">
          {d.title}
        </h4>
        <StatusBadge status={d.status} />
        <span className="tag">{t(`decisions.modes.${d.mode}`)}</span>
      </header>
      <p className="muted small dc-byline">
        {t('decisions.proposedBy', { name: nameOf(d.proposedBy) })}
        {decided && (
          <>
            {' · '}
            <strong className="dc-entry" data-testid="log-entry">
              {seq !== null ? t('decisions.inRegister', { seq }) : t('decisions.inRegisterPending')}
            </strong>
          </>
        )}
      </p>
      {decided && <p className="dc-locked">{t('decisions.locked')}</p>}
      <p role="status" className="ok dc-status-line">
        {announcement?.say(t)}
      </p>

      {editing ? (
        <DecisionForm
          initial={d}
          submitLabel={t('decisions.save')}
          autoFocus
          onCancel={() => {
            setEditing(false);
            focusHeading();
          }}
          onSubmit={async (fields) => {
            await api.invoke('decisions.update', { meetingId, decisionId: d.id, ...fields });
            setEditing(false);
            setAnnouncement(said((t) => t('decisions.saved')));
            focusHeading();
          }}
        />
      ) : (
        <>
          <dl className="dc-facts">
            <dt>{t('decisions.text')}</dt>
            <dd className={d.text ? 'dc-prose' : 'muted'}>{d.text || t('decisions.noText')}</dd>
            <dt>{t('decisions.rationale')}</dt>
            <dd className={d.rationale ? 'dc-prose' : 'muted'}>
              {d.rationale || t('decisions.noRationale')}
            </dd>
          </dl>
          {editable && (
            <div className="buttons">
              <button
                type="button"
                className="secondary small-button"
                aria-label={t('decisions.editLabel', { title: d.title })}
                onClick={() => setEditing(true)}
              >
                {t('decisions.edit')}
              </button>
              <RemoveDraft d={d} meetingId={meetingId} />
            </div>
          )}
        </>
      )}

      {(d.mode === 'vote' || d.vote) &&
        (editable ? (
          <VoteEditor d={d} meetingId={meetingId} present={present} members={members} />
        ) : (
          <div className="dc-section">
            <h5 className="dc-section-title">{t('decisions.vote.title')}</h5>
            {d.vote ? (
              <VoteSummary vote={d.vote} members={members} />
            ) : (
              <p className="muted">{t('decisions.vote.none')}</p>
            )}
          </div>
        ))}

      {editable ? (
        <InfluenceEditor d={d} meetingId={meetingId} />
      ) : (
        <div className="dc-section">
          <h5 className="dc-section-title">{t('decisions.influence.title')}</h5>
          <p className="dc-influence-read">
            <InfluenceBadge level={d.influence.level} />{' '}
            <span className="muted">{t(`decisions.influence.explain.${d.influence.level}`)}</span>
          </p>
          <p className={d.influence.evidence ? 'dc-prose' : 'muted'}>
            {d.influence.evidence
              ? t('decisions.influence.evidenceValue', { evidence: d.influence.evidence })
              : t('decisions.influence.noEvidence')}
          </p>
        </div>
      )}

      <PositionsSection d={d} meetingId={meetingId} members={members} editable={editable} />

      {editable &&
        (chair ? (
          <Outcome
            d={d}
            meetingId={meetingId}
            heading={heading}
            onDone={(kind, entrySeq) => {
              setAnnouncement(
                said((t) =>
                  t('decisions.outcome.done', {
                    title: d.title,
                    status: t(`decisions.statuses.${kind}`),
                    seq: entrySeq,
                  }),
                ),
              );
            }}
          />
        ) : (
          <p className="muted dc-section">{t('decisions.outcome.chairsOnly')}</p>
        ))}

      <div className="dc-section">
        <h5 className="dc-section-title">{t('actions.forDecision')}</h5>
        <ActionList
          actions={actions.filter((a) => a.decisionId === d.id)}
          members={members}
          editable={canEdit}
          emptyText={t('actions.empty')}
        />
        {canEdit && (
          <AddAction
            meetingId={meetingId}
            decisionId={d.id}
            members={members}
            label={t('actions.addFor', { title: d.title })}
          />
        )}
      </div>
    </article>
  );
}

function RemoveDraft({ d, meetingId }: { d: Decision; meetingId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="secondary danger small-button" onClick={() => setAsking(true)}>
        {t('decisions.remove')}
        <span className="visually-hidden"> — {d.title}</span>
      </button>
      {asking && (
        <AppDialog
          role="alertdialog"
          busy={busy}
          title={t('decisions.removeTitle', { title: d.title })}
          onClose={() => setAsking(false)}
        >
          <p>{t('decisions.removeText')}</p>
          <ErrorMessage message={error} />
          <div className="buttons">
            <button
              type="button"
              className="danger-solid"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                setError(null);
                try {
                  await api.invoke('decisions.remove', { meetingId, decisionId: d.id });
                  setAsking(false);
                } catch (err) {
                  setError(message(err));
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('decisions.removeConfirm')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </AppDialog>
      )}
    </>
  );
}

interface VoteDraft {
  secret: boolean;
  for: string;
  against: string;
  abstain: string;
  ballots: Record<string, Position>;
}

const voteDraftOf = (vote: Vote | null): VoteDraft =>
  vote
    ? {
        secret: vote.secret,
        for: String(vote.for),
        against: String(vote.against),
        abstain: String(vote.abstain),
        ballots: vote.ballots,
      }
    : { secret: true, for: '0', against: '0', abstain: '0', ballots: {} };

function VoteEditor({
  d,
  meetingId,
  present,
  members,
}: {
  d: Decision;
  meetingId: string;
  present: Member[];
  members: Member[];
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const draft = useDraft(voteDraftOf(d.vote));
  const v = draft.value;
  const [error, setError] = useState<Said>(null);
  const [status, setStatus] = useState<Said>(null);
  const [busy, setBusy] = useState(false);
  const kindName = useId();
  const set = (patch: Partial<VoteDraft>) => draft.set({ ...v, ...patch });
  const tally = countBallots(
    Object.fromEntries(Object.entries(v.ballots).filter(([id]) => present.some((m) => m.id === id))),
  );

  async function save(vote: Vote | null, done: Said) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api.invoke('decisions.update', { meetingId, decisionId: d.id, vote });
      draft.saved(voteDraftOf(vote));
      setStatus(done);
    } catch (err) {
      const why = message(err);
      setError(said((t) => t('decisions.vote.refused', { message: why })));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (v.secret) {
      const n = [v.for, v.against, v.abstain].map((s) => (s.trim() === '' ? 0 : Number(s)));
      if (n.some((x) => !Number.isInteger(x) || x < 0)) {
        setError(said((t) => t('decisions.vote.countInvalid')));
        return;
      }
      void save(
        { for: n[0]!, against: n[1]!, abstain: n[2]!, secret: true, ballots: {} },
        said((t) => t('decisions.vote.recorded')),
      );
    } else {
      const ballots = Object.fromEntries(
        Object.entries(v.ballots).filter(([id]) => present.some((m) => m.id === id)),
      );
      void save(
        { ...countBallots(ballots), secret: false, ballots },
        said((t) => t('decisions.vote.recorded')),
      );
    }
  }

  return (
    <form className="dc-section dc-vote" onSubmit={submit} aria-labelledby={`${kindName}-title`}>
      <h5 className="dc-section-title" id={`${kindName}-title`}>
        {t('decisions.vote.title')}
      </h5>
      <p className="dc-vote-current">
        {d.vote ? (
          <>
            {t('decisions.vote.current')} <VoteSummary vote={d.vote} members={members} />
          </>
        ) : (
          <span className="muted">{t('decisions.vote.none')}</span>
        )}
      </p>
      <p className={present.length ? 'hint' : 'notice dc-warning'}>
        {present.length
          ? t('decisions.vote.present', { count: present.length })
          : t('decisions.vote.nobodyPresent')}
      </p>
      <fieldset className="dc-choices">
        <legend>{t('decisions.vote.kind')}</legend>
        <label>
          <input type="radio" name={kindName} checked={v.secret} onChange={() => set({ secret: true })} />{' '}
          {t('decisions.vote.secret')}
        </label>
        <label>
          <input type="radio" name={kindName} checked={!v.secret} onChange={() => set({ secret: false })} />{' '}
          {t('decisions.vote.named')}
        </label>
      </fieldset>
      {v.secret ? (
        <div className="dc-counts">
          {(['for', 'against', 'abstain'] as const).map((p) => (
            <Field key={p} label={t(`decisions.vote.${p}`)}>
              {(id) => (
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={10_000}
                  step={1}
                  value={v[p]}
                  onChange={(e) => set({ [p]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
      ) : present.length > 0 ? (
        <>
          <table className="dc-ballots-table">
            <caption className="visually-hidden">{t('decisions.vote.ballots')}</caption>
            <tbody>
              {present.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  <td>
                    <select
                      aria-label={t('decisions.vote.ballotOf', { name: m.name })}
                      value={v.ballots[m.id] ?? ''}
                      onChange={(e) => {
                        const ballots = { ...v.ballots };
                        if (e.target.value) ballots[m.id] = e.target.value as Position;
                        else delete ballots[m.id];
                        set({ ballots });
                      }}
                    >
                      <option value="">{t('decisions.vote.noBallot')}</option>
                      {POSITIONS.map((p) => (
                        <option key={p} value={p}>
                          {t(`decisions.vote.${p}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="dc-tally" aria-live="polite">
            {t('decisions.vote.summary', { for: tally.for, against: tally.against, abstain: tally.abstain })}
          </p>
        </>
      ) : null}
      <ErrorMessage message={error?.say(t) ?? null} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('decisions.vote.save')}
        </button>
        {d.vote && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              void save(
                null,
                said((t) => t('decisions.vote.cleared')),
              )
            }
          >
            {t('decisions.vote.clear')}
          </button>
        )}
      </div>
      <p role="status" className="ok dc-status-line">
        {status?.say(t)}
      </p>
    </form>
  );
}

const INFLUENCE_ICON: Record<InfluenceLevel, string> = {
  none: '○',
  informed: '◔',
  shaped: '◑',
  'co-decided': '●',
};

function InfluenceEditor({ d, meetingId }: { d: Decision; meetingId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const level = useDraft(d.influence.level);
  const evidence = useDraft(d.influence.evidence);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Said>(null);
  const [busy, setBusy] = useState(false);
  const name = useId();
  const hintId = `${name}-hint`;

  async function save(next: InfluenceLevel, text: string) {
    level.set(next);
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api.invoke('decisions.update', {
        meetingId,
        decisionId: d.id,
        influence: { level: next, evidence: text },
      });
      level.saved(next);
      evidence.saved(text);
      setStatus(
        said((t) => t('decisions.influence.saved', { level: t(`decisions.influence.levels.${next}`) })),
      );
    } catch (err) {
      level.reset();
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="dc-section dc-influence" aria-describedby={hintId}>
      <legend className="dc-section-title">{t('decisions.influence.title')}</legend>
      <p className="hint" id={hintId}>
        {t('decisions.influence.hint')}
      </p>
      <div className="dc-influence-options">
        {INFLUENCE_LEVELS.map((l) => (
          <label key={l} className={`dc-influence-option${level.value === l ? ' is-checked' : ''}`}>
            <input
              type="radio"
              name={name}
              value={l}
              checked={level.value === l}
              onChange={() => void save(l, evidence.value)}
            />
            <span className="dc-influence-text">
              <span className="dc-influence-name">
                <span aria-hidden="true" className="dc-influence-icon">
                  {INFLUENCE_ICON[l]}
                </span>{' '}
                {t(`decisions.influence.levels.${l}`)}
              </span>
              <span className="dc-influence-explain">{t(`decisions.influence.explain.${l}`)}</span>
            </span>
          </label>
        ))}
      </div>
      <div className="dc-evidence">
        <Field label={t('decisions.influence.evidence')} hint={t('decisions.influence.evidenceHint')}>
          {(id, evidenceHint) => (
            <input
              id={id}
              aria-describedby={evidenceHint}
              value={evidence.value}
              maxLength={5000}
              onChange={(e) => evidence.set(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void save(level.value, evidence.value);
                }
              }}
              onBlur={() => {
                if (evidence.dirty && evidence.value !== d.influence.evidence && !busy)
                  void save(level.value, evidence.value);
              }}
            />
          )}
        </Field>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void save(level.value, evidence.value)}
        >
          {t('decisions.influence.saveEvidence')}
        </button>
      </div>
      <ErrorMessage message={error} />
      <p role="status" className="ok dc-status-line">
        {status?.say(t)}
      </p>
    </fieldset>
  );
}

function PositionsSection({
  d,
  meetingId,
  members,
  editable,
}: {
  d: Decision;
  meetingId: string;
  members: Member[];
  editable: boolean;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const nameOf = useNameOf(members);
  const speakers = useDraft(d.speakers);
  const positions = useDraft(d.positions);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Said>(null);
  const [busy, setBusy] = useState(false);
  const speakersId = useId();
  const stated = Object.entries(d.positions).filter(([, p]) => p.trim());
  const active = members.filter((m) => !m.leftAt || d.speakers.includes(m.id) || m.id in d.positions);

  if (!editable) {
    return (
      <div className="dc-section">
        <h5 className="dc-section-title">{t('decisions.positions.title')}</h5>
        <p className={d.speakers.length ? undefined : 'muted'}>
          {d.speakers.length
            ? t('decisions.positions.speakersList', { names: d.speakers.map(nameOf).join(', ') })
            : t('decisions.positions.speakersNone')}
        </p>
        {stated.length > 0 ? (
          <dl className="dc-positions-read">
            {stated.map(([id, p]) => (
              <div key={id}>
                <dt>{nameOf(id)}</dt>
                <dd>{p}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">{t('decisions.positions.none')}</p>
        )}
      </div>
    );
  }

  async function update(
    changes: { speakers?: string[]; positions?: Record<string, string> },
    done: Said,
  ): Promise<boolean> {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api.invoke('decisions.update', { meetingId, decisionId: d.id, ...changes });
      setStatus(done);
      return true;
    } catch (err) {
      setError(message(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function toggle(memberId: string) {
    const next = speakers.value.includes(memberId)
      ? speakers.value.filter((id) => id !== memberId)
      : [...speakers.value, memberId];
    speakers.set(next);
    if (await update({ speakers: next }, null)) speakers.saved(next);
    else speakers.reset();
  }

  async function savePositions(e: FormEvent) {
    e.preventDefault();
    const clean = Object.fromEntries(
      Object.entries(positions.value)
        .map(([id, p]) => [id, p.trim()] as const)
        .filter(([, p]) => p),
    );
    if (
      await update(
        { positions: clean },
        said((t) => t('decisions.positions.saved')),
      )
    )
      positions.saved(clean);
  }

  return (
    <div className="dc-section">
      <h5 className="dc-section-title">{t('decisions.positions.title')}</h5>
      <div role="group" aria-labelledby={`${speakersId}-label`} aria-describedby={`${speakersId}-hint`}>
        <p className="dc-label" id={`${speakersId}-label`}>
          {t('decisions.positions.speakers')}
        </p>
        <p className="hint" id={`${speakersId}-hint`}>
          {t('decisions.positions.speakersHint')}
        </p>
        <div className="dc-chips">
          {active.map((m) => {
            const on = speakers.value.includes(m.id);
            return (
              <button
                key={m.id}
                type="button"
                className={`dc-chip${on ? ' is-on' : ''}`}
                aria-pressed={on}
                onClick={() => void toggle(m.id)}
              >
                <span aria-hidden="true" className="dc-chip-mark">
                  {on ? '✓' : '+'}
                </span>{' '}
                {m.name}
              </button>
            );
          })}
        </div>
      </div>
      <details className="dc-positions">
        <summary>
          {stated.length
            ? t('decisions.positions.statedCount', { count: stated.length })
            : t('decisions.positions.stated')}
        </summary>
        <form onSubmit={savePositions}>
          <p className="hint">{t('decisions.positions.statedHint')}</p>
          {active.map((m) => (
            <Field key={m.id} label={m.name}>
              {(id) => (
                <input
                  id={id}
                  value={positions.value[m.id] ?? ''}
                  maxLength={2000}
                  onChange={(e) => positions.set({ ...positions.value, [m.id]: e.target.value })}
                />
              )}
            </Field>
          ))}
          <button type="submit" className="secondary" disabled={busy}>
            {t('decisions.positions.save')}
          </button>
        </form>
      </details>
      <ErrorMessage message={error} />
      <p role="status" className="ok dc-status-line">
        {status?.say(t)}
      </p>
    </div>
  );
}

type OutcomeKind = Extract<LogKind, 'adopted' | 'rejected' | 'deferred'>;

function Outcome({
  d,
  meetingId,
  heading,
  onDone,
}: {
  d: Decision;
  meetingId: string;
  heading: RefObject<HTMLHeadingElement | null>;
  onDone: (kind: OutcomeKind, seq: number) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [asking, setAsking] = useState<OutcomeKind | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(outcome: OutcomeKind) {
    setBusy(true);
    setError(null);
    try {
      const entry = await api.invoke('decisions.decide', { meetingId, decisionId: d.id, outcome });
      setAsking(null);
      onDone(outcome, entry.seq);
      requestAnimationFrame(() => heading.current?.focus());
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  const buttons: { kind: OutcomeKind; label: string; icon: string; className?: string }[] = [
    { kind: 'adopted', label: t('decisions.outcome.adopt'), icon: '✓' },
    { kind: 'rejected', label: t('decisions.outcome.reject'), icon: '✕', className: 'secondary' },
    { kind: 'deferred', label: t('decisions.outcome.defer'), icon: '↷', className: 'secondary' },
  ];
  return (
    <div className="dc-section dc-outcome">
      <h5 className="dc-section-title">{t('decisions.outcome.title')}</h5>
      <p className="hint">{t('decisions.outcome.hint')}</p>
      <div className="buttons">
        {buttons.map((b) => (
          <button
            key={b.kind}
            type="button"
            className={b.className}
            onClick={() => {
              setError(null);
              setAsking(b.kind);
            }}
          >
            <span aria-hidden="true">{b.icon}</span> {b.label}
            <span className="visually-hidden"> — {d.title}</span>
          </button>
        ))}
      </div>
      {asking && (
        <AppDialog
          role="alertdialog"
          busy={busy}
          title={t(`decisions.outcome.confirmTitle.${asking}`, { title: d.title })}
          onClose={() => setAsking(null)}
        >
          <p>{t('decisions.outcome.confirmText')}</p>
          <ErrorMessage message={error} />
          <div className="buttons">
            <button type="button" disabled={busy} onClick={() => void decide(asking)}>
              {t(`decisions.outcome.confirm.${asking}`)}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </AppDialog>
      )}
    </div>
  );
}
