/**
 * What every export of the decision log shows, decided once: the labels in the committee's
 * language, the people as each one consented to be shown, the period and the filter in words,
 * each decision's facts and history, and the integrity statement. The renderers only lay it out.
 */
import type { Decision, LogEntry } from '../../shared/decisions';
import type { Language, Member } from '../../shared/domain';
import { dateFormat, localDateTime, localDay, safeFilename, shownName } from './common';
import { typography } from './labels';
import { CSV_COLUMNS, logLabels, verifyReason, type CsvColumn, type LogLabels } from './log-labels';
import type { DecisionLogRecord } from './log-record';
import { firstOfMonth } from '../../shared/dates';

export interface LogModelOptions {
  /** IANA time zone for dates and times; the system's by default. */
  timeZone?: string;
}

/** A labelled fact of a decision (its value may hold line breaks). */
export interface Fact {
  label: string;
  value: string;
  /** A fingerprint or an identifier: set in a fixed-width font where there is one. */
  code?: string;
}

export interface LogDecisionView {
  id: string;
  /** Its place in this export, from 1. */
  number: number;
  title: string;
  /** "Adoptée · Rencontre de novembre, 20 novembre 2026". */
  subtitle: string;
  facts: Fact[];
  /** Its log entries, oldest first, when it was amended or rescinded: the outcome, then each change with its reason. */
  history: string[];
  /** The CSV row: the text as written (no typographic changes), in the CSV_COLUMNS order. */
  row: string[];
}

export interface LogModel {
  language: Language;
  labels: LogLabels;
  /** ":" after a label, with the language's spacing. */
  colon: string;
  committee: string;
  title: string;
  period: string;
  /** The filter in words: one line per criterion. */
  filter: string[];
  count: string;
  decisions: LogDecisionView[];
  integrity: {
    ok: boolean;
    statement: string;
    note: string;
    /** The last entry's hash: whoever holds it can tell later whether the log has changed since. */
    lastEntry: { label: string; sha256: string } | null;
  };
  generated: string;
  /** The file's name without its extension, safe on every system. */
  basename: string;
}

