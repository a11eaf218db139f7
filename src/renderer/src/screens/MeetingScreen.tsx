import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Committee, Meeting, Member } from '../../../shared/domain';
import { readMeta } from '../../../shared/meeting';
import { InputUsedPanel, QuestionnairePanel } from '../components/AfterMeeting';
import { AgendaPanel } from '../components/AgendaPanel';
import { AttendancePanel, QuorumIndicator } from '../components/AttendancePanel';
import { ConnectionBar } from '../components/ConnectionBar';
import { DecisionsPanel } from '../components/DecisionsPanel';
import { ErrorMessage } from '../components/Field';
import { ExportMenu } from '../components/ExportMenu';
import { MinutesEditor } from '../components/MinutesEditor';
import { MinutesStatusBar } from '../components/MinutesStatusBar';
import { LiveAnnouncer } from '../components/LiveAnnouncer';
import { RunPanel } from '../components/RunPanel';
import { VersionsPanel } from '../components/VersionsPanel';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { useDocValue, useMeetingConnection } from '../meeting-doc';
import { isLocked, useMinutesState } from '../minutes-state';
import { href } from '../router';
import '../meeting.css';
import { localeOf } from '../i18n';

export function MeetingScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [data] = useLoad(async () => {
    const meeting = await api.invoke('meetings.get', { id });
    const [committee, members] = await Promise.all([
      api.invoke('committees.get', { id: meeting.committeeId }),
      api.invoke('members.list', { committeeId: meeting.committeeId }),
    ]);
    return { meeting, committee, members };
  }, [api, id]);

  if (data.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (data.state === 'error') return <ErrorMessage message={t('common.error', { message: data.message })} />;
  return <MeetingView {...data.value} />;
}

const TABS = ['agenda', 'minutes', 'decisions', 'attendance', 'versions', 'input'] as const;
type Tab = (typeof TABS)[number];

function MeetingView({
  meeting,
  committee,
  members,
}: {
  meeting: Meeting;
  committee: Committee;
  members: Member[];
}) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const connection = useMeetingConnection(session.syncUrl, session.syncToken, meeting.docName);
  const status = useDocValue(connection.doc, (d) => readMeta(d).status);
  const [tab, setTab] = useState<Tab>('agenda');
  const caller = session.caller;
  const mayExport = caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';
  // The core mirrors the minutes' status in the meeting doc: a change by anyone shows up at once.
  const liveMinutesStatus = useDocValue(connection.doc, (d) =>
    d.getMap('meta').has('minutesStatus') ? readMeta(d).minutesStatus : null,
  );
  const minutesStatus = useMinutesState(meeting.id, liveMinutesStatus).state?.status;
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    agenda: null,
    minutes: null,
    decisions: null,
    attendance: null,
    versions: null,
    input: null,
  });
  const when = new Intl.DateTimeFormat(localeOf(i18n.language), {
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(meeting.startsAt));
  const labels: Record<Tab, string> = {
    agenda: t('agenda.title'),
    minutes: t('meeting.minutes'),
    decisions: t('decisions.title'),
    attendance: t('attendance.title'),
    versions: t('versions.title'),
    input: t('inputUsed.tab'),
  };
  const live: Meeting = { ...meeting, status };

  function onTabKey(e: KeyboardEvent) {
    const i = TABS.indexOf(tab);
    let next: Tab | null = null;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length]!;
    if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length]!;
    if (e.key === 'Home') next = TABS[0];
    if (e.key === 'End') next = TABS[TABS.length - 1]!;
    if (next) {
      e.preventDefault();
      setTab(next);
      tabRefs.current[next]?.focus();
    }
  }

  return (
    <article aria-labelledby="meeting-title" className="meeting">
      <nav className="crumbs" aria-label={t('nav.breadcrumb')}>
        <a href="#/">{t('nav.committees')}</a> ›{' '}
        <a href={href({ name: 'committee', id: committee.id })}>{committee.name}</a>
      </nav>
      <header className="meeting-head">
        <div>
          <h1 id="meeting-title">{meeting.title}</h1>
          <p className="muted">
            {when}
            {meeting.place && <> · {meeting.place}</>}
            {meeting.videoLink && (
              <>
                {' '}
                ·{' '}
                <a href={meeting.videoLink} target="_blank" rel="noreferrer">
                  {t('meeting.videoLink')}
                </a>
              </>
            )}{' '}
            ·{' '}
            <span className="tag" data-testid="meeting-status">
              {t(`meetings.status.${status}`)}
            </span>
          </p>
        </div>
        <ConnectionBar connection={connection} />
      </header>
      <QuorumIndicator committee={committee} members={members} connection={connection} />
      <QuestionnairePanel meeting={live} />
      <div className="meeting-layout">
        <div className="meeting-main">
          <div role="tablist" aria-label={t('meeting.tabs')} className="tabs" onKeyDown={onTabKey}>
            {TABS.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`tab-${name}`}
                aria-controls={`panel-${name}`}
                aria-selected={tab === name}
                tabIndex={tab === name ? 0 : -1}
                ref={(el) => {
                  tabRefs.current[name] = el;
                }}
                onClick={() => setTab(name)}
              >
                {labels[name]}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="panel-agenda" aria-labelledby="tab-agenda" hidden={tab !== 'agenda'}>
            <AgendaPanel connection={connection} members={members} meetingId={meeting.id} />
          </div>
          <div role="tabpanel" id="panel-minutes" aria-labelledby="tab-minutes" hidden={tab !== 'minutes'}>
            <h2 className="visually-hidden">{t('meeting.minutes')}</h2>
            <MinutesStatusBar meetingId={meeting.id} committeeId={committee.id} members={members} />
            {mayExport && <ExportMenu meetingId={meeting.id} />}
            <MinutesEditor
              connection={connection}
              meetingId={meeting.id}
              members={members}
              locked={isLocked(liveMinutesStatus ?? minutesStatus)}
              commentsClosed={(liveMinutesStatus ?? minutesStatus) === 'approved'}
            />
          </div>
          <div
            role="tabpanel"
            id="panel-decisions"
            aria-labelledby="tab-decisions"
            hidden={tab !== 'decisions'}
          >
            <DecisionsPanel
              connection={connection}
              members={members}
              meetingId={meeting.id}
              committeeId={committee.id}
            />
          </div>
          <div
            role="tabpanel"
            id="panel-attendance"
            aria-labelledby="tab-attendance"
            hidden={tab !== 'attendance'}
          >
            <AttendancePanel members={members} connection={connection} meetingId={meeting.id} />
          </div>
          <div role="tabpanel" id="panel-versions" aria-labelledby="tab-versions" hidden={tab !== 'versions'}>
            <VersionsPanel meetingId={meeting.id} members={members} />
          </div>
          <div role="tabpanel" id="panel-input" aria-labelledby="tab-input" hidden={tab !== 'input'}>
            {tab === 'input' && <InputUsedPanel meeting={live} />}
          </div>
        </div>
        <RunPanel connection={connection} members={members} meetingId={meeting.id} />
      </div>
      <LiveAnnouncer connection={connection} members={members} />
    </article>
  );
}
