/**
 * The partnership report of a period, on GRIPP2-SF: what the data can fill (facts and tables, read
 * only) and what people write (a text per part, saved through the API by co-chairs and
 * secretaries), with exports in PDF, Word and Markdown.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Meeting } from '../../../shared/domain';
import {
  REPORT_EXPORT_FORMATS,
  type PartnershipReport,
  type Period,
  type ReportExportFormat,
  type ReportSection,
} from '../../../shared/ledger';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { ExportButtons } from './ExportMenu';
import { describeError } from '../errors';
import { ErrorMessage } from './Field';
import { isRecorder, LoadState, TableScroll, useFormat } from './PartnershipParts';

/** A report needs days: the period chosen, else the days of the first and last meetings. */
function reportPeriod(period: Period, meetings: Meeting[]): { from: string; to: string } {
  const days = meetings.map((m) => m.startsAt.slice(0, 10)).sort();
  return { from: period.from ?? days[0]!, to: period.to ?? days[days.length - 1]! };
}

export function PartnershipReportView({
  committeeId,
  period,
  meetings,
}: {
  committeeId: string;
  period: Period;
  meetings: Meeting[];
}) {
  const { api } = useApp();
  const { from, to } = reportPeriod(period, meetings);
  const [load] = useLoad(
    () => api.invoke('report.get', { committeeId, from, to }),
    [api, committeeId, from, to],
  );
  return <LoadState load={load}>{(r) => <ReportView key={`${r.from}/${r.to}`} report={r} />}</LoadState>;
}

function ReportView({ report }: { report: PartnershipReport }) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const f = useFormat();
  const mayWrite = isRecorder(session.caller);
  const [texts, setTexts] = useState<Record<ReportSection, string>>(() => textsOf(report));
  const [saved, setSaved] = useState(report);
  const [savedNow, setSavedNow] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const baseId = useId();

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSavedNow(false);
    try {
      const r = await api.invoke('report.save', {
        committeeId: report.committeeId,
        from: report.from,
        to: report.to,
        texts,
      });
      setSaved(r);
      setSavedNow(true);
    } catch (err) {
      setError(t('partnership.report.saveFailed', { message: describeError(err, t) }));
    } finally {
      setBusy(false);
    }
  }

  const name = (format: ReportExportFormat) => t(`partnership.report.formats.${format}`);
  return (
    <form className="report" onSubmit={save} data-testid="report">
      <p className="lead">{t('partnership.report.intro')}</p>
      <p className="muted">
        {t('partnership.report.period', {
          from: f.day(`${report.from}T12:00:00`),
          to: f.day(`${report.to}T12:00:00`),
        })}
        {saved.savedAt && <> · {t('partnership.report.lastSaved', { date: f.day(saved.savedAt) })}</>}
      </p>
      {mayWrite && (
        <ExportButtons<ReportExportFormat>
          testId="report-export-menu"
          label={t('partnership.report.exportLabel')}
          hint={t('partnership.report.exportHint')}
          formats={(['pdf', 'docx', 'md'] as const satisfies typeof REPORT_EXPORT_FORMATS).map((format) => ({
            format,
            label: name(format),
          }))}
          prepare={(format) =>
            api.invoke('report.export', {
              committeeId: report.committeeId,
              from: report.from,
              to: report.to,
              format,
            })
          }
          preparing={(format) => t('partnership.report.preparing', { format: name(format) })}
          ready={(filename) => t('partnership.report.ready', { filename })}
          failed={(format, message) => t('partnership.report.failed', { format: name(format), message })}
        />
      )}
      {report.sections.map((s, i) => (
        <section key={s.key} className="report-section" aria-labelledby={`${baseId}-${s.key}`}>
          <h3 id={`${baseId}-${s.key}`}>
            {i + 1}. {t(`partnership.report.sections.${s.key}`)}
          </h3>
          <p className="muted">{t(`partnership.report.prompts.${s.key}`)}</p>
          {(s.facts.length > 0 || s.tables.length > 0) && (
            <div className="report-data">
              <p className="report-data-label">{t('partnership.report.fromData')}</p>
              {s.facts.length > 0 && (
                <dl className="report-facts">
                  {s.facts.map((fact) => (
                    <div key={fact.label}>
                      <dt>{fact.label}</dt>
                      <dd>{fact.value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {s.tables.map((table) => (
                <TableScroll key={table.caption} label={table.caption}>
                  <table>
                    <caption>{table.caption}</caption>
                    <thead>
                      <tr>
                        {table.header.map((h) => (
                          <th key={h} scope="col">
                            {h}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {table.rows.map((row, r) => (
                        <tr key={r}>
                          {row.map((cell, c) =>
                            c === 0 ? (
                              <th key={c} scope="row">
                                {cell}
                              </th>
                            ) : (
                              <td key={c}>{cell}</td>
                            ),
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              ))}
            </div>
          )}
          {mayWrite ? (
            <div className="field">
              <label htmlFor={`${baseId}-${s.key}-text`}>{t('partnership.report.write')}</label>
              <textarea
                id={`${baseId}-${s.key}-text`}
                rows={4}
                maxLength={20_000}
                value={texts[s.key]}
                onChange={(e) => setTexts({ ...texts, [s.key]: e.target.value })}
              />
            </div>
          ) : (
            <p className="report-text">{saved.sections[i]?.text || t('partnership.report.nothingWritten')}</p>
          )}
        </section>
      ))}
      {mayWrite && (
        <div className="report-save">
          <ErrorMessage message={error} />
          <p role="status" className="ok">
            {savedNow && t('partnership.report.saved')}
          </p>
          <button type="submit" disabled={busy}>
            {t('partnership.report.save')}
          </button>
        </div>
      )}
    </form>
  );
}

const textsOf = (r: PartnershipReport) =>
  Object.fromEntries(r.sections.map((s) => [s.key, s.text])) as Record<ReportSection, string>;
