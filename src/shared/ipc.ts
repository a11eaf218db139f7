/** Names of the IPC channels: one carries every API method, one the session. Kept apart from
 * api.ts so that the sandboxed preload bundles no schema library. */
export const IPC_CHANNELS = { api: 'coconstruct:api', session: 'coconstruct:session' } as const;
