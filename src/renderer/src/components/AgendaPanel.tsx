/**
 * The meeting's agenda, live for everyone: propose, edit, remove and reorder items (drag and drop,
 * buttons, or Alt+↑/↓). Every change goes through the API, which checks it and records who
 * proposed each item; the hub relays the result to every peer through the meeting document.
 */
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AGENDA_PURPOSES,
  EDITING_ROLES,
  ENGAGEMENT_LEVELS,
  type AgendaPurpose,
  type EngagementLevel,
  type Member,
} from '../../../shared/domain';
import { readAgenda, readMeta, type AgendaItem } from '../../../shared/meeting';
import { useApp } from '../context';
import { useDocValue, type MeetingConnection } from '../meeting-doc';
import { ConfirmDialog } from './AppDialog';
import { ChoiceField, ErrorMessage, Field } from './Field';
import { describeError } from '../errors';

interface Props {
  connection: MeetingConnection;
  members: Member[];
  meetingId: string;
}

export function AgendaPanel({ connection, members, meetingId }: Props) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const items = useDocValue(connection.doc, readAgenda);
  const status = useDocValue(connection.doc, (d) => readMeta(d).status);
  const caller = session.caller;
  const canEdit = (caller.kind === 'owner' || EDITING_ROLES.includes(caller.role)) && status !== 'closed';
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AgendaItem | null>(null);
  const nameOf = (id: string | undefined) =>
    id === 'owner' ? t('session.host') : (members.find((m) => m.id === id)?.name ?? '');

  async function run(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(describeError(err));
    }
  }

  // Moves are sent one after the other, and a key pressed again before the list comes back from
  // the hub moves the item on from where it was sent, not from where it is still shown.
  const moves = useRef<Promise<unknown>>(Promise.resolve());
  const sentTo = useRef<{ id: string; index: number } | null>(null);
  useEffect(() => {
    const sent = sentTo.current;
    if (sent && items.findIndex((i) => i.id === sent.id) === sent.index) sentTo.current = null;
  }, [items]);

  /** Moves `item` so that it ends at `toIndex` of the list. */
  function moveTo(item: AgendaItem, toIndex: number) {
    const others = items.filter((i) => i.id !== item.id);
    const clamped = Math.max(0, Math.min(others.length, toIndex));
    const before = others[clamped]?.id ?? null;
    sentTo.current = { id: item.id, index: clamped };
    moves.current = moves.current.then(() =>
      run(async () => {
        await api.invoke('agenda.move', { meetingId, itemId: item.id, beforeItemId: before });
        setAnnouncement(t('agenda.moved', { title: item.title, position: clamped + 1 }));
      }),
    );
  }

  function onKeyDown(e: KeyboardEvent, item: AgendaItem, shownIndex: number) {
    if (!canEdit || !e.altKey) return;
    const index = sentTo.current?.id === item.id ? sentTo.current.index : shownIndex;
    if (e.key === 'ArrowUp' && index > 0) {
      e.preventDefault();
      moveTo(item, index - 1);
    } else if (e.key === 'ArrowDown' && index < items.length - 1) {
      e.preventDefault();
      moveTo(item, index + 1);
    }
  }

  function onDrop(e: DragEvent, target: AgendaItem, targetIndex: number) {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/plain') || dragged;
    setDragged(null);
    const item = items.find((i) => i.id === id);
    if (!item || item.id === target.id) return;
    moveTo(item, targetIndex);
  }

  const total = items.reduce((sum, i) => sum + (i.plannedMinutes || 0), 0);

  return (
    <section aria-labelledby="agenda-title" className="agenda">
      <div className="section-head">
        <h2 id="agenda-title">{t('agenda.title')}</h2>
        {items.length > 0 && <span className="muted">{t('agenda.total', { count: total })}</span>}
      </div>
      {status === 'closed' && <p className="notice">{t('agenda.closed')}</p>}
      {items.length === 0 ? (
        <p className="empty">{t('agenda.empty')}</p>
      ) : (
        <>
          {canEdit && <p className="hint">{t('agenda.reorderHint')}</p>}
          <ol className="agenda-list" data-testid="agenda">
            {items.map((item, index) => (
              <li
                key={item.id}
                className={`agenda-item status-${item.status}${dragged === item.id ? ' dragging' : ''}`}
                tabIndex={canEdit ? 0 : undefined}
                draggable={canEdit && editing !== item.id}
                aria-label={`${index + 1}. ${item.title}`}
                data-item-id={item.id}
                onKeyDown={(e) => onKeyDown(e, item, index)}
                onDragStart={(e) => {
                  e.dataTransfer.setData('text/plain', item.id);
                  e.dataTransfer.effectAllowed = 'move';
                  setDragged(item.id);
                }}
                onDragEnd={() => setDragged(null)}
                onDragOver={(e) => {
                  if (canEdit) e.preventDefault();
                }}
                onDrop={(e) => onDrop(e, item, index)}
              >
                {editing === item.id ? (
                  <ItemForm
                    members={members}
                    initial={item}
                    submitLabel={t('agenda.save')}
                    onCancel={() => setEditing(null)}
                    onSubmit={async (fields) => {
                      await api.invoke('agenda.update', { meetingId, itemId: item.id, ...fields });
                      setEditing(null);
                    }}
                  />
                ) : (
                  <div className="agenda-row">
                    <span className="agenda-number" aria-hidden="true">
                      {index + 1}
                    </span>
                    <div className="agenda-main">
                      <strong className="agenda-title">{item.title}</strong>
                      <span className="agenda-meta">
                        <span className="tag">{t(`agenda.purposes.${item.purpose}`)}</span>
                        <span>
                          {t('agenda.engagementValue', { level: t(`engagement.${item.engagementLevel}`) })}
                        </span>
                        <span>{t('agenda.minutesShort', { count: item.plannedMinutes })}</span>
                        {item.presenterId && (
                          <span>{t('agenda.presenterValue', { name: nameOf(item.presenterId) })}</span>
                        )}
                        <span className={`item-status item-status-${item.status}`}>
                          {t(`agenda.statuses.${item.status}`)}
                        </span>
                      </span>
                      <span className="muted small">
                        {item.standing
                          ? t('agenda.standing')
                          : item.proposedBy && t('agenda.proposedBy', { name: nameOf(item.proposedBy) })}
                        {item.carriedFrom && <> · {t('agenda.carried')}</>}
                      </span>
                    </div>
                    {canEdit && (
                      <div className="agenda-actions">
                        <button
                          type="button"
                          className="icon"
                          aria-label={t('agenda.moveUpItem', { title: item.title })}
                          title={t('agenda.moveUp')}
                          disabled={index === 0}
                          onClick={() => moveTo(item, index - 1)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="icon"
                          aria-label={t('agenda.moveDownItem', { title: item.title })}
                          title={t('agenda.moveDown')}
                          disabled={index === items.length - 1}
                          onClick={() => moveTo(item, index + 1)}
                        >
                          ↓
                        </button>
                        <button type="button" className="secondary" onClick={() => setEditing(item.id)}>
                          {t('agenda.edit')}
                          <span className="visually-hidden"> — {item.title}</span>
                        </button>
                        <button type="button" className="secondary danger" onClick={() => setRemoving(item)}>
                          {t('agenda.remove')}
                          <span className="visually-hidden"> — {item.title}</span>
                        </button>
                      </div>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {removing && (
        <ConfirmDialog
          title={t('agenda.confirmRemove', { title: removing.title })}
          confirmLabel={t('agenda.remove')}
          onConfirm={() => {
            const item = removing;
            setRemoving(null);
            void run(() => api.invoke('agenda.remove', { meetingId, itemId: item.id }));
          }}
          onClose={() => setRemoving(null)}
        />
      )}
      <ErrorMessage message={error} />
      {canEdit && (
        <details className="panel" open={items.length === 0}>
          <summary>
            <h3>{t('agenda.add')}</h3>
          </summary>
          <ItemForm
            members={members}
            submitLabel={t('agenda.add')}
            onSubmit={async (fields) => {
              await api.invoke('agenda.add', { meetingId, ...fields });
            }}
            resetOnSubmit
          />
        </details>
      )}
    </section>
  );
}

type ItemFields = Pick<
  AgendaItem,
  'title' | 'purpose' | 'engagementLevel' | 'presenterId' | 'plannedMinutes'
>;

function ItemForm(props: {
  members: Member[];
  initial?: ItemFields;
  submitLabel: string;
  onSubmit: (fields: ItemFields) => Promise<void>;
  onCancel?: () => void;
  resetOnSubmit?: boolean;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(props.initial?.title ?? '');
  const [purpose, setPurpose] = useState<AgendaPurpose>(props.initial?.purpose ?? 'information');
  const [engagementLevel, setLevel] = useState<EngagementLevel>(
    props.initial?.engagementLevel ?? 'consultation',
  );
  const [presenterId, setPresenter] = useState(props.initial?.presenterId ?? '');
  const [minutes, setMinutes] = useState(String(props.initial?.plannedMinutes ?? 10));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({ title, purpose, engagementLevel, presenterId, plannedMinutes: Number(minutes) });
      if (props.resetOnSubmit) setTitle('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="item-form" onSubmit={submit}>
      <Field label={t('agenda.itemTitle')}>
        {(id) => (
          <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        )}
      </Field>
      <div className="row">
        <ChoiceField
          label={t('agenda.purpose')}
          value={purpose}
          options={AGENDA_PURPOSES}
          optionLabel={(p) => t(`agenda.purposes.${p}`)}
          onChange={(v) => setPurpose(v as AgendaPurpose)}
        />
        <ChoiceField
          label={t('agenda.engagementSought')}
          value={engagementLevel}
          options={ENGAGEMENT_LEVELS}
          optionLabel={(l) => t(`engagement.${l}`)}
          onChange={(v) => setLevel(v as EngagementLevel)}
        />
      </div>
      <div className="row">
        <Field label={t('agenda.presenter')}>
          {(id) => (
            <select id={id} value={presenterId} onChange={(e) => setPresenter(e.target.value)}>
              <option value="">{t('agenda.noPresenter')}</option>
              {props.members
                .filter((m) => !m.leftAt)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('agenda.plannedMinutes')}>
          {(id) => (
            <input
              id={id}
              type="number"
              inputMode="numeric"
              min={0}
              max={600}
              step={1}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              required
            />
          )}
        </Field>
      </div>
      <ErrorMessage message={error} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
