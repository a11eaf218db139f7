/**
 * The partnership ledger (contributions, recomputed per meeting from the raw data), the written
 * parts of partnership reports, and the anonymous experience questionnaire.
 */
import { randomUUID } from 'node:crypto';
import type {
  Contribution,
  ContributionKind,
  QuestionnaireQuestion,
  ReportSection,
} from '../../shared/ledger';
import { QUESTIONNAIRE_QUESTIONS } from '../../shared/ledger';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { DB } from './db';

interface ContributionRow {
  committee_id: string;
  meeting_id: string;
  member_id: string;
  agenda_item_id: string | null;
  kind: ContributionKind;
  quantity: number;
  at: string;
  source: string;
}

const toContribution = (r: ContributionRow): Contribution => ({
  memberId: r.member_id,
  committeeId: r.committee_id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  kind: r.kind,
  quantity: r.quantity,
  at: r.at,
  source: r.source,
});

export interface ContributionFilter {
  committeeId: string;
  memberId?: string;
  meetingId?: string;
  kind?: ContributionKind[];
  /** Days, inclusive, on the meeting's start. */
  from?: string;
  to?: string;
}

export class LedgerRepo {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * What a meeting's contributions are computed from, in one string: the last update of its
   * document (live log or snapshot), its speaking turns, its authorship counts and the client ids
   * bound to members. Any change to these changes the mark.
   */
  sourceMark(meetingId: string, docName: string): string {
    this.sourceMarkStatement ??= this.db.prepare(
      `SELECT
           (SELECT COALESCE(MAX(id), 0) FROM doc_updates WHERE doc_name = @doc) AS u,
           (SELECT COALESCE(MAX(upto_update_id), 0) FROM doc_snapshots WHERE doc_name = @doc) AS s,
           (SELECT COUNT(*) || '/' || COALESCE(MAX(id), 0) FROM speaking_turns WHERE meeting_id = @m) AS t,
           (SELECT COALESCE(SUM(inserted), 0) || '/' || COALESCE(SUM(deleted), 0) FROM doc_authorship WHERE doc_name = @doc) AS a,
           (SELECT COUNT(*) FROM doc_clients WHERE doc_name = @doc) AS c,
           (SELECT COALESCE(MAX(updated_at), '') FROM decisions WHERE meeting_id = @m) AS d`,
    );
    const r = this.sourceMarkStatement.get({ doc: docName, m: meetingId })!;
    return `${Math.max(r.u, r.s)}|${r.t}|${r.a}|${r.c}|${r.d}`;
  }

  /**
   * How many rows this connection has written since it was opened (SQLite's total_changes()): the
   * same in two calls only if nothing was written in between.
   */
  writes(): number {
    this.writesStatement ??= this.db.prepare<[], { n: number }>('SELECT total_changes() AS n');
    return this.writesStatement.get()!.n;
  }

  private writesStatement: Statement<[], { n: number }> | null = null;

  private sourceMarkStatement: Statement<
    [{ doc: string; m: string }],
    { u: number; s: number; t: string; a: string; c: number; d: string }
  > | null = null;

  storedMark(meetingId: string): string | null {
    this.storedMarkStatement ??= this.db.prepare(
      'SELECT source_mark FROM ledger_meetings WHERE meeting_id = ?',
    );
    return this.storedMarkStatement.get(meetingId)?.source_mark ?? null;
  }

  private storedMarkStatement: Statement<[string], { source_mark: string }> | null = null;

  /** Replaces a meeting's rows, and records what they were computed from. In one transaction. */
  replaceMeeting(meetingId: string, rows: Contribution[], mark: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM contributions WHERE meeting_id = ?').run(meetingId);
      const insert = this.db.prepare(
        `INSERT INTO contributions (committee_id, meeting_id, member_id, agenda_item_id, kind, quantity, at, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of rows)
        insert.run(
          c.committeeId,
          c.meetingId,
          c.memberId,
          c.agendaItemId,
          c.kind,
          c.quantity,
          c.at,
          c.source,
        );
      this.db
        .prepare(
          `INSERT INTO ledger_meetings (meeting_id, source_mark, computed_at) VALUES (?, ?, ?)
           ON CONFLICT(meeting_id) DO UPDATE SET source_mark = excluded.source_mark, computed_at = excluded.computed_at`,
        )
        .run(meetingId, mark, this.now().toISOString());
    })();
  }

  /** Forgets the rows of the committee that belong to none of its meetings (after a rebuild). */
  forgetOtherMeetings(committeeId: string): void {
    this.db
      .prepare(
        `DELETE FROM contributions WHERE committee_id = @c
           AND meeting_id NOT IN (SELECT id FROM meetings WHERE committee_id = @c)`,
      )
      .run({ c: committeeId });
  }

  private where(f: ContributionFilter): { sql: string; params: Record<string, unknown> } {
    const where = ['c.committee_id = @committeeId'];
    const params: Record<string, unknown> = { committeeId: f.committeeId };
    if (f.memberId) {
      where.push('c.member_id = @memberId');
      params.memberId = f.memberId;
    }
    if (f.meetingId) {
      where.push('c.meeting_id = @meetingId');
      params.meetingId = f.meetingId;
    }
    if (f.kind?.length) {
      where.push(`c.kind IN (${f.kind.map((_, i) => `@k${i}`).join(', ')})`);
      f.kind.forEach((k, i) => (params[`k${i}`] = k));
    }
    if (f.from) {
      where.push('substr(m.starts_at, 1, 10) >= @from');
      params.from = f.from;
    }
    if (f.to) {
      where.push('substr(m.starts_at, 1, 10) <= @to');
      params.to = f.to;
    }
    return {
      sql: `FROM contributions c JOIN meetings m ON m.id = c.meeting_id WHERE ${where.join(' AND ')}`,
      params,
    };
  }

  /** Rows in the order of the meetings, then as recorded. */
  contributions(f: ContributionFilter, page?: { limit: number; offset: number }): Contribution[] {
    const { sql, params } = this.where(f);
    const limit = page ? ' LIMIT @limit OFFSET @offset' : '';
    return (
      this.db
        .prepare(`SELECT c.* ${sql} ORDER BY m.starts_at, c.meeting_id, c.id${limit}`)
        .all({ ...params, ...(page ?? {}) }) as ContributionRow[]
    ).map(toContribution);
  }

  count(f: ContributionFilter): number {
    const { sql, params } = this.where(f);
    return (this.db.prepare(`SELECT COUNT(*) AS n ${sql}`).get(params) as { n: number }).n;
  }

  // Partnership reports: the parts people write

  reportTexts(
    committeeId: string,
    from: string,
    to: string,
  ): { texts: Partial<Record<ReportSection, string>>; savedAt: string; savedBy: string | null } | null {
    const r = this.db
      .prepare(
        'SELECT texts, saved_at, saved_by FROM partnership_reports WHERE committee_id = ? AND period_from = ? AND period_to = ?',
      )
      .get(committeeId, from, to) as { texts: string; saved_at: string; saved_by: string | null } | undefined;
    return r
      ? {
          texts: JSON.parse(r.texts) as Partial<Record<ReportSection, string>>,
          savedAt: r.saved_at,
          savedBy: r.saved_by,
        }
      : null;
  }

  saveReportTexts(
    committeeId: string,
    from: string,
    to: string,
    texts: Partial<Record<ReportSection, string>>,
    savedBy: string | null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO partnership_reports (committee_id, period_from, period_to, texts, saved_at, saved_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(committee_id, period_from, period_to) DO UPDATE SET texts = excluded.texts, saved_at = excluded.saved_at, saved_by = excluded.saved_by`,
      )
      .run(committeeId, from, to, JSON.stringify(texts), this.now().toISOString(), savedBy);
  }

