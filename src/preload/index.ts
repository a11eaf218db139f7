/**
 * Exposes `window.api` (an `ApiBridge`) to the sandboxed renderer. Nothing else of Electron or
 * Node crosses: the renderer sees only the method table's door.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiBridge, Envelope, Session } from '../shared/api';
import { IPC_CHANNELS } from '../shared/ipc';

const api: ApiBridge = {
  invoke: (method: string, input: unknown) =>
    ipcRenderer.invoke(IPC_CHANNELS.api, method, input) as Promise<Envelope<unknown>>,
  session: () => ipcRenderer.invoke(IPC_CHANNELS.session) as Promise<Session>,
};

contextBridge.exposeInMainWorld('api', api);
