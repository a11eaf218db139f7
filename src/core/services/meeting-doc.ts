/** Reading and writing the parts of a meeting document that the core owns (`meta`, `agenda`). */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { ApiError } from '../../shared/api';
import { MEETING_DOC } from '../../shared/docs';
import { EMPTY_META, readAgenda, readMeta, type AgendaItem, type MeetingMeta } from '../../shared/meeting';

export function setMeta(doc: Y.Doc, patch: Partial<MeetingMeta>): void {
  const meta = doc.getMap<unknown>(MEETING_DOC.meta);
  for (const [k, v] of Object.entries(patch)) meta.set(k, v);
}

export { readAgenda, readMeta, EMPTY_META };

function agendaMaps(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(MEETING_DOC.agenda);
}

function findItem(doc: Y.Doc, itemId: string): Y.Map<unknown> {
  const m = agendaMaps(doc)
    .toArray()
    .find((x) => x.get('id') === itemId);
  if (!m)
    throw new ApiError('not_found', `No agenda item with id ${itemId} in this meeting.`, 'item_not_found');
  return m;
}

export function itemOr404(doc: Y.Doc, itemId: string): AgendaItem {
  return findItem(doc, itemId).toJSON() as AgendaItem;
}

/** Appends items at the end of the agenda (in the given order). */
export function appendItems(doc: Y.Doc, items: Omit<AgendaItem, 'id' | 'order'>[]): AgendaItem[] {
  const current = readAgenda(doc);
  let last = current.length ? current[current.length - 1]!.order : 0;
  const added: AgendaItem[] = [];
  for (const fields of items) {
    last += 1;
    const item = { ...fields, id: randomUUID(), order: last } as AgendaItem;
    const entries = Object.entries(item).filter(([, v]) => v !== undefined);
    agendaMaps(doc).push([new Y.Map<unknown>(entries)]);
    added.push(item);
  }
  return added;
}

export function updateItem(doc: Y.Doc, itemId: string, patch: Partial<AgendaItem>): AgendaItem {
  const m = findItem(doc, itemId);
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) m.set(k, v);
  return m.toJSON() as AgendaItem;
}

export function removeItem(doc: Y.Doc, itemId: string): void {
  const arr = agendaMaps(doc);
  const index = arr.toArray().findIndex((x) => x.get('id') === itemId);
  if (index < 0)
    throw new ApiError('not_found', `No agenda item with id ${itemId} in this meeting.`, 'item_not_found');
  arr.delete(index, 1);
}
