/**
 * The exports of a meeting's minutes: one button per format. The file is prepared by the core
 * (through IPC in the desktop app, over HTTP in a browser) and saved by the browser's own
 * download, named as the core named it.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportedFile, type ExportFormat } from '../../../shared/minutes';
import { useApp } from '../context';

/** Hands a file to the browser's download (the desktop app's window saves it the same way). */
export function saveFile(file: ExportedFile): void {
  // A copy into a plain ArrayBuffer: a Uint8Array may sit on a larger or shared buffer.
  const bytes = new Uint8Array(file.data.byteLength);
  bytes.set(file.data);
  const url = URL.createObjectURL(new Blob([bytes.buffer], { type: file.contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Let the download start before the address is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; format: ExportFormat }
  | { kind: 'done'; filename: string }
  | { kind: 'failed'; format: ExportFormat; message: string };

export function ExportMenu({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const labelId = useId();
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function run(format: ExportFormat) {
    setState({ kind: 'busy', format });
    try {
      const file = await api.invoke('minutes.export', { meetingId, format });
      saveFile(file);
      setState({ kind: 'done', filename: file.filename });
    } catch (err) {
      setState({ kind: 'failed', format, message: err instanceof Error ? err.message : String(err) });
    }
  }

  const busy = state.kind === 'busy';
  return (
    <div className="export-menu" data-testid="export-menu">
      <div role="group" aria-labelledby={labelId} aria-busy={busy} className="row">
        <span id={labelId} className="export-menu-label">
          {t('exports.label')}
        </span>
        {EXPORT_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            onClick={() => void run(format)}
            disabled={busy}
            data-format={format}
          >
            {t(`exports.${format}`)}
          </button>
        ))}
      </div>
      <p role="status" className={state.kind === 'done' ? 'ok' : 'muted'}>
        {state.kind === 'busy' && t('exports.preparing', { format: t(`exports.${state.format}`) })}
        {state.kind === 'done' && t('exports.ready', { filename: state.filename })}
      </p>
      {state.kind === 'failed' && (
        <p className="error" role="alert">
          {t('exports.failed', { format: t(`exports.${state.format}`), message: state.message })}
        </p>
      )}
    </div>
  );
}
