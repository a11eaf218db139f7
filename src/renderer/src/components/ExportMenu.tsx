/**
 * Export buttons: one per format. The file is prepared by the core (through IPC in the desktop
 * app, over HTTP in a browser) and saved by the browser's own download, named as the core named
 * it. `ExportButtons` is the menu itself; `ExportMenu` exports a meeting's minutes with it (the
 * register's menu is RegisterExportMenu).
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportedFile, type ExportFormat } from '../../../shared/minutes';
import { useApp } from '../context';
import { describeError } from '../errors';

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

type State<F> =
  | { kind: 'idle' }
  | { kind: 'busy'; format: F; text: string }
  | { kind: 'done'; filename: string }
  | { kind: 'failed'; format: F; message: string };

export interface ExportButtonsProps<F extends string> {
  /** Names the group of buttons. */
  label: string;
  /** The buttons, in order. */
  formats: readonly { format: F; label: string }[];
  /** Prepares the file; may say more about what it does through `progress`. */
  prepare: (format: F, progress: (text: string) => void) => Promise<ExportedFile>;
  /** What the status line says while `format` is prepared, until `progress` says more. */
  preparing: (format: F) => string;
  ready: (filename: string) => string;
  failed: (format: F, message: string) => string;
  testId?: string;
  /** Said under the buttons (what the export holds). */
  hint?: ReactNode;
}

export function ExportButtons<F extends string>({
  label,
  formats,
  prepare,
  preparing,
  ready,
  failed,
  testId,
  hint,
}: ExportButtonsProps<F>) {
  const labelId = useId();
  const hintId = useId();
  const [state, setState] = useState<State<F>>({ kind: 'idle' });

  async function run(format: F) {
    setState({ kind: 'busy', format, text: preparing(format) });
    try {
      const file = await prepare(format, (text) =>
        setState((s) => (s.kind === 'busy' && s.format === format ? { ...s, text } : s)),
      );
      saveFile(file);
      setState({ kind: 'done', filename: file.filename });
    } catch (err) {
      setState({ kind: 'failed', format, message: describeError(err) });
    }
  }

  const busy = state.kind === 'busy';
  return (
    <div className="export-menu" data-testid={testId}>
      <div
        role="group"
        aria-labelledby={labelId}
        aria-describedby={hint ? hintId : undefined}
        aria-busy={busy}
      >
        <span id={labelId} className="export-menu-label">
          {label}
        </span>
        <div className="row">
          {formats.map(({ format, label: text }) => (
            <button
              key={format}
              type="button"
              onClick={() => void run(format)}
              disabled={busy}
              data-format={format}
            >
              {text}
            </button>
          ))}
        </div>
      </div>
      {hint && (
        <p id={hintId} className="muted">
          {hint}
        </p>
      )}
      <p role="status" className={state.kind === 'done' ? 'ok' : 'muted'}>
        {state.kind === 'busy' && state.text}
        {state.kind === 'done' && ready(state.filename)}
      </p>
      {state.kind === 'failed' && (
        <p className="error" role="alert">
          {failed(state.format, state.message)}
        </p>
      )}
    </div>
  );
}

/** The exports of a meeting's minutes. */
export function ExportMenu({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const name = (format: ExportFormat) => t(`exports.${format}`);
  return (
    <ExportButtons<ExportFormat>
      testId="export-menu"
      label={t('exports.label')}
      formats={EXPORT_FORMATS.map((format) => ({ format, label: name(format) }))}
      prepare={(format) => api.invoke('minutes.export', { meetingId, format })}
      preparing={(format) => t('exports.preparing', { format: name(format) })}
      ready={(filename) => t('exports.ready', { filename })}
      failed={(format, message) => t('exports.failed', { format: name(format), message })}
    />
  );
}
