/**
 * Helpers shared by the tests of decisions, the decision log, the register and actions (on top of
 * helpers.ts and fixtures.ts): drafting through the API, taking attendance, reading what a client
 * of the meeting document sees, and hashing an entry the way an outside auditor would.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { Input } from '../src/shared/api';
import type { Action, Decision, LogEntry } from '../src/shared/decisions';
import type { AttendanceStatus } from '../src/shared/domain';
import { canonicalJson } from '../src/core/store/decisions-repo';
import { call, syncedClient, type Client, type HubLike } from './helpers';

export const ZEROS = '0'.repeat(64);

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The entry hash recomputed from what decisions.log gives, as the LogEntry type documents it: the
 * SHA-256 of the canonical JSON of the entry's fields (without its id, content and own hash).
 */
export function entryHashOf(e: Omit<LogEntry, 'id' | 'content' | 'entrySha256'>): string {
  return sha256(
    canonicalJson({
      committeeId: e.committeeId,
      seq: e.seq,
      decisionId: e.decisionId,
      kind: e.kind,
      amendsEntryId: e.amendsEntryId,
      contentSha256: e.contentSha256,
      prevSha256: e.prevSha256,
      createdAt: e.createdAt,
      createdBy: e.createdBy,
    }),
  );
}

/** Drafts a decision (as `token`) and returns it. */
export function draft(
  hub: HubLike,
  token: string,
  meetingId: string,
  title: string,
  extra: Partial<Omit<Input<'decisions.draft'>, 'meetingId' | 'title'>> = {},
): Promise<Decision> {
  return call(hub, token, 'decisions.draft', { meetingId, title, text: `Texte de « ${title} »`, ...extra });
}

/** Updates a draft (as `token`) and returns it. */
export function update(
  hub: HubLike,
  token: string,
  meetingId: string,
  decisionId: string,
  changes: Omit<Input<'decisions.update'>, 'meetingId' | 'decisionId'>,
): Promise<Decision> {
  return call(hub, token, 'decisions.update', { meetingId, decisionId, ...changes });
}

/** Records the outcome (as `token`, a co-chair's or the owner's) and returns the log entry. */
export function decide(
  hub: HubLike,
  token: string,
  meetingId: string,
  decisionId: string,
  outcome: 'adopted' | 'rejected' | 'deferred' = 'adopted',
): Promise<LogEntry> {
  return call(hub, token, 'decisions.decide', { meetingId, decisionId, outcome });
}

/** Records each member's attendance (as `token`, a co-chair's, a secretary's or the owner's). */
export async function attend(
  hub: HubLike,
  token: string,
  meetingId: string,
  statuses: Record<string, AttendanceStatus>,
): Promise<void> {
  for (const [memberId, status] of Object.entries(statuses)) {
    await call(hub, token, 'attendance.set', { meetingId, memberId, status });
  }
}

/** The Y.Maps of a meeting document's array `root`, as JSON. */
export function mapsOf<T>(doc: Y.Doc, root: 'decisions' | 'actions'): T[] {
  return doc
    .getArray<unknown>(root)
    .toArray()
    .filter((x): x is Y.Map<unknown> => x instanceof Y.Map)
    .map((m) => m.toJSON() as T);
}

export const decisionsIn = (doc: Y.Doc): Decision[] => mapsOf<Decision>(doc, 'decisions');
export const actionsIn = (doc: Y.Doc): Action[] => mapsOf<Action>(doc, 'actions');

/** The decision `id` as a client of the meeting document sees it (undefined if it does not). */
export const decisionIn = (doc: Y.Doc, id: string): Decision | undefined =>
  decisionsIn(doc).find((d) => d.id === id);

const watchers: Client[] = [];

/**
 * A stock y-websocket client of `docName`, synced, closed by `closeWatchers` (in afterEach): a
 * file that shares one hub across its tests does not keep every test's clients open to the end.
 */
export async function watch(hub: HubLike, docName: string, token: string): Promise<Client> {
  const client = await syncedClient(hub, docName, token);
  watchers.push(client);
  return client;
}

export function closeWatchers(): void {
  for (const client of watchers.splice(0)) client.provider.destroy();
}
