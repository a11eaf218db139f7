/**
 * Versioned schema migrations. `PRAGMA user_version` holds the version reached; each migration
 * runs in its own transaction. Never edit a migration that has shipped: add the next one.
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  AREAS,
  ATTENDANCE_STATUSES,
  ENGAGEMENT_LEVELS,
  LANGUAGES,
  MEETING_STATUSES,
  MEMBER_KINDS,
  ROLES,
} from '../../shared/domain';
import { MINUTES_STATUSES } from '../../shared/minutes';
import { INCIDENT_RISKS } from '../../shared/privacy';
import { ACTION_STATUSES, DECISION_STATUSES, INFLUENCE_LEVELS, LOG_KINDS } from '../../shared/decisions';
import { CONTRIBUTION_KINDS, QUESTIONNAIRE_QUESTIONS } from '../../shared/ledger';

const oneOf = (column: string, values: readonly string[]): string =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'committees, members, meetings',
    up(db) {
      db.exec(`
        CREATE TABLE committees (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          area TEXT NOT NULL ${oneOf('area', AREAS)},
          mandate TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL
        );
        CREATE TABLE members (
          id TEXT PRIMARY KEY,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          name TEXT NOT NULL,
          kind TEXT NOT NULL ${oneOf('kind', MEMBER_KINDS)},
          role TEXT NOT NULL ${oneOf('role', ROLES)},
          engagement_level TEXT NOT NULL ${oneOf('engagement_level', ENGAGEMENT_LEVELS)},
          joined_at TEXT NOT NULL
        );
        CREATE INDEX members_committee ON members(committee_id);
        -- Invitation links: only the SHA-256 of each token is kept; a link can be revoked.
        CREATE TABLE member_tokens (
          token_hash TEXT PRIMARY KEY,
          member_id TEXT NOT NULL REFERENCES members(id),
          created_at TEXT NOT NULL,
          revoked_at TEXT
        );
        CREATE INDEX member_tokens_member ON member_tokens(member_id);
        CREATE TABLE meetings (
          id TEXT PRIMARY KEY,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          title TEXT NOT NULL,
          starts_at TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'planned' ${oneOf('status', MEETING_STATUSES)},
          created_at TEXT NOT NULL
        );
        CREATE INDEX meetings_committee ON meetings(committee_id, starts_at);
      `);
    },
  },
  {
    version: 2,
    description: 'Yjs documents: append-only update log with attribution, snapshots, client ids',
    up(db) {
      db.exec(`
        CREATE TABLE doc_updates (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          doc_name TEXT NOT NULL,
          data BLOB NOT NULL,
          member_id TEXT REFERENCES members(id),
          created_at TEXT NOT NULL
        );
        CREATE INDEX doc_updates_doc ON doc_updates(doc_name, id);
        CREATE TABLE doc_snapshots (
          doc_name TEXT PRIMARY KEY,
          data BLOB NOT NULL,
          upto_update_id INTEGER NOT NULL,
          updated_at TEXT NOT NULL
        );
        -- Which member each Yjs client id belongs to: attribution that survives compaction.
        CREATE TABLE doc_clients (
          doc_name TEXT NOT NULL,
          client_id INTEGER NOT NULL,
          member_id TEXT REFERENCES members(id),
          first_seen_at TEXT NOT NULL,
          PRIMARY KEY (doc_name, client_id)
        );
      `);
    },
  },
  {
    version: 3,
    description:
      "quorum rule and language; members' mandates, dates, consents; meeting places; attendance; speaking turns",
    up(db) {
      db.exec(`
        ALTER TABLE committees ADD COLUMN quorum_kind TEXT NOT NULL DEFAULT 'majority' ${oneOf('quorum_kind', ['majority', 'count', 'share'])};
        ALTER TABLE committees ADD COLUMN quorum_value REAL NOT NULL DEFAULT 0;
        ALTER TABLE committees ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' ${oneOf('language', LANGUAGES)};
        ALTER TABLE members ADD COLUMN mandate TEXT NOT NULL DEFAULT '';
        ALTER TABLE members ADD COLUMN start_date TEXT;
        ALTER TABLE members ADD COLUMN end_date TEXT;
        ALTER TABLE members ADD COLUMN consent_named INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE members ADD COLUMN consent_contact INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE members ADD COLUMN left_at TEXT;
        ALTER TABLE meetings ADD COLUMN place TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN video_link TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN started_at TEXT;
        ALTER TABLE meetings ADD COLUMN closed_at TEXT;
        CREATE TABLE attendance (
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          member_id TEXT NOT NULL REFERENCES members(id),
          status TEXT NOT NULL ${oneOf('status', ATTENDANCE_STATUSES)},
          recorded_by TEXT REFERENCES members(id),
          recorded_at TEXT NOT NULL,
          PRIMARY KEY (meeting_id, member_id)
        );
        CREATE TABLE speaking_turns (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          member_id TEXT NOT NULL REFERENCES members(id),
          agenda_item_id TEXT,
          started_at TEXT NOT NULL,
          ended_at TEXT NOT NULL,
          seconds REAL NOT NULL CHECK (seconds >= 0),
          given_by TEXT REFERENCES members(id)
        );
        CREATE INDEX speaking_turns_meeting ON speaking_turns(meeting_id, member_id);
      `);
    },
  },
  {
    version: 4,
    description: 'minutes: status, approvals with hashes, named versions; authorship counts per document',
    up(db) {
      db.exec(`
        CREATE TABLE minutes_state (
          meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
          status TEXT NOT NULL ${oneOf('status', MINUTES_STATUSES)},
          amendment_reason TEXT,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE minutes_approvals (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          kind TEXT NOT NULL ${oneOf('kind', ['approval', 'amendment'])},
          reason TEXT NOT NULL DEFAULT '',
          html TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          approved_by TEXT REFERENCES members(id),
          approved_at TEXT NOT NULL,
          approved_at_meeting_id TEXT REFERENCES meetings(id)
        );
        CREATE INDEX minutes_approvals_meeting ON minutes_approvals(meeting_id, id);
        CREATE TABLE minutes_versions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          name TEXT NOT NULL,
          json TEXT NOT NULL,
          text_length INTEGER NOT NULL,
          created_by TEXT REFERENCES members(id),
          created_at TEXT NOT NULL
        );
        CREATE INDEX minutes_versions_meeting ON minutes_versions(meeting_id, id);
        -- Characters each member inserted and deleted in each document ('' is the owner).
        CREATE TABLE doc_authorship (
          doc_name TEXT NOT NULL,
          member_key TEXT NOT NULL,
          root TEXT NOT NULL,
          inserted INTEGER NOT NULL DEFAULT 0,
          deleted INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (doc_name, member_key, root)
        );
      `);
    },
  },
  {
    version: 5,
    description:
      'the decision log (append-only, hash-chained), the register of decisions with full-text search, actions',
    up(db) {
      db.exec(`
        CREATE TABLE decision_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          seq INTEGER NOT NULL,
          decision_id TEXT NOT NULL,
          meeting_id TEXT REFERENCES meetings(id),
          kind TEXT NOT NULL ${oneOf('kind', LOG_KINDS)},
          amends_entry_id INTEGER REFERENCES decision_log(id),
          content TEXT NOT NULL,
          content_sha256 TEXT NOT NULL,
          prev_sha256 TEXT NOT NULL,
          entry_sha256 TEXT NOT NULL,
          created_at TEXT NOT NULL,
          created_by TEXT REFERENCES members(id),
          UNIQUE (committee_id, seq)
        );
        CREATE INDEX decision_log_decision ON decision_log(decision_id, id);
        CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
          BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: record an amendment instead'); END;
        CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
          BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: record a rescission instead'); END;

        -- The current state of every decision, for the register (rebuilt from the meeting documents and the log).
        CREATE TABLE decisions (
          id TEXT PRIMARY KEY,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          agenda_item_id TEXT,
          purpose TEXT,
          title TEXT NOT NULL,
          status TEXT NOT NULL ${oneOf('status', DECISION_STATUSES)},
          influence TEXT NOT NULL ${oneOf('influence', INFLUENCE_LEVELS)},
          decided_at TEXT,
          meeting_starts_at TEXT NOT NULL,
          people TEXT NOT NULL DEFAULT '',
          content TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX decisions_committee ON decisions(committee_id, meeting_starts_at);
        CREATE VIRTUAL TABLE decisions_fts USING fts5(
          title, text, rationale, evidence,
          tokenize = 'unicode61 remove_diacritics 2'
        );

        CREATE TABLE actions (
          id TEXT PRIMARY KEY,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          decision_id TEXT,
          title TEXT NOT NULL,
          owner_id TEXT REFERENCES members(id),
          due_date TEXT,
          status TEXT NOT NULL ${oneOf('status', ACTION_STATUSES)},
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX actions_committee ON actions(committee_id, status, due_date);
      `);
    },
  },
  {
    version: 6,
    description:
      'the partnership ledger (contributions, rebuilt from the raw data), partnership reports, the anonymous experience questionnaire',
    up(db) {
      const answers = QUESTIONNAIRE_QUESTIONS.map(
        (q) => `${q} INTEGER CHECK (${q} IS NULL OR ${q} BETWEEN 1 AND 5)`,
      ).join(',\n          ');
      db.exec(`
        -- One attributed contribution per row, derived from attendance, speaking turns, the meeting
        -- documents (agenda, minutes, comments), authorship counts and decisions: never edited by hand,
        -- recomputed per meeting when its sources change (see ledger_meetings) or all at once.
        CREATE TABLE contributions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          member_id TEXT NOT NULL REFERENCES members(id),
          agenda_item_id TEXT,
          kind TEXT NOT NULL ${oneOf('kind', CONTRIBUTION_KINDS)},
          quantity REAL NOT NULL CHECK (quantity >= 0),
          at TEXT NOT NULL,
          source TEXT NOT NULL
        );
        CREATE INDEX contributions_member ON contributions(member_id, at);
        CREATE INDEX contributions_meeting ON contributions(meeting_id, member_id);
        CREATE INDEX contributions_committee ON contributions(committee_id, at);
        -- What each meeting's rows were computed from: when the mark differs, they are recomputed.
        CREATE TABLE ledger_meetings (
          meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
          source_mark TEXT NOT NULL,
          computed_at TEXT NOT NULL
        );

        -- The parts of a partnership report that people write (GRIPP2-SF), per committee and period.
        CREATE TABLE partnership_reports (
          committee_id TEXT NOT NULL REFERENCES committees(id),
          period_from TEXT NOT NULL,
          period_to TEXT NOT NULL,
          texts TEXT NOT NULL DEFAULT '{}',
          saved_at TEXT NOT NULL,
          saved_by TEXT REFERENCES members(id),
          PRIMARY KEY (committee_id, period_from, period_to)
        );

        -- The experience questionnaire. Answers carry no member, no time and no sequence: a random
        -- key in a table without rowid, so neither their order nor their place on disk follows the
        -- order in which they came. Who has answered is kept apart (to answer once), also without
        -- time or sequence, ordered by member id.
        CREATE TABLE questionnaire_answers (
          id TEXT PRIMARY KEY,
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          ${answers}
        ) WITHOUT ROWID;
        CREATE INDEX questionnaire_answers_meeting ON questionnaire_answers(meeting_id);
        CREATE TABLE questionnaire_answered (
          meeting_id TEXT NOT NULL REFERENCES meetings(id),
          member_id TEXT NOT NULL REFERENCES members(id),
          PRIMARY KEY (meeting_id, member_id)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 7,
    description:
      'privacy: erasure entries in the decision log (name replaced, chain still verifiable), rectifications, retention per committee, erasures, the register of privacy incidents (append-only)',
    up(db) {
      // The log's kinds gain 'erasure': SQLite cannot change a CHECK in place, so the table is
      // rebuilt with the same rows (ids, hashes and all). Foreign keys are checked at commit.
      db.pragma('defer_foreign_keys = ON');
      db.exec(`
        CREATE TABLE decision_log_v7 (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          seq INTEGER NOT NULL,
          decision_id TEXT NOT NULL,
          meeting_id TEXT REFERENCES meetings(id),
          kind TEXT NOT NULL ${oneOf('kind', LOG_KINDS)},
          amends_entry_id INTEGER REFERENCES decision_log(id),
          content TEXT NOT NULL,
          content_sha256 TEXT NOT NULL,
          prev_sha256 TEXT NOT NULL,
          entry_sha256 TEXT NOT NULL,
          created_at TEXT NOT NULL,
          created_by TEXT REFERENCES members(id),
          UNIQUE (committee_id, seq)
        );
        INSERT INTO decision_log_v7 SELECT id, committee_id, seq, decision_id, meeting_id, kind, amends_entry_id,
          content, content_sha256, prev_sha256, entry_sha256, created_at, created_by FROM decision_log;
        DROP TABLE decision_log;
        ALTER TABLE decision_log_v7 RENAME TO decision_log;
        CREATE INDEX decision_log_decision ON decision_log(decision_id, id);

        -- An erasure replaces a name in the content of earlier entries: only the content, only of
        -- an entry listed here for the length of the erasure's transaction. Everything else
        -- refuses, as before; verify accepts the new content because the erasure entry that
        -- follows records its hash.
        CREATE TABLE decision_log_redacting (entry_id INTEGER PRIMARY KEY);
        CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
          WHEN NOT EXISTS (SELECT 1 FROM decision_log_redacting r WHERE r.entry_id = OLD.id)
            OR NEW.id IS NOT OLD.id OR NEW.committee_id IS NOT OLD.committee_id OR NEW.seq IS NOT OLD.seq
            OR NEW.decision_id IS NOT OLD.decision_id OR NEW.meeting_id IS NOT OLD.meeting_id
            OR NEW.kind IS NOT OLD.kind OR NEW.amends_entry_id IS NOT OLD.amends_entry_id
            OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.prev_sha256 IS NOT OLD.prev_sha256
            OR NEW.entry_sha256 IS NOT OLD.entry_sha256 OR NEW.created_at IS NOT OLD.created_at
            OR NEW.created_by IS NOT OLD.created_by
          BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: record an amendment instead'); END;
        CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
          BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: record a rescission instead'); END;

        -- Corrections of a member's profile: which fields, by whom, when. Not the old values.
        CREATE TABLE member_rectifications (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          member_id TEXT NOT NULL REFERENCES members(id),
          fields TEXT NOT NULL,
          changed_by TEXT REFERENCES members(id),
          changed_at TEXT NOT NULL
        );
        CREATE INDEX member_rectifications_member ON member_rectifications(member_id, id);

        -- Years after leaving before a member's personal information is erased (NULL: never).
        CREATE TABLE committee_retention (
          committee_id TEXT PRIMARY KEY REFERENCES committees(id),
          years_after_leaving INTEGER CHECK (years_after_leaving IS NULL OR years_after_leaving >= 1),
          updated_by TEXT REFERENCES members(id),
          updated_at TEXT NOT NULL
        );

        -- Members erased: the pseudonym's number in their committee, why, who asked, when.
        CREATE TABLE privacy_erasures (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          member_id TEXT NOT NULL UNIQUE REFERENCES members(id),
          number INTEGER NOT NULL,
          reason TEXT NOT NULL ${oneOf('reason', ['request', 'retention'])},
          requested_by TEXT REFERENCES members(id),
          log_entry_id INTEGER REFERENCES decision_log(id),
          erased_at TEXT NOT NULL,
          UNIQUE (committee_id, number)
        );

        -- The register of privacy incidents: append-only; a follow-up is a new entry.
        CREATE TABLE privacy_incidents (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          committee_id TEXT NOT NULL REFERENCES committees(id),
          follows_id INTEGER REFERENCES privacy_incidents(id),
          discovered_on TEXT NOT NULL,
          description TEXT NOT NULL,
          data_concerned TEXT NOT NULL DEFAULT '',
          people_concerned TEXT NOT NULL DEFAULT '',
          risk TEXT NOT NULL ${oneOf('risk', INCIDENT_RISKS)},
          risk_assessment TEXT NOT NULL DEFAULT '',
          measures TEXT NOT NULL DEFAULT '',
          cai_notified_on TEXT,
          persons_notified_on TEXT,
          recorded_at TEXT NOT NULL,
          recorded_by TEXT REFERENCES members(id)
        );
        CREATE INDEX privacy_incidents_committee ON privacy_incidents(committee_id, id);
        CREATE TRIGGER privacy_incidents_no_update BEFORE UPDATE ON privacy_incidents
          BEGIN SELECT RAISE(ABORT, 'the register of privacy incidents is append-only: record a follow-up instead'); END;
        CREATE TRIGGER privacy_incidents_no_delete BEFORE DELETE ON privacy_incidents
          BEGIN SELECT RAISE(ABORT, 'the register of privacy incidents is append-only: record a follow-up instead'); END;
      `);
    },
  },
  {
    version: 9,
    description:
      'invitation links expire: expires_at on member tokens (existing links: a year after they were made)',
    up(db) {
      db.exec(`ALTER TABLE member_tokens ADD COLUMN expires_at TEXT`);
      const rows = db.prepare('SELECT token_hash, created_at FROM member_tokens').all() as {
        token_hash: string;
        created_at: string;
      }[];
      const set = db.prepare('UPDATE member_tokens SET expires_at = ? WHERE token_hash = ?');
      for (const r of rows) {
        const made = new Date(r.created_at);
        made.setUTCFullYear(made.getUTCFullYear() + 1);
        set.run(made.toISOString(), r.token_hash);
      }
    },
  },
  {
    version: 10,
    description:
      "decisions by meeting: the ledger's check of whether a meeting's figures are still current read every decision of the committee for each meeting",
    up(db) {
      db.exec(`CREATE INDEX decisions_meeting ON decisions(meeting_id, updated_at)`);
    },
  },
  {
    version: 11,
    description:
      'carried text: characters an edit deleted and wrote again in one go (a paragraph split, joined, made a heading or a list) keep their author',
    up(db) {
      // One row per range of characters written under (client_id, clock…) that carries the text of
      // origin_client. Written with the update that carried it; never edited.
      db.exec(`
        CREATE TABLE doc_carried (
          doc_name TEXT NOT NULL,
          client_id INTEGER NOT NULL,
          clock INTEGER NOT NULL,
          length INTEGER NOT NULL,
          origin_client INTEGER NOT NULL,
          PRIMARY KEY (doc_name, client_id, clock)
        ) WITHOUT ROWID;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings the database up to `target` (default: the latest), one transaction per step. */
export function migrate(db: Database, target = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new Error(
      `This data folder was written by a newer Coconstruct (schema ${current}; this one knows ${LATEST_VERSION}). Update the app to open it.`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
