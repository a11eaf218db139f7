/**
 * The decision log (append-only, each entry hash-chained to the one before it in its committee's
 * log), the register of decisions (their current state, searchable), and the actions tracker.
 */
import { createHash } from 'node:crypto';
import type { Action, ActionStatus, Decision, LogEntry, LogKind, VerifyResult } from '../../shared/decisions';
import type { DB } from './db';

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A row of the decision log as stored: its content still the canonical JSON that was hashed. */
export interface LogRow {
  id: number;
  committee_id: string;
  seq: number;
  decision_id: string;
  meeting_id: string | null;
  kind: LogKind;
  amends_entry_id: number | null;
  content: string;
  content_sha256: string;
  prev_sha256: string;
  entry_sha256: string;
  created_at: string;
  created_by: string | null;
}

function entryHash(r: Omit<LogRow, 'id' | 'entry_sha256' | 'content' | 'meeting_id'>): string {
  return sha256(
    canonicalJson({
      committeeId: r.committee_id,
      seq: r.seq,
      decisionId: r.decision_id,
      kind: r.kind,
      amendsEntryId: r.amends_entry_id,
      contentSha256: r.content_sha256,
      prevSha256: r.prev_sha256,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }),
  );
}

export const toEntry = (r: LogRow): LogEntry => ({
  id: r.id,
  committeeId: r.committee_id,
  seq: r.seq,
  decisionId: r.decision_id,
  kind: r.kind,
  amendsEntryId: r.amends_entry_id,
  content: JSON.parse(r.content) as Decision,
  contentSha256: r.content_sha256,
  prevSha256: r.prev_sha256,
  entrySha256: r.entry_sha256,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/**
 * Checks a committee's log, its rows in order: each entry's content hash, its entry hash and its
 * link to the entry before it. Names the first entry that does not check.
 */
export function verifyRows(rowsIn: Iterable<LogRow>): VerifyResult {
  const rows = [...rowsIn];
  // Erasures (chain rule 2): an entry whose text named an erased person now shows a pseudonym.
  // Its recorded hashes still seal the original; the erasure entry after it records the hash of
  // the content as it now reads, and that content is accepted for it. The erasure entry is itself
  // checked in its turn, so a forged redaction breaks the chain there.
  const redacted = new Map<number, string>();
  for (const r of rows) {
    if (r.kind !== 'erasure') continue;
    try {
      const record = (JSON.parse(r.content) as Decision).erasure;
      for (const x of record?.redactions ?? []) redacted.set(x.entryId, x.contentSha256);
    } catch {
      // unreadable: reported when its turn comes
    }
  }
  let prev = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (const r of rows) {
    count++;
    const broken = (reason: string) => ({
      ok: false,
      entries: count,
      firstBroken: { id: r.id, seq: r.seq, reason },
    });
    if (r.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
    let contentHash: string;
    try {
      contentHash = sha256(canonicalJson(JSON.parse(r.content)));
    } catch {
      return broken('its content is not readable');
    }
    if (contentHash !== r.content_sha256 && redacted.get(r.id) !== contentHash)
      return broken('its content was changed after it was recorded');
    if (r.prev_sha256 !== prev) return broken('it does not follow the entry before it');
    if (entryHash(r) !== r.entry_sha256) return broken('its recorded details were changed');
    prev = r.entry_sha256;
    expectedSeq++;
  }
  return { ok: true, entries: count, firstBroken: null };
}

export interface RegisterFilter {
  committeeId: string;
  status?: string[];
  meetingId?: string;
  from?: string;
  to?: string;
  purpose?: string;
  influence?: string[];
  memberId?: string;
  q?: string;
  limit: number;
  offset: number;
}

interface ActionRow {
  id: string;
  committee_id: string;
  meeting_id: string;
  decision_id: string | null;
  title: string;
  owner_id: string | null;
  due_date: string | null;
  status: ActionStatus;
  created_at: string;
}
const toAction = (r: ActionRow): Action => ({
  id: r.id,
  meetingId: r.meeting_id,
  decisionId: r.decision_id,
  title: r.title,
  ownerId: r.owner_id,
  dueDate: r.due_date,
  status: r.status,
  createdAt: r.created_at,
});

/** FTS5 query from what a person typed: each word a prefix, all of them required. */
export function ftsQuery(q: string): string | null {
  const words = q
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 20);
  return words.length ? words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' ') : null;
}

export class DecisionsRepo {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends an entry to the committee's log, chained to the last one. In one transaction. */
  append(e: {
    committeeId: string;
    meetingId: string | null;
    decisionId: string;
    kind: LogKind;
    amendsEntryId: number | null;
    content: Decision;
    createdBy: string | null;
  }): LogEntry {
    return this.db.transaction(() => {
      const last = this.db
        .prepare(
          'SELECT seq, entry_sha256 FROM decision_log WHERE committee_id = ? ORDER BY seq DESC LIMIT 1',
        )
        .get(e.committeeId) as { seq: number; entry_sha256: string } | undefined;
      const row = {
        committee_id: e.committeeId,
        seq: (last?.seq ?? 0) + 1,
        decision_id: e.decisionId,
        meeting_id: e.meetingId,
        kind: e.kind,
        amends_entry_id: e.amendsEntryId,
        content: canonicalJson(e.content),
        content_sha256: sha256(canonicalJson(e.content)),
        prev_sha256: last?.entry_sha256 ?? GENESIS,
        created_at: this.now().toISOString(),
        created_by: e.createdBy,
      };
      const entry_sha256 = entryHash(row);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO decision_log (committee_id, seq, decision_id, meeting_id, kind, amends_entry_id, content, content_sha256, prev_sha256, entry_sha256, created_at, created_by)
           VALUES (@committee_id, @seq, @decision_id, @meeting_id, @kind, @amends_entry_id, @content, @content_sha256, @prev_sha256, @entry_sha256, @created_at, @created_by)`,
        )
        .run({ ...row, entry_sha256 });
      return this.entry(Number(lastInsertRowid))!;
    })();
  }

  /**
   * Replaces, in one transaction, the content of entries whose text named an erased person (see
   * `verifyRows`): only the content column, only while the entry is listed in decision_log_redacting.
   * Returns each entry's id and the SHA-256 of its new content, for the erasure entry to record.
   */
  redact(changes: { entryId: number; content: Decision }[]): { entryId: number; contentSha256: string }[] {
    return this.db.transaction(() =>
      changes.map(({ entryId, content }) => {
        const json = canonicalJson(content);
        this.db.prepare('INSERT INTO decision_log_redacting (entry_id) VALUES (?)').run(entryId);
        this.db.prepare('UPDATE decision_log SET content = ? WHERE id = ?').run(json, entryId);
        this.db.prepare('DELETE FROM decision_log_redacting WHERE entry_id = ?').run(entryId);
        return { entryId, contentSha256: sha256(json) };
      }),
    )();
  }

  entry(id: number): LogEntry | undefined {
    const r = this.db.prepare('SELECT * FROM decision_log WHERE id = ?').get(id) as LogRow | undefined;
    return r && toEntry(r);
  }

  /** The latest entry about a decision. */
  latestFor(decisionId: string): LogEntry | undefined {
    const r = this.db
      .prepare('SELECT * FROM decision_log WHERE decision_id = ? ORDER BY id DESC LIMIT 1')
      .get(decisionId) as LogRow | undefined;
    return r && toEntry(r);
  }

  log(committeeId: string): LogEntry[] {
    return (
      this.db
        .prepare('SELECT * FROM decision_log WHERE committee_id = ? ORDER BY seq')
        .all(committeeId) as LogRow[]
    ).map(toEntry);
  }

  /** One page of the log, newest first: the `limit` entries before `beforeSeq` (or the newest). */
  logPage(committeeId: string, limit: number, beforeSeq?: number): LogEntry[] {
    return (
      this.db
        .prepare('SELECT * FROM decision_log WHERE committee_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
        .all(committeeId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as LogRow[]
    ).map(toEntry);
  }

  /** The committee's entries among these ids, in the log's order. */
  logEntries(committeeId: string, ids: number[]): LogEntry[] {
    if (ids.length === 0) return [];
    return (
      this.db
        .prepare(
          `SELECT * FROM decision_log WHERE committee_id = ? AND id IN (${ids.map(() => '?').join(',')}) ORDER BY seq`,
        )
        .all(committeeId, ...ids) as LogRow[]
    ).map(toEntry);
  }

  /** Checks every entry's content hash, entry hash and link to the entry before it. */
  verify(committeeId: string): VerifyResult {
    return verifyRows(
      this.db
        .prepare('SELECT * FROM decision_log WHERE committee_id = ? ORDER BY seq')
        .iterate(committeeId) as Iterable<LogRow>,
    );
  }

  /** The committee's log as stored, in order (parsed and verified elsewhere: see `verifyRows`, `toEntry`). */
  logRows(committeeId: string): LogRow[] {
    return this.db
      .prepare('SELECT * FROM decision_log WHERE committee_id = ? ORDER BY seq')
      .all(committeeId) as LogRow[];
  }

  // The register

  upsertDecision(
    d: Decision,
    x: { committeeId: string; purpose: string | null; meetingStartsAt: string; decidedAt: string | null },
  ): void {
    const people = [
      d.proposedBy,
      ...d.speakers,
      ...Object.keys(d.positions),
      ...Object.keys(d.vote?.ballots ?? {}),
    ]
      .filter(Boolean)
      .join(' ');
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO decisions (id, committee_id, meeting_id, agenda_item_id, purpose, title, status, influence, decided_at, meeting_starts_at, people, content, updated_at)
           VALUES (@id, @committee_id, @meeting_id, @agenda_item_id, @purpose, @title, @status, @influence, @decided_at, @meeting_starts_at, @people, @content, @updated_at)
           ON CONFLICT(id) DO UPDATE SET agenda_item_id = excluded.agenda_item_id, purpose = excluded.purpose, title = excluded.title,
             status = excluded.status, influence = excluded.influence, decided_at = COALESCE(excluded.decided_at, decisions.decided_at),
             people = excluded.people, content = excluded.content, updated_at = excluded.updated_at`,
        )
        .run({
          id: d.id,
          committee_id: x.committeeId,
          meeting_id: d.meetingId,
          agenda_item_id: d.agendaItemId,
          purpose: x.purpose,
          title: d.title,
          status: d.status,
          influence: d.influence.level,
          decided_at: x.decidedAt,
          meeting_starts_at: x.meetingStartsAt,
          people,
          content: JSON.stringify(d),
          updated_at: this.now().toISOString(),
        });
      const { rowid } = this.db.prepare('SELECT rowid FROM decisions WHERE id = ?').get(d.id) as {
        rowid: number;
      };
      this.db.prepare('DELETE FROM decisions_fts WHERE rowid = ?').run(rowid);
      this.db
        .prepare('INSERT INTO decisions_fts (rowid, title, text, rationale, evidence) VALUES (?, ?, ?, ?, ?)')
        .run(rowid, d.title, d.text, d.rationale, d.influence.evidence);
    })();
  }

  /** An agenda item's purpose changed: its decisions are filed under the new one. */
  setPurpose(meetingId: string, agendaItemId: string, purpose: string): void {
    this.db
      .prepare('UPDATE decisions SET purpose = ? WHERE meeting_id = ? AND agenda_item_id = ?')
      .run(purpose, meetingId, agendaItemId);
  }

  removeDecision(id: string): void {
    this.db.transaction(() => {
      const r = this.db.prepare('SELECT rowid FROM decisions WHERE id = ?').get(id) as
        { rowid: number } | undefined;
      if (!r) return;
      this.db.prepare('DELETE FROM decisions_fts WHERE rowid = ?').run(r.rowid);
      this.db.prepare('DELETE FROM decisions WHERE id = ?').run(id);
    })();
  }

  decision(id: string): (Decision & { committeeId: string }) | undefined {
    const r = this.db.prepare('SELECT committee_id, content FROM decisions WHERE id = ?').get(id) as
      { committee_id: string; content: string } | undefined;
    return r && { ...(JSON.parse(r.content) as Decision), committeeId: r.committee_id };
  }

  /** The FROM … WHERE of the register's query for a filter, and its parameters. */
  private registerQuery(f: Omit<RegisterFilter, 'limit' | 'offset'>): {
    sql: string;
    /** The same without the join to the meetings where no condition needs them (for counting). */
    countSql: string;
    params: Record<string, unknown>;
  } {
    const where = ['d.committee_id = @committeeId'];
    const params: Record<string, unknown> = { committeeId: f.committeeId };
    if (f.status?.length) {
      where.push(`d.status IN (${f.status.map((_, i) => `@status${i}`).join(', ')})`);
      f.status.forEach((s, i) => (params[`status${i}`] = s));
    }
    if (f.influence?.length) {
      where.push(`d.influence IN (${f.influence.map((_, i) => `@influence${i}`).join(', ')})`);
      f.influence.forEach((s, i) => (params[`influence${i}`] = s));
    }
    if (f.meetingId) {
      where.push('d.meeting_id = @meetingId');
      params.meetingId = f.meetingId;
    }
    if (f.from) {
      where.push('m.starts_at >= @from');
      params.from = f.from;
    }
    if (f.to) {
      where.push('m.starts_at <= @to');
      params.to = f.to;
    }
    if (f.purpose) {
      where.push('d.purpose = @purpose');
      params.purpose = f.purpose;
    }
    if (f.memberId) {
      where.push("(' ' || d.people || ' ') LIKE @person");
      params.person = `% ${f.memberId} %`;
    }
    const match = f.q ? ftsQuery(f.q) : null;
    if (match) {
      where.push('d.rowid IN (SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH @match)');
      params.match = match;
    }
    // The meeting's date as it is now (it may have moved since the decision was drafted).
    const sql = `FROM decisions d JOIN meetings m ON m.id = d.meeting_id WHERE ${where.join(' AND ')}`;
    // Every decision has its meeting (a foreign key): without a date condition the join changes no
    // count, and without it a count over the committee and a search reads the index alone instead
    // of every matching row (10,000 rows for a search matching them all, in bench/years.ts).
    const countSql = f.from || f.to ? sql : `FROM decisions d WHERE ${where.join(' AND ')}`;
    return { sql, countSql, params };
  }

  register(f: RegisterFilter): { total: number; items: Decision[] } {
    const { sql, countSql, params } = this.registerQuery(f);
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total ${countSql}`).get(params) as {
      total: number;
    };
    // The page is chosen on (date, rowid) alone, then its 50 contents are read: sorting the rows
    // with their content carried 13 MB through the sorter for a search matching 10,000 decisions
    // (2–3x slower in bench/years.ts, on the hub's only thread).
    const rows = this.db
      .prepare(
        `WITH page AS (SELECT d.rowid AS id, m.starts_at AS startsAt ${sql}
                       ORDER BY m.starts_at DESC, d.rowid DESC LIMIT @limit OFFSET @offset)
         SELECT d.content FROM page JOIN decisions d ON d.rowid = page.id ORDER BY page.startsAt DESC, page.id DESC`,
      )
      .all({ ...params, limit: f.limit, offset: f.offset }) as { content: string }[];
    return { total, items: rows.map((r) => JSON.parse(r.content) as Decision) };
  }

  /**
   * Every decision the filter selects, as stored (JSON), oldest meeting first: the register's
   * order read the other way, for the exports.
   */
  registerContent(
    f: Omit<RegisterFilter, 'limit' | 'offset'>,
  ): { meetingId: string; content: string; rowid: number }[] {
    const { sql, params } = this.registerQuery(f);
    return this.db
      .prepare(
        `SELECT d.meeting_id AS meetingId, d.content, d.rowid AS rowid ${sql} ORDER BY m.starts_at, d.rowid`,
      )
      .all(params) as { meetingId: string; content: string; rowid: number }[];
  }

  // Actions

  upsertAction(a: Action, committeeId: string): void {
    this.db
      .prepare(
        `INSERT INTO actions (id, committee_id, meeting_id, decision_id, title, owner_id, due_date, status, created_at, updated_at)
         VALUES (@id, @committee_id, @meeting_id, @decision_id, @title, @owner_id, @due_date, @status, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET decision_id = excluded.decision_id, title = excluded.title, owner_id = excluded.owner_id,
           due_date = excluded.due_date, status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run({
        id: a.id,
        committee_id: committeeId,
        meeting_id: a.meetingId,
        decision_id: a.decisionId,
        title: a.title,
        owner_id: a.ownerId,
        due_date: a.dueDate,
        status: a.status,
        created_at: a.createdAt,
        updated_at: this.now().toISOString(),
      });
  }

  action(id: string): (Action & { committeeId: string }) | undefined {
    const r = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as ActionRow | undefined;
    return r && { ...toAction(r), committeeId: r.committee_id };
  }

  /** Open actions first, overdue first among them, then by due date. */
  actions(committeeId: string, f: { ownerId?: string; status?: ActionStatus[]; today: string }): Action[] {
    const where = ['committee_id = @committeeId'];
    const params: Record<string, unknown> = { committeeId, today: f.today };
    if (f.ownerId) {
      where.push('owner_id = @ownerId');
      params.ownerId = f.ownerId;
    }
    if (f.status?.length) {
      where.push(`status IN (${f.status.map((_, i) => `@s${i}`).join(', ')})`);
      f.status.forEach((s, i) => (params[`s${i}`] = s));
    }
    return (
      this.db
        .prepare(
          `SELECT * FROM actions WHERE ${where.join(' AND ')}
           ORDER BY status IN ('done', 'cancelled'),
                    (due_date IS NOT NULL AND due_date < @today AND status NOT IN ('done', 'cancelled')) DESC,
                    due_date IS NULL, due_date, created_at`,
        )
        .all(params) as ActionRow[]
    ).map(toAction);
  }
}
