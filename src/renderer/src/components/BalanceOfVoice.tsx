/**
 * The balance of voice: the share of speaking time, minutes text, proposals and decisions
 * influenced of patient and caregiver partners against professionals and managers (and others),
 * over the period and meeting by meeting, each chart with its table.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  VOICE_GROUPS,
  VOICE_MEASURES,
  type BalanceOfVoice as Balance,
  type Period,
  type VoiceMeasure,
  type VoiceSplit,
} from '../../../shared/ledger';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import {
  GROUP_STYLE,
  LoadState,
  PatternKey,
  ShareChart,
  useFormat,
  type ShareSeries,
} from './PartnershipParts';

export function BalanceOfVoice({ committeeId, period }: { committeeId: string; period: Period }) {
  const { api } = useApp();
  const [load] = useLoad(
    () => api.invoke('balance.get', { committeeId, ...period }),
    [api, committeeId, period.from, period.to],
  );
  return <LoadState load={load}>{(b) => <BalanceView balance={b} />}</LoadState>;
}

function BalanceView({ balance }: { balance: Balance }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [measure, setMeasure] = useState<VoiceMeasure>('speakingSeconds');
  const series: ShareSeries[] = VOICE_GROUPS.map((g) => ({
    key: g,
    label: t(`partnership.group.${g}`),
    ...GROUP_STYLE[g],
  }));
  const measureName = (m: VoiceMeasure) => t(`partnership.measure.${m}`);
  const amount = (m: VoiceMeasure, n: number) => (m === 'speakingSeconds' ? f.minutes(n) : f.number(n));
  const shares = (s: VoiceSplit) => Object.fromEntries(VOICE_GROUPS.map((g) => [g, s.shares[g]]));

  if (balance.meetings.length === 0) return <p className="empty">{t('partnership.noMeetings')}</p>;

  const total = balance.total;
  const partnersSpeaking = total.measures.speakingSeconds.shares.partners;
  const summaryRows = VOICE_MEASURES.map((m) => ({ label: measureName(m), ...shares(total.measures[m]) }));
  const meetingRows = balance.meetings.map((m) => ({
    label: f.shortDay(m.startsAt),
    ...shares(m.balance.measures[measure]),
  }));

  const splitCells = (m: VoiceMeasure, s: VoiceSplit) =>
    VOICE_GROUPS.map((g) => (
      <td key={g}>
        {s.total ? f.share(s.shares[g]) : '—'} <span className="muted">({amount(m, s.amounts[g])})</span>
      </td>
    ));

  return (
    <div className="balance" data-testid="balance">
      <p className="lead">{t('partnership.balance.intro')}</p>
      <PatternKey series={series} />
      <p>
        {t('partnership.balance.attending', {
          partners: f.number(total.attending.partners),
          professionals: f.number(total.attending.professionals),
          others: f.number(total.attending.others),
        })}
      </p>
      <ShareChart
        testId="balance-summary"
        title={t('partnership.balance.summaryTitle')}
        summary={[
          t('partnership.balance.summaryText', {
            share: f.share(partnersSpeaking),
            proposals: f.share(total.measures.proposals.shares.partners),
          }),
          // How many decisions partners took part in, out of how many: the chart's share for
          // decisions is of the participations of all groups, not of the decisions.
          total.decisionCount > 0 &&
            t('partnership.balance.decisionsText', {
              taken: f.number(total.measures.decisions.amounts.partners),
              total: f.number(total.decisionCount),
            }),
        ]
          .filter(Boolean)
          .join(' ')}
        rows={summaryRows}
        series={series}
        table={
          <table>
            <caption>{t('partnership.balance.summaryTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('partnership.balance.measure')}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {VOICE_MEASURES.map((m) => (
                <tr key={m}>
                  <th scope="row">{measureName(m)}</th>
                  {splitCells(m, total.measures[m])}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <fieldset className="measure-choice">
        <legend>{t('partnership.balance.chooseMeasure')}</legend>
        {VOICE_MEASURES.map((m) => (
          <label key={m}>
            <input type="radio" name="measure" checked={measure === m} onChange={() => setMeasure(m)} />{' '}
            {measureName(m)}
          </label>
        ))}
      </fieldset>
      <ShareChart
        testId="balance-meetings"
        title={t('partnership.balance.perMeetingTitle', { measure: measureName(measure) })}
        summary={t('partnership.balance.perMeetingText', {
          count: balance.meetings.length,
          low: f.share(Math.min(...balance.meetings.map((m) => m.balance.measures[measure].shares.partners))),
          high: f.share(
            Math.max(...balance.meetings.map((m) => m.balance.measures[measure].shares.partners)),
          ),
        })}
        rows={meetingRows}
        series={series}
        table={
          <table>
            <caption>{t('partnership.balance.perMeetingTitle', { measure: measureName(measure) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('partnership.meeting')}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {balance.meetings.map((m) => (
                <tr key={m.meetingId}>
                  <th scope="row">
                    {m.title} <span className="muted">{f.day(m.startsAt)}</span>
                  </th>
                  {splitCells(measure, m.balance.measures[measure])}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </div>
  );
}