export function buildLogModel(record: DecisionLogRecord, opts: LogModelOptions = {}): LogModel {
  const { committee, filter } = record;
  const language = committee.language;
  const labels = logLabels(language);
  const { locale } = labels.base;
  const typo = (s: string) => typography(language, s);
  const timeZone = opts.timeZone;
  const long = dateFormat(locale, { dateStyle: 'long', timeZone });
  const longDate = (iso: string) => typo(firstOfMonth(long.format(new Date(iso)), language));
  const dateTime = (iso: string) =>
    typo(
      firstOfMonth(
        dateFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso)),
        language,
      ),
    );
  const colon = language === 'fr' ? '\u00a0:' : ':';

  const members = new Map<string, Member>(record.members.map((m) => [m.id, m]));
  const person = (id: string | null): string => {
    if (id === null) return labels.host;
    const m = members.get(id);
    return m ? shownName(m, labels.base) : labels.formerMember;
  };
  const meetings = new Map(record.meetings.map((m) => [m.id, m]));
  const items = new Map(
    Object.values(record.agendaItems)
      .flat()
      .map((i) => [i.id, i]),
  );
  const entriesOf = new Map<string, LogEntry[]>();
  for (const e of record.log) {
    const list = entriesOf.get(e.decisionId);
    if (list) list.push(e);
    else entriesOf.set(e.decisionId, [e]);
  }
  const entryById = new Map(record.log.map((e) => [e.id, e]));

  const decisions = record.decisions.map((d: Decision, i): LogDecisionView => {
    const meeting = meetings.get(d.meetingId);
    const item = d.agendaItemId ? items.get(d.agendaItemId) : undefined;
    const entries = entriesOf.get(d.id) ?? [];
    const current = (d.logEntryId !== null ? entryById.get(d.logEntryId) : undefined) ?? entries.at(-1);
    const outcome = entries.find(
      (e) => e.kind === 'adopted' || e.kind === 'rejected' || e.kind === 'deferred',
    );
    const status = labels.statuses[d.status] ?? d.status;
    const purpose = item ? (labels.base.purposes[item.purpose] ?? item.purpose) : '';
    const ballots = d.vote && !d.vote.secret ? Object.entries(d.vote.ballots) : [];
    const positions = Object.entries(d.positions ?? {}).filter(([, p]) => p.trim());

    const facts: Fact[] = [{ label: labels.facts.decided, value: typo(d.text) }];
    if (d.rationale.trim()) facts.push({ label: labels.facts.rationale, value: typo(d.rationale) });
    if (item)
      facts.push({ label: labels.facts.agendaItem, value: typo(`${item.title} (${purpose.toLowerCase()})`) });
    facts.push({ label: labels.facts.mode, value: labels.modes[d.mode] ?? d.mode });
    if (d.vote) facts.push({ label: labels.facts.vote, value: typo(labels.vote(d.vote)) });
    if (ballots.length)
      facts.push({
        label: labels.facts.ballots,
        value: typo(ballots.map(([id, p]) => `${person(id)} (${labels.positions[p]})`).join(', ')),
      });
    if (positions.length)
      facts.push({
        label: labels.facts.positions,
        value: typo(positions.map(([id, p]) => `${person(id)}${colon} ${p}`).join('\n')),
      });
    facts.push({ label: labels.facts.influence, value: labels.influence[d.influence.level] });
    if (d.influence.evidence.trim())
      facts.push({ label: labels.facts.evidence, value: typo(d.influence.evidence) });
    facts.push({ label: labels.facts.proposedBy, value: typo(person(d.proposedBy)) });
    if (d.speakers.length)
      facts.push({ label: labels.facts.speakers, value: typo(d.speakers.map(person).join(', ')) });
    facts.push(
      current
        ? {
            label: labels.facts.entry,
            value: typo(labels.entry(current.seq, longDate(current.createdAt))),
            code: current.entrySha256,
          }
        : { label: labels.facts.entry, value: typo(labels.notInLog) },
    );

    // The history, when there is more than the outcome: the amendments and rescissions, with their reasons.
    const history = (entries.length > 1 ? entries : []).map((e) =>
      typo(
        labels.historyLine(
          labels.logKinds[e.kind],
          e.seq,
          longDate(e.createdAt),
          e.kind === 'amended'
            ? (e.content?.amendmentReason ?? '')
            : e.kind === 'rescinded'
              ? (e.content?.rescissionReason ?? '')
              : '',
        ),
      ),
    );

    const cell: Record<CsvColumn, string> = {
      id: d.id,
      meeting: meeting?.title ?? '',
      meetingDate: meeting ? localDay(new Date(meeting.startsAt), timeZone) : '',
      agendaItem: item?.title ?? '',
      purpose,
      title: d.title,
      text: d.text,
      rationale: d.rationale,
      mode: labels.modes[d.mode] ?? d.mode,
      status,
      decidedAt: outcome ? localDateTime(new Date(outcome.createdAt), timeZone) : '',
      votesFor: d.vote ? String(d.vote.for) : '',
      votesAgainst: d.vote ? String(d.vote.against) : '',
      votesAbstain: d.vote ? String(d.vote.abstain) : '',
      secret: d.vote ? (d.vote.secret ? labels.yes : labels.no) : '',
      influence: labels.influence[d.influence.level],
      evidence: d.influence.evidence,
      proposedBy: person(d.proposedBy),
      speakers: d.speakers.map(person).join('; '),
      entrySeq: current ? String(current.seq) : '',
      entrySha256: current?.entrySha256 ?? '',
    };

    return {
      id: d.id,
      number: i + 1,
      title: typo(d.title),
      subtitle: typo(
        [status, meeting ? labels.meetingOn(meeting.title, longDate(meeting.startsAt)) : '']
          .filter(Boolean)
          .join(' · '),
      ),
      facts,
      history,
      row: CSV_COLUMNS.map((c) => cell[c]),
    };
  });

  // The period: the filter's dates, else the first and last meetings of the decisions included.
  const starts = record.decisions
    .map((d) => meetings.get(d.meetingId)?.startsAt)
    .filter((s): s is string => !!s)
    .sort();
  const from = filter.from ?? starts[0];
  const to = filter.to ?? starts.at(-1);
  const period =
    from && to
      ? labels.periodRange(longDate(from), longDate(to))
      : from
        ? labels.periodFrom(longDate(from))
        : to
          ? labels.periodTo(longDate(to))
          : '—';

  const f = labels.filters;
  const words: string[] = [];
  const line = (label: string, value: string) => words.push(typo(`${label}${colon} ${value}`));
  if (filter.status?.length) line(f.status, filter.status.map((s) => labels.statuses[s]).join(', '));
  if (filter.meetingId) {
    const m = meetings.get(filter.meetingId);
    line(f.meeting, m ? labels.meetingOn(m.title, longDate(m.startsAt)) : filter.meetingId);
  }
  if (filter.from || filter.to) {
    const a = filter.from ? longDate(filter.from) : '';
    const b = filter.to ? longDate(filter.to) : '';
    const range = a && b ? labels.periodRange(a, b) : a ? labels.periodFrom(a) : labels.periodTo(b);
    line(f.dates, range.charAt(0).toLowerCase() + range.slice(1));
  }
  if (filter.purpose) line(f.purpose, labels.base.purposes[filter.purpose] ?? filter.purpose);
  if (filter.influence?.length)
    line(f.influence, filter.influence.map((l) => labels.influence[l]).join(', '));
  if (filter.memberId) line(f.person, person(filter.memberId));
  if (filter.q) line(f.search, language === 'fr' ? `« ${filter.q} »` : `“${filter.q}”`);
  if (!words.length) words.push(f.none);

  const v = record.verify;
  const at = dateTime(record.now);
  const broken = v.firstBroken;
  const last = record.log.at(-1);
  const integrity = {
    ok: v.ok,
    statement: typo(
      broken
        ? labels.broken(at, broken.seq, verifyReason(labels, broken.reason))
        : v.entries
          ? labels.verified(at, v.entries)
          : labels.verifiedEmpty(at),
    ),
    note: typo(labels.wholeLog),
    lastEntry: v.ok && last ? { label: typo(labels.lastEntry(last.seq)), sha256: last.entrySha256 } : null,
  };

  return {
    language,
    labels,
    colon,
    committee: typo(committee.name),
    title: labels.documentKind,
    period: typo(period),
    filter: words,
    count: labels.count(decisions.length),
    decisions,
    integrity,
    generated: typo(labels.generated(at)),
    basename: safeFilename(
      `${localDay(new Date(record.now), timeZone)} ${committee.name} — ${labels.documentKind}`,
      labels.documentKind,
    ),
  };
}
