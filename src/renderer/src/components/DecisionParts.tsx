/**
 * Pieces shared by the meeting's Decisions tab and the committee's register: a dialog, a
 * decision's status, vote and influence in words, and follow-up actions (list, add, edit, status).
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_STATUSES,
  type Action,
  type ActionStatus,
  type DecisionStatus,
  type InfluenceLevel,
  type Vote,
} from '../../../shared/decisions';
import type { Member } from '../../../shared/domain';
import { useApp } from '../context';
import { formatDay, isOverdue, said, today, type Said } from '../decisions-state';
import { ErrorMessage, Field } from './Field';
import '../decisions.css';
import { describeError } from '../errors';
import { DateField } from './DateField';

/** A form opened from a button; closing it gives the focus back to that button. */
export function useOpener() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    requestAnimationFrame(() => button.current?.focus());
  };
  return { open, setOpen, button, close };
}

/** A member's name by id; `null` is the host (the owner token). */
export function useNameOf(members: Member[]): (id: string | null) => string {
  const { t } = useTranslation();
  return (id) =>
    id === null || id === 'owner'
      ? t('decisions.host')
      : (members.find((m) => m.id === id)?.name ?? t('decisions.unknownPerson'));
}

const STATUS_ICON: Record<DecisionStatus, string> = {
  proposed: '✎',
  adopted: '✓',
  rejected: '✕',
  deferred: '↷',
  amended: '✎',
  rescinded: '⊘',
};

/** A decision's status, with an icon and a word (never colour alone). */
export function StatusBadge({ status }: { status: DecisionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`dc-badge dc-badge-${status}`} data-testid="decision-status">
      <span aria-hidden="true">{STATUS_ICON[status]}</span> {t(`decisions.statuses.${status}`)}
    </span>
  );
}

/** "For 2 · Against 0 · Abstain 1 (named vote)", and for a named vote each ballot. */
export function VoteSummary({ vote, members }: { vote: Vote; members: Member[] }) {
  const { t } = useTranslation();
  const nameOf = useNameOf(members);
  const ballots = Object.entries(vote.ballots);
  return (
    <span className="dc-vote-summary" data-testid="vote-summary">
      <strong>
        {t('decisions.vote.summary', { for: vote.for, against: vote.against, abstain: vote.abstain })}
      </strong>{' '}
      <span className="muted">
        ({vote.secret ? t('decisions.vote.secretTag') : t('decisions.vote.namedTag')})
      </span>
      {!vote.secret && ballots.length > 0 && (
        <span className="dc-ballots">
          {t('register.ballots', {
            list: ballots
              .map(([id, p]) =>
                t('decisions.vote.ballotValue', { name: nameOf(id), position: t(`decisions.vote.${p}`) }),
              )
              .join(' · '),
          })}
        </span>
      )}
    </span>
  );
}

const INFLUENCE_ICON: Record<InfluenceLevel, string> = {
  none: '○',
  informed: '◔',
  shaped: '◑',
  'co-decided': '●',
};

export function InfluenceBadge({ level }: { level: InfluenceLevel }) {
  const { t } = useTranslation();
  return (
    <span className={`dc-influence-badge dc-influence-${level}`}>
      <span aria-hidden="true">{INFLUENCE_ICON[level]}</span> {t(`decisions.influence.levels.${level}`)}
    </span>
  );
}

/** A list of follow-up actions; each one's status can be changed by those who may edit. */
export function ActionList({
  actions,
  members,
  editable,
  emptyText,
  extra,
  onChanged,
}: {
  actions: Action[];
  members: Member[];
  editable: boolean;
  emptyText: string;
  /** More to say about an action (its meeting, its decision), in the register. */
  extra?: (a: Action) => ReactNode;
  onChanged?: () => void;
}) {
  if (actions.length === 0) return <p className="muted dc-empty-line">{emptyText}</p>;
  return (
    <ul className="dc-actions" data-testid="actions">
      {actions.map((a) => (
        <ActionRow
          key={a.id}
          action={a}
          members={members}
          editable={editable}
          extra={extra?.(a)}
          onChanged={onChanged}
        />
      ))}
    </ul>
  );
}

