/**
 * The run of the meeting, shared live: the current item and its timer against the planned
 * duration, the speaker queue (anyone raises a hand; the co-chairs give the floor), and each
 * person's speaking time. Co-chairs see the controls; everyone sees the state.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodName, Input } from '../../../shared/api';
import { EDITING_ROLES, type Member } from '../../../shared/domain';
import { QUEUE_MODES, readAgenda, readMeta, speakerQueue, type QueueMode } from '../../../shared/meeting';
import { useApp } from '../context';
import { useDocValue, useNow, type MeetingConnection } from '../meeting-doc';
import { ConfirmDialog } from './AppDialog';
import { ErrorMessage } from './Field';
import { describeError } from '../errors';

/** 75 → "1:15"; 3725 → "1:02:05". */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function RunPanel({
  connection,
  members,
  meetingId,
}: {
  connection: MeetingConnection;
  members: Member[];
  meetingId: string;
}) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const meta = useDocValue(connection.doc, readMeta);
  const items = useDocValue(connection.doc, readAgenda);
  const now = useNow(1000);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const caller = session.caller;
  const me = caller.kind === 'member' ? caller.memberId : null;
  const isChair = caller.kind === 'owner' || caller.role === 'co-chair';
  const isEditor = caller.kind === 'member' && EDITING_ROLES.includes(caller.role);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? '?';

  async function call<K extends MethodName>(method: K, input: Input<K>) {
    setBusy(true);
    setError(null);
    try {
      await api.invoke(method, input);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const index = items.findIndex((i) => i.id === meta.currentItemId);
  const current = index >= 0 ? items[index]! : null;
  const elapsed = current && meta.itemStartedAt ? (now - Date.parse(meta.itemStartedAt)) / 1000 : 0;
  const planned = (current?.plannedMinutes ?? 0) * 60;
  const over = elapsed - planned;
  const queue = speakerQueue(meta.hands, meta.queueMode, meta.spoken);
  const handRaised = !!me && meta.hands.some((h) => h.memberId === me);
  const floorSeconds = meta.floor ? (now - Date.parse(meta.floor.since)) / 1000 : 0;
  const spoken = Object.entries(meta.spoken)
    .map(([id, s]) => ({ id, seconds: s + (meta.floor?.memberId === id ? floorSeconds : 0) }))
    .concat(
      meta.floor && !(meta.floor.memberId in meta.spoken)
        ? [{ id: meta.floor.memberId, seconds: floorSeconds }]
        : [],
    )
    .sort((a, b) => b.seconds - a.seconds);

  return (
    <aside className="run" aria-labelledby="run-title">
      <h2 id="run-title">{t('run.title')}</h2>
      <ErrorMessage message={error} />

      {meta.status === 'planned' && (
        <div className="run-block">
          <p>{t('run.notStarted')}</p>
          {isChair && (
            <button
              type="button"
              disabled={busy}
              onClick={() => void call('meetings.start', { id: meetingId })}
            >
              {t('run.start')}
            </button>
          )}
        </div>
      )}
      {meta.status === 'closed' && <p className="notice">{t('run.closedNotice')}</p>}

      {meta.status === 'in-progress' && (
        <section className="run-block" aria-labelledby="current-title">
          <h3 id="current-title">{t('run.current')}</h3>
          {current ? (
            <>
              <p className="current-item" data-testid="current-item">
                <span className="agenda-number">{index + 1}</span> {current.title}
              </p>
              <p className={`timer${over > 0 ? ' over' : ''}`} data-testid="timer">
                {t('run.elapsed', { elapsed: clock(elapsed), planned: clock(planned) })}
                {over > 0 && (
                  <strong className="overrun" role="status">
                    {' '}
                    — {t('run.overrun', { over: clock(over) })}
                  </strong>
                )}
              </p>
            </>
          ) : (
            <p className="muted">{t('run.none')}</p>
          )}
          {isChair && (
            <div className="buttons">
              {current ? (
                <>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy || index <= 0}
                    onClick={() => void call('run.goTo', { meetingId, itemId: items[index - 1]!.id })}
                  >
                    ← {t('run.previous')}
                  </button>
                  <button
                    type="button"
                    disabled={busy || index >= items.length - 1}
                    onClick={() => void call('run.goTo', { meetingId, itemId: items[index + 1]!.id })}
                  >
                    {t('run.next')} →
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  disabled={busy || items.length === 0}
                  onClick={() => void call('run.goTo', { meetingId, itemId: items[0]!.id })}
                >
                  {t('run.beginFirst')}
                </button>
              )}
            </div>
          )}
        </section>
      )}

      {meta.status === 'in-progress' && (
        <section className="run-block" aria-labelledby="queue-title">
          <h3 id="queue-title">{t('run.queue')}</h3>
          <div className="floor" data-testid="floor">
            {meta.floor ? (
              <p>
                <strong>{nameOf(meta.floor.memberId)}</strong> — {t('run.floor')} ({clock(floorSeconds)})
              </p>
            ) : (
              <p className="muted">{t('run.noFloor')}</p>
            )}
            {meta.floor && (isChair || meta.floor.memberId === me) && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => void call('floor.end', { meetingId })}
              >
                {t('run.endTurn')}
              </button>
            )}
          </div>
          {isEditor && (
            <button
              type="button"
              className={handRaised ? 'secondary' : 'raise'}
              aria-pressed={handRaised}
              disabled={busy}
              onClick={() => void call(handRaised ? 'hands.lower' : 'hands.raise', { meetingId })}
            >
              {handRaised ? t('run.lower') : t('run.raise')}
            </button>
          )}
          {queue.length === 0 ? (
            <p className="muted">{t('run.queueEmpty')}</p>
          ) : (
            <ol className="queue" data-testid="queue">
              {queue.map((h) => (
                <li key={h.memberId}>
                  <span>
                    {nameOf(h.memberId)}
                    {meta.spoken[h.memberId] ? (
                      <span className="muted"> · {clock(meta.spoken[h.memberId]!)}</span>
                    ) : null}
                  </span>
                  {isChair && (
                    <span className="buttons">
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => void call('floor.give', { meetingId, memberId: h.memberId })}
                      >
                        {t('run.give', { name: nameOf(h.memberId) })}
                      </button>
                      <button
                        type="button"
                        className="secondary icon"
                        aria-label={t('run.lowerFor', { name: nameOf(h.memberId) })}
                        title={t('run.lowerFor', { name: nameOf(h.memberId) })}
                        disabled={busy}
                        onClick={() => void call('hands.lower', { meetingId, memberId: h.memberId })}
                      >
                        ✕
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
          {isChair && (
            <fieldset className="modes">
              <legend>{t('run.mode')}</legend>
              {QUEUE_MODES.map((mode: QueueMode) => (
                <label key={mode}>
                  <input
                    type="radio"
                    name="queue-mode"
                    value={mode}
                    checked={meta.queueMode === mode}
                    onChange={() => void call('run.setQueueMode', { meetingId, mode })}
                  />{' '}
                  {t(`run.modes.${mode}`)}
                </label>
              ))}
            </fieldset>
          )}
        </section>
      )}

      {meta.status !== 'planned' && (
        <section className="run-block" aria-labelledby="spoken-title">
          <h3 id="spoken-title">{t('run.spoken')}</h3>
          {spoken.length === 0 ? (
            <p className="muted">{t('run.spokenNone')}</p>
          ) : (
            <ul className="spoken" data-testid="spoken">
              {spoken.map((s) => (
                <li key={s.id}>
                  <span>{nameOf(s.id)}</span> <span>{clock(s.seconds)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {meta.status === 'in-progress' && isChair && (
        <button type="button" className="secondary danger" disabled={busy} onClick={() => setClosing(true)}>
          {t('run.close')}
        </button>
      )}
      {closing && (
        <ConfirmDialog
          title={t('run.confirmClose')}
          confirmLabel={t('run.close')}
          busy={busy}
          onConfirm={() => void call('meetings.close', { id: meetingId }).then(() => setClosing(false))}
          onClose={() => setClosing(false)}
        />
      )}
    </aside>
  );
}
