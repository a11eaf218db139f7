/**
 * The exports of the decision register, as it is filtered on screen: CSV for Excel, Word, PDF,
 * Markdown, and JSON with the whole hash chain. A log of thousands of decisions takes a while
 * to lay out: the status line says how many decisions are being prepared.
 */
import { useTranslation } from 'react-i18next';
import type { Input } from '../../../shared/api';
import type { LogExportFormat } from '../../../shared/decisions';
import { useApp } from '../context';
import { localeOf } from '../i18n';
import { ExportButtons } from './ExportMenu';

/** The register's filter as the register screen holds it (its page, if any, is left out). */
/** The buttons, in the order a secretary reaches for them. */
const FORMATS: readonly LogExportFormat[] = ['csv', 'docx', 'pdf', 'md', 'json'];

export type RegisterExportFilter = Omit<Input<'decisions.register'>, 'committeeId'> & {
  committeeId?: string;
};

export function RegisterExportMenu({
  committeeId,
  filter = {},
  total,
}: {
  committeeId: string;
  filter?: RegisterExportFilter;
  /** How many decisions the filter selects, when the screen already knows it (else it is asked). */
  total?: number;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const { limit: _limit, offset: _offset, committeeId: _committee, ...criteria } = filter;
  const name = (format: LogExportFormat) => t(`registerExports.names.${format}`);

  async function prepare(format: LogExportFormat, progress: (text: string) => void) {
    let count = total;
    if (count === undefined) {
      try {
        count = (await api.invoke('decisions.register', { ...criteria, committeeId, limit: 1, offset: 0 }))
          .total;
      } catch {
        // Not counted: the export itself will say what is wrong, if anything is.
      }
    }
    if (count !== undefined)
      progress(
        t('registerExports.preparing', {
          count,
          number: new Intl.NumberFormat(localeOf(i18n.language)).format(count),
          format: name(format),
        }),
      );
    return api.invoke('decisions.export', { ...criteria, committeeId, format });
  }

  return (
    <ExportButtons<LogExportFormat>
      testId="register-export-menu"
      label={t('registerExports.label')}
      hint={t('registerExports.hint')}
      formats={FORMATS.map((format) => ({ format, label: t(`registerExports.${format}`) }))}
      prepare={prepare}
      preparing={(format) => t('registerExports.starting', { format: name(format) })}
      ready={(filename) => t('registerExports.ready', { filename })}
      failed={(format, message) => t('registerExports.failed', { format: name(format), message })}
    />
  );
}
