/** Attendance per member and the live quorum indicator, from the committee's quorum rule. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  type Committee,
  type Member,
} from '../../../shared/domain';
import { quorumStatus, readMeta } from '../../../shared/meeting';
import { useApp } from '../context';
import { useDocValue, type MeetingConnection } from '../meeting-doc';
import { ErrorMessage } from './Field';
import { describeError } from '../errors';

export function QuorumIndicator({
  committee,
  members,
  connection,
}: {
  committee: Committee;
  members: Member[];
  connection: MeetingConnection;
}) {
  const { t } = useTranslation();
  const attendance = useDocValue(connection.doc, (d) => readMeta(d).attendance);
  const q = quorumStatus(committee.quorum, members, attendance);
  return (
    <p className={`quorum ${q.reached ? 'reached' : 'missing'}`} data-testid="quorum" role="status">
      <span aria-hidden="true">{q.reached ? '✔' : '…'}</span>{' '}
      {t(q.reached ? 'attendance.quorumReached' : 'attendance.quorumMissing', {
        attending: q.attending,
        voting: q.voting,
        required: q.required,
      })}
    </p>
  );
}

export function AttendancePanel({
  members,
  connection,
  meetingId,
}: {
  members: Member[];
  connection: MeetingConnection;
  meetingId: string;
}) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const attendance = useDocValue(connection.doc, (d) => readMeta(d).attendance);
  const [error, setError] = useState<string | null>(null);
  const caller = session.caller;
  const mayRecord = caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';
  const active = members.filter((m) => !m.leftAt);

  async function set(memberId: string, status: AttendanceStatus) {
    setError(null);
    try {
      await api.invoke('attendance.set', { meetingId, memberId, status });
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('attendance.title')}</h2>
      {!mayRecord && <p className="hint">{t('attendance.readOnly')}</p>}
      <ErrorMessage message={error} />
      <table className="attendance" data-testid="attendance">
        <thead>
          <tr>
            <th scope="col">{t('members.title')}</th>
            <th scope="col">{t('role.label')}</th>
            <th scope="col">{t('attendance.title')}</th>
          </tr>
        </thead>
        <tbody>
          {active.map((m) => {
            const status = attendance[m.id];
            return (
              <tr key={m.id}>
                <th scope="row">{m.name}</th>
                <td>{t(`role.${m.role}`)}</td>
                <td>
                  {mayRecord ? (
                    <select
                      aria-label={t('attendance.statusFor', { name: m.name })}
                      value={status ?? ''}
                      onChange={(e) => void set(m.id, e.target.value as AttendanceStatus)}
                    >
                      {!status && <option value="">{t('attendance.unset')}</option>}
                      {ATTENDANCE_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`attendance.statuses.${s}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span>{status ? t(`attendance.statuses.${status}`) : t('attendance.unset')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
