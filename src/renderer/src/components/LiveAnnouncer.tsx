/**
 * Says what others change in the meeting while it happens, for those who cannot watch the run
 * panel: who has the floor, a hand raised, the current item, the meeting started or closed. A
 * polite live region, in the user's language; what the user does themself is not repeated, nor
 * the state found on arrival.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import { readAgenda, readMeta } from '../../../shared/meeting';
import { useApp } from '../context';
import type { MeetingConnection } from '../meeting-doc';

export function LiveAnnouncer({ connection, members }: { connection: MeetingConnection; members: Member[] }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const me = session.caller.kind === 'member' ? session.caller.memberId : null;
  const [said, setSaid] = useState<{ id: number; text: string } | null>(null);
  const { doc, synced } = connection;

  useEffect(() => {
    if (!synced) return;
    const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? t('decisions.unknownPerson');
    let before = readMeta(doc);
    const onUpdate = () => {
      const now = readMeta(doc);
      const lines: string[] = [];
      if (now.status !== before.status) {
        if (now.status === 'in-progress') lines.push(t('live.started'));
        if (now.status === 'closed') lines.push(t('live.closed'));
      }
      if (now.currentItemId && now.currentItemId !== before.currentItemId) {
        const item = readAgenda(doc).find((i) => i.id === now.currentItemId);
        if (item) lines.push(t('live.item', { title: item.title }));
      }
      if (now.floor?.memberId !== before.floor?.memberId) {
        if (now.floor) lines.push(t('live.floor', { name: nameOf(now.floor.memberId) }));
        else if (before.floor?.memberId !== me) lines.push(t('live.floorEnded'));
      }
      for (const h of now.hands) {
        if (h.memberId !== me && !before.hands.some((b) => b.memberId === h.memberId))
          lines.push(t('live.hand', { name: nameOf(h.memberId) }));
      }
      before = now;
      if (lines.length) setSaid((s) => ({ id: (s?.id ?? 0) + 1, text: lines.join(' ') }));
    };
    doc.on('update', onUpdate);
    return () => doc.off('update', onUpdate);
  }, [doc, synced, members, me, t]);

  return (
    <div role="status" aria-label={t('live.label')} className="visually-hidden" data-testid="live-announcer">
      {said && <p key={said.id}>{said.text}</p>}
    </div>
  );
}
