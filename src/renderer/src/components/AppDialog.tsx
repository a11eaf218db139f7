import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import '../dialog.css';

/**
 * The app's one modal dialog (react-aria: focus kept inside, Escape closes, focus goes back to
 * the button that opened it). `alertdialog` for a confirmation.
 */
export function AppDialog({
  title,
  role = 'dialog',
  busy = false,
  wide = false,
  dismissable = false,
  onClose,
  children,
}: {
  title: ReactNode;
  role?: 'dialog' | 'alertdialog';
  busy?: boolean;
  /** For reading a document rather than answering a question. */
  wide?: boolean;
  /** Whether a click outside closes it (not where that would throw away what was typed). */
  dismissable?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <ModalOverlay
      isOpen
      isDismissable={dismissable && !busy}
      isKeyboardDismissDisabled={busy}
      onOpenChange={(open) => !open && onClose()}
      className="app-overlay"
    >
      <Modal className={wide ? 'app-modal app-modal-wide' : 'app-modal'}>
        <Dialog role={role} className="app-dialog">
          <Heading slot="title" className="app-dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/**
 * A yes-or-no question before something that cannot be undone (rather than `window.confirm`,
 * whose buttons are in the browser's language): Cancel has the focus, Escape says no.
 */
export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  busy = false,
  onConfirm,
  onClose,
}: {
  title: string;
  text?: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <AppDialog role="alertdialog" title={title} busy={busy} onClose={onClose}>
      {text && <p>{text}</p>}
      <div className="app-dialog-buttons">
        <button type="button" className="app-dialog-danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="app-dialog-secondary" disabled={busy} onClick={onClose} autoFocus>
          {t('common.cancel')}
        </button>
      </div>
    </AppDialog>
  );
}
