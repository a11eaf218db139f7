/**
 * The decision log as JSON: everything, with the whole hash chain and the rule to re-verify it,
 * so that anyone can check, without Coconstruct, that no entry was changed, removed or reordered.
 */
import { GENESIS } from '../store/decisions-repo';
import { shownName } from './common';
import type { LogModel } from './log-model';
import type { DecisionLogRecord } from './log-record';

/** The fields of an entry that its entrySha256 seals, in the documented rule. */
export const ENTRY_FIELDS = [
  'committeeId',
  'seq',
  'decisionId',
  'kind',
  'amendsEntryId',
  'contentSha256',
  'prevSha256',
  'createdAt',
  'createdBy',
] as const;

/** How the log is chained, in words and as code: what src/core/store/decisions-repo.ts does. */
export const HASH_RULE = {
  canonicalJson:
    'The JSON text of a value with the keys of every object sorted (by UTF-16 code units, as JavaScript compares strings), arrays kept in their order, no white space, and strings and numbers written as JSON.stringify writes them.',
  contentSha256: 'SHA-256, in lowercase hexadecimal, of the UTF-8 bytes of canonicalJson(entry.content).',
  entrySha256: `SHA-256, in lowercase hexadecimal, of the UTF-8 bytes of canonicalJson of an object holding exactly these fields of the entry: ${ENTRY_FIELDS.join(', ')}.`,
  entryFields: ENTRY_FIELDS,
  prevSha256:
    'The entrySha256 of the entry before it in the committee’s log (seq - 1); for the first entry (seq 1), 64 zeros.',
  genesis: GENESIS,
  order: 'Entries are numbered from 1 (seq) with no gap; check them in that order.',
  erasures:
    'An entry of kind "erasure" records that a person’s name was replaced by a pseudonym. Its content.erasure.redactions lists earlier entries whose text named them: for those, contentSha256 still seals the original text, and the content as it now reads is accepted when SHA-256 of canonicalJson(entry.content) equals the contentSha256 given there. The erasure entry is chained like any other.',
  javascript:
    "const canonicalJson = (v) => JSON.stringify(v, (k, x) => x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x);",
} as const;

export function renderLogJson(model: LogModel, record: DecisionLogRecord): Uint8Array {
  const { committee } = record;
  const labels = model.labels.base;
  const out = {
    format: 'coconstruct.decision-log',
    version: 1,
    committee: { id: committee.id, name: committee.name, area: committee.area, language: committee.language },
    exportedAt: record.now,
    filter: record.filter,
    verify: record.verify,
    hashRule: HASH_RULE,
    /** Members as the documents show them: by name only with their consent. */
    people: record.members.map((m) => ({
      id: m.id,
      shownAs: shownName(m, labels),
      name: m.consents.named ? m.name : null,
      kind: m.kind,
      role: m.role,
      leftAt: m.leftAt,
    })),
    meetings: record.meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt })),
    agendaItems: record.agendaItems,
    decisions: record.decisions,
    log: record.log,
  };
  return new TextEncoder().encode(`${JSON.stringify(out, null, 2)}\n`);
}