  // The experience questionnaire

  hasAnswered(meetingId: string, memberId: string): boolean {
    return !!this.db
      .prepare('SELECT 1 FROM questionnaire_answered WHERE meeting_id = ? AND member_id = ?')
      .get(meetingId, memberId);
  }

  /**
   * Records that the member has answered and, separately, the answers under a random key, in one
   * transaction: nothing links the two rows (no member, time or sequence on the answers).
   */
  answer(
    meetingId: string,
    memberId: string,
    answers: Partial<Record<QuestionnaireQuestion, number>>,
  ): boolean {
    return this.db.transaction(() => {
      const { changes } = this.db
        .prepare('INSERT OR IGNORE INTO questionnaire_answered (meeting_id, member_id) VALUES (?, ?)')
        .run(meetingId, memberId);
      if (!changes) return false;
      const columns = QUESTIONNAIRE_QUESTIONS.join(', ');
      const marks = QUESTIONNAIRE_QUESTIONS.map(() => '?').join(', ');
      this.db
        .prepare(`INSERT INTO questionnaire_answers (id, meeting_id, ${columns}) VALUES (?, ?, ${marks})`)
        .run(randomUUID(), meetingId, ...QUESTIONNAIRE_QUESTIONS.map((q) => answers[q] ?? null));
      return true;
    })();
  }

  answerCount(meetingIds: string[]): number {
    if (!meetingIds.length) return 0;
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM questionnaire_answers WHERE meeting_id IN (${meetingIds.map(() => '?').join(', ')})`,
        )
        .get(...meetingIds) as { n: number }
    ).n;
  }

  /** Answers per meeting, over the meetings given (those with none are absent). */
  answerCounts(meetingIds: string[]): Map<string, number> {
    const out = new Map<string, number>();
    if (!meetingIds.length) return out;
    const rows = this.db
      .prepare(
        `SELECT meeting_id AS id, COUNT(*) AS n FROM questionnaire_answers WHERE meeting_id IN (${meetingIds.map(() => '?').join(', ')}) GROUP BY meeting_id`,
      )
      .all(...meetingIds) as { id: string; n: number }[];
    for (const r of rows) out.set(r.id, r.n);
    return out;
  }

  /**
   * Per question, how many answered each value (1 to 5), over the meetings given, counting a
   * meeting's answers to a question only if at least `minimum` of them answered it (partners may
   * skip a question): `withheld` is how many answers to it were left out so.
   */
  answerDistribution(
    meetingIds: string[],
    minimum: number,
  ): Record<QuestionnaireQuestion, { values: Record<number, number>; withheld: number }> {
    const out = Object.fromEntries(
      QUESTIONNAIRE_QUESTIONS.map((q) => [q, { values: {}, withheld: 0 }]),
    ) as Record<QuestionnaireQuestion, { values: Record<number, number>; withheld: number }>;
    if (!meetingIds.length) return out;
    const ins = meetingIds.map(() => '?').join(', ');
    for (const q of QUESTIONNAIRE_QUESTIONS) {
      const rows = this.db
        .prepare(
          `SELECT meeting_id AS m, ${q} AS v, COUNT(*) AS n FROM questionnaire_answers
           WHERE meeting_id IN (${ins}) AND ${q} IS NOT NULL GROUP BY meeting_id, ${q}`,
        )
        .all(...meetingIds) as { m: string; v: number; n: number }[];
      const answered = new Map<string, number>();
      for (const r of rows) answered.set(r.m, (answered.get(r.m) ?? 0) + r.n);
      for (const r of rows) {
        if (answered.get(r.m)! >= minimum) out[q].values[r.v] = (out[q].values[r.v] ?? 0) + r.n;
        else out[q].withheld += r.n;
      }
    }
    return out;
  }
}