function ActionRow({
  action: a,
  members,
  editable,
  extra,
  onChanged,
}: {
  action: Action;
  members: Member[];
  editable: boolean;
  extra?: ReactNode;
  onChanged?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const nameOf = useNameOf(members);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const overdue = isOverdue(a, today());

  async function setStatus(status: ActionStatus) {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('actions.update', { meetingId: a.meetingId, actionId: a.id, status });
      onChanged?.();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li
      className={`dc-action dc-action-${a.status}${overdue ? ' dc-overdue' : ''}`}
      data-testid="action"
      data-overdue={overdue || undefined}
    >
      {editing ? (
        <ActionForm
          members={members}
          initial={a}
          autoFocus
          submitLabel={t('actions.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (fields) => {
            await api.invoke('actions.update', { meetingId: a.meetingId, actionId: a.id, ...fields });
            setEditing(false);
            onChanged?.();
          }}
        />
      ) : (
        <div className="dc-action-row">
          <div className="dc-action-main">
            <span className="dc-action-title">
              <strong>{a.title}</strong>
              {overdue && (
                <span className="dc-overdue-badge">
                  <span aria-hidden="true">⚠</span> {t('actions.overdue')}
                </span>
              )}
            </span>
            <span className="dc-action-meta">
              <span>
                {a.ownerId ? t('actions.ownerValue', { name: nameOf(a.ownerId) }) : t('actions.noOwner')}
              </span>
              <span className={overdue ? 'dc-due-overdue' : undefined}>
                {a.dueDate
                  ? t('actions.dueOn', { date: formatDay(a.dueDate, i18n.language) })
                  : t('actions.noDue')}
              </span>
              {a.carriedFrom && <span className="tag">{t('actions.carried')}</span>}
              {extra}
            </span>
          </div>
          <div className="dc-action-controls">
            {editable ? (
              <label className="dc-action-status">
                <span className="visually-hidden">{t('actions.statusOf', { title: a.title })}</span>
                <select
                  value={a.status}
                  disabled={busy}
                  onChange={(e) => void setStatus(e.target.value as ActionStatus)}
                >
                  {ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`actions.statuses.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <span className={`tag dc-action-status-${a.status}`}>{t(`actions.statuses.${a.status}`)}</span>
            )}
            {editable && (
              <button
                type="button"
                className="secondary small-button"
                aria-label={t('actions.editLabel', { title: a.title })}
                onClick={() => setEditing(true)}
              >
                {t('actions.edit')}
              </button>
            )}
          </div>
        </div>
      )}
      <ErrorMessage message={error} />
    </li>
  );
}

interface ActionFields {
  title: string;
  ownerId: string | null;
  dueDate: string | null;
}

function ActionForm({
  members,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  resetOnSubmit,
  autoFocus,
}: {
  members: Member[];
  initial?: ActionFields;
  autoFocus?: boolean;
  submitLabel: string;
  onSubmit: (fields: ActionFields) => Promise<void>;
  onCancel?: () => void;
  resetOnSubmit?: boolean;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [ownerId, setOwnerId] = useState(initial?.ownerId ?? '');
  const [dueDate, setDueDate] = useState(initial?.dueDate ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ title, ownerId: ownerId || null, dueDate: dueDate || null });
      if (resetOnSubmit) {
        setTitle('');
        setOwnerId('');
        setDueDate('');
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const choices = members.filter((m) => !m.leftAt || m.id === initial?.ownerId);
  return (
    <form className="dc-action-form" onSubmit={submit}>
      <Field label={t('actions.titleField')}>
        {(id) => (
          <input
            id={id}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
            autoFocus={autoFocus}
          />
        )}
      </Field>
      <div className="row">
        <Field label={t('actions.owner')}>
          {(id) => (
            <select id={id} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              <option value="">{t('actions.noOwner')}</option>
              {choices.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <DateField
          label={t('actions.due')}
          hint={t('actions.dueHint')}
          value={dueDate}
          onChange={setDueDate}
        />
      </div>
      <ErrorMessage message={error} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** "Add an action" that opens a small form: what, owner, due date. */
export function AddAction({
  meetingId,
  decisionId,
  members,
  label,
}: {
  meetingId: string;
  decisionId: string | null;
  members: Member[];
  /** The accessible name of the button that opens the form. */
  label: string;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const { open, setOpen, button, close } = useOpener();
  const [status, setStatus] = useState<Said>(null);
  return (
    <div className="dc-add-action">
      {!open && (
        <button
          ref={button}
          type="button"
          className="secondary"
          aria-label={label}
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
            setStatus(null);
          }}
        >
          <span aria-hidden="true">+</span> {t('actions.add')}
        </button>
      )}
      {open && (
        <div className="dc-subpanel" role="group" aria-label={label}>
          <ActionForm
            members={members}
            submitLabel={t('actions.create')}
            resetOnSubmit
            autoFocus
            onCancel={close}
            onSubmit={async (fields) => {
              const a = await api.invoke('actions.add', { meetingId, decisionId, ...fields });
              setStatus(said((t) => t('actions.added', { title: a.title })));
              close();
            }}
          />
        </div>
      )}
      <p role="status" className="ok dc-status-line">
        {status?.say(t)}
      </p>
    </div>
  );
}
