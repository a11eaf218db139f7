/**
 * The balance of voice: the share of speaking time, minutes text, proposals and taking part in
 * decisions of patient and caregiver partners against professionals and managers (and others),
 * over the period and meeting by meeting, and the decisions partners shaped or co-decided against
 * the others, meeting by meeting or month by month; each chart with its table.
 */
import { useId, useState } from 'react';
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
      <ShapedDecisions balance={balance} />
    </div>
  );
}

/** The decisions partners shaped or co-decided and the others, each with a colour and a pattern. */
const SHAPED_SERIES = {
  shaped: { color: '#1e5a2f', pattern: 'solid' },
  others: { color: '#4d4d4d', pattern: 'stripes' },
} as const;

/**
 * The decisions taken that partners shaped or co-decided, against the others: over the period in
 * words, then meeting by meeting or month by month, a chart and its table.
 */
function ShapedDecisions({ balance }: { balance: Balance }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [by, setBy] = useState<'meeting' | 'month'>('meeting');
  const series: ShareSeries[] = (['shaped', 'others'] as const).map((k) => ({
    key: k,
    label: t(`partnership.shaped.series.${k}`),
    ...SHAPED_SERIES[k],
  }));
  const total = balance.total.influence;
  const periods =
    by === 'meeting'
      ? balance.meetings.map((m) => ({
          key: m.meetingId,
          short: f.shortDay(m.startsAt),
          name: (
            <>
              {m.title} <span className="muted">{f.day(m.startsAt)}</span>
            </>
          ),
          influence: m.balance.influence,
        }))
      : balance.months.map((m) => ({
          key: m.month,
          short: f.month(m.month),
          name: <>{f.month(m.month)}</>,
          influence: m.balance.influence,
        }));
  const charted = periods.filter((p) => p.influence.taken > 0);
  const shares = charted.map((p) => p.influence.share);
  const title = t(`partnership.shaped.chartTitle.${by}`);
  const idBase = useId();
  return (
    <section className="shaped-decisions" aria-labelledby={`${idBase}-title`} data-testid="balance-shaped">
      <h3 id={`${idBase}-title`}>{t('partnership.shaped.title')}</h3>
      <p className="lead">{t('partnership.shaped.intro')}</p>
      {total.taken === 0 ? (
        <p className="empty">{t('partnership.shaped.none')}</p>
      ) : (
        <>
          <p className="shaped-summary" data-testid="balance-shaped-summary">
            <strong>
              {t('partnership.shaped.summary', {
                count: total.taken,
                shaped: f.number(total.shapedOrCoDecided),
                taken: f.number(total.taken),
                share: f.share(total.share),
              })}
            </strong>
          </p>
          <PatternKey series={series} />
          <fieldset className="measure-choice">
            <legend>{t('partnership.shaped.show')}</legend>
            {(['meeting', 'month'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name={`${idBase}-by`} checked={by === k} onChange={() => setBy(k)} />{' '}
                {t(k === 'meeting' ? 'partnership.shaped.byMeeting' : 'partnership.shaped.byMonth')}
              </label>
            ))}
          </fieldset>
          <ShareChart
            testId="balance-shaped-chart"
            title={title}
            summary={[
              t('partnership.shaped.chartText', {
                low: f.share(Math.min(...shares)),
                high: f.share(Math.max(...shares)),
              }),
              charted.length < periods.length &&
                t(`partnership.shaped.left.${by}`, { count: periods.length - charted.length }),
            ]
              .filter(Boolean)
              .join(' ')}
            rows={charted.map((p) => ({
              label: p.short,
              shaped: p.influence.share,
              others: 1 - p.influence.share,
            }))}
            series={series}
            table={
              <table>
                <caption>{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`partnership.shaped.${by}`)}</th>
                    <th scope="col">{t('partnership.shaped.taken')}</th>
                    <th scope="col">{t('partnership.shaped.shapedCount')}</th>
                    <th scope="col">{t('partnership.shaped.othersCount')}</th>
                    <th scope="col">{t('partnership.shaped.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {periods.map((p) => (
                    <tr key={p.key}>
                      <th scope="row">{p.name}</th>
                      <td>{f.number(p.influence.taken)}</td>
                      <td>{f.number(p.influence.shapedOrCoDecided)}</td>
                      <td>{f.number(p.influence.taken - p.influence.shapedOrCoDecided)}</td>
                      <td>{p.influence.taken ? f.share(p.influence.share) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        </>
      )}
    </section>
  );
}
