import { app, Menu, type MenuItemConstructorOptions } from 'electron';

const LABELS = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About Coconstruct',
    open: 'Let others on this network join',
    encrypt: 'Encrypt this workspace…',
    encrypted: 'This workspace is encrypted',
  },
  fr: {
    file: 'Fichier',
    edit: 'Édition',
    view: 'Affichage',
    window: 'Fenêtre',
    help: 'Aide',
    about: 'À propos de Coconstruct',
    open: 'Permettre aux autres de ce réseau de se joindre',
    encrypt: 'Chiffrer cet espace de travail…',
    encrypted: 'Cet espace de travail est chiffré',
  },
};

export interface Hosting {
  openToNetwork: boolean;
  setOpenToNetwork(open: boolean): Promise<void>;
  encrypted: boolean;
  encrypt(): void;
}

/** The application menu, in the OS language (French or English). */
export function buildMenu(locale: string, hosting: Hosting): void {
  const l = locale.toLowerCase().startsWith('fr') ? LABELS.fr : LABELS.en;
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: l.file,
      submenu: [
        {
          label: l.open,
          type: 'checkbox',
          checked: hosting.openToNetwork,
          click: (item) => void hosting.setOpenToNetwork(item.checked),
        },
        hosting.encrypted
          ? { label: l.encrypted, enabled: false }
          : { label: l.encrypt, click: () => hosting.encrypt() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: l.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: l.view,
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: l.window, submenu: [{ role: 'minimize' }, { role: 'zoom' }] },
    { label: l.help, role: 'help', submenu: [{ role: 'about', label: l.about }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
