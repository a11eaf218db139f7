/**
 * The minutes' named versions: save one, read one, compare two (or one with the current text),
 * and go back to one (the current text is kept as a version first).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import { EDITING_ROLES } from '../../../shared/domain';
import type { DiffPart, VersionInfo } from '../../../shared/minutes';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { isLocked, useMinutesState } from '../minutes-state';
import { ErrorMessage, Field } from './Field';
import { AppDialog } from './AppDialog';
import '../minutes.css';
import { describeError } from '../errors';
import { localeOf } from '../i18n';

/** How often the list is asked for again (others save versions; circulating and approving too). */
const LIST_POLL_MS = 10_000;

type Translate = ReturnType<typeof useTranslation>['t'];

/** The core names the versions it saves itself in English: say them in the reader's language. */
export function versionLabel(name: string, t: Translate, language: string): string {
  const day = (d: string) =>
    new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    );
  const auto = /^(circulated|approved|amended) (\d{4}-\d{2}-\d{2})$/.exec(name);
  if (auto)
    return t(`versions.auto.${auto[1] as 'circulated' | 'approved' | 'amended'}`, { date: day(auto[2]!) });
  const before = /^before restoring “(.*)”$/s.exec(name);
  if (before) return t('versions.auto.beforeRestoring', { name: versionLabel(before[1]!, t, language) });
  return name;
}

export function VersionsPanel({
  meetingId,
  members,
  version,
}: {
  meetingId: string;
  members: Member[];
  /** Bump to read the list again at once (it is also read again every few seconds). */
  version?: number;
}) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const { state: minutesState } = useMinutesState(meetingId, version);
  const status = minutesState?.status ?? null;
  const [list, reload] = useLoad(
    async () => (await api.invoke('versions.list', { meetingId })).sort((a, b) => b.id - a.id),
    [api, meetingId, status, version],
  );
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') reload();
    }, LIST_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const caller = session.caller;
  const canEdit = caller.kind === 'owner' || EDITING_ROLES.includes(caller.role);
  const locked = isLocked(status);
  const lockedId = useId();

  const [message, setMessage] = useState('');
  const [viewing, setViewing] = useState<VersionInfo | null>(null);
  const [restoring, setRestoring] = useState<VersionInfo | null>(null);
  const [compareRequest, setCompareRequest] = useState<{ from: number; to: number | null; n: number } | null>(
    null,
  );

  const nameOf = (memberId: string | null) =>
    memberId === null
      ? t('versions.host')
      : (members.find((m) => m.id === memberId)?.name ?? t('versions.unknownPerson'));
  const when = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  const label = (v: VersionInfo) => versionLabel(v.name, t, i18n.language);

  const versions = list.state === 'ready' ? list.value : [];

  return (
    <section className="versions" aria-labelledby="versions-title" data-testid="versions">
      <h2 id="versions-title">{t('versions.title')}</h2>
      <p className="muted">{t('versions.intro')}</p>

      {canEdit && (
        <SaveVersion
          meetingId={meetingId}
          onSaved={(v) => {
            setMessage(t('versions.saved', { name: v.name }));
            reload();
          }}
        />
      )}

      <p role="status" className="ok">
        {message}
      </p>

      <h3>{t('versions.list')}</h3>
      {list.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {list.state === 'error' && <ErrorMessage message={t('common.error', { message: list.message })} />}
      {list.state === 'ready' && versions.length === 0 && (
        <p className="empty" data-testid="versions-empty">
          {t('versions.empty')}
        </p>
      )}
      {canEdit && locked && versions.length > 0 && (
        <p className="notice" id={lockedId}>
          {t(status === 'approved' ? 'versions.restoreLocked.approved' : 'versions.restoreLocked.circulated')}
        </p>
      )}
      {versions.length > 0 && (
        <ol className="versions-list" data-testid="versions-list">
          {versions.map((v) => (
            <li key={v.id} className="versions-item">
              <div className="versions-info">
                <strong className="versions-name">{label(v)}</strong>
                <span className="versions-meta">
                  {t('versions.savedOnBy', { date: when(v.createdAt), name: nameOf(v.createdBy) })} ·{' '}
                  {t('versions.characters', { count: v.length })}
                </span>
              </div>
              <div className="versions-actions">
                <button
                  type="button"
                  className="mx-secondary"
                  aria-label={t('versions.viewLabel', { name: label(v) })}
                  onClick={() => setViewing(v)}
                >
                  {t('versions.view')}
                </button>
                <button
                  type="button"
                  className="mx-secondary"
                  aria-label={t('versions.compareLabel', { name: label(v) })}
                  onClick={() => setCompareRequest((r) => ({ from: v.id, to: null, n: (r?.n ?? 0) + 1 }))}
                >
                  {t('versions.compare')}
                </button>
                {canEdit && (
                  <button
                    type="button"
                    className="mx-secondary"
                    aria-label={t('versions.restoreLabel', { name: label(v) })}
                    disabled={locked}
                    aria-describedby={locked ? lockedId : undefined}
                    onClick={() => setRestoring(v)}
                  >
                    {t('versions.restore')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      {versions.length > 0 && (
        <Compare meetingId={meetingId} versions={versions} label={label} request={compareRequest} />
      )}

      {viewing && (
        <ViewDialog
          meetingId={meetingId}
          info={viewing}
          title={label(viewing)}
          meta={t('versions.savedOnBy', { date: when(viewing.createdAt), name: nameOf(viewing.createdBy) })}
          onClose={() => setViewing(null)}
        />
      )}
      {restoring && (
        <RestoreDialog
          meetingId={meetingId}
          info={restoring}
          title={label(restoring)}
          onClose={() => setRestoring(null)}
          onRestored={() => {
            setMessage(t('versions.restored', { name: label(restoring) }));
            setRestoring(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

function SaveVersion({ meetingId, onSaved }: { meetingId: string; onSaved: (v: VersionInfo) => void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const invalid = missing && !name.trim();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const v = await api.invoke('versions.create', { meetingId, name: name.trim() });
      setName('');
      setMissing(false);
      onSaved(v);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="versions-save" onSubmit={submit} noValidate aria-labelledby="versions-save-title">
      <h3 id="versions-save-title">{t('versions.saveTitle')}</h3>
      <div className="versions-save-row">
        <Field label={t('versions.name')} hint={t('versions.nameHint')}>
          {(id, hintId) => (
            <input
              id={id}
              value={name}
              maxLength={200}
              required
              aria-required="true"
              aria-invalid={invalid}
              aria-describedby={[hintId, invalid ? errorId : null].filter(Boolean).join(' ')}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {t('versions.save')}
        </button>
      </div>
      {invalid && (
        <p className="error" role="alert" id={errorId}>
          {t('versions.nameRequired')}
        </p>
      )}
      <ErrorMessage message={error} />
    </form>
  );
}

const CURRENT = 'current';

function Compare({
  meetingId,
  versions,
  label,
  request,
}: {
  meetingId: string;
  versions: VersionInfo[];
  label: (v: VersionInfo) => string;
  /** A comparison asked for from the list (a version with the current text). */
  request: { from: number; to: number | null; n: number } | null;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [from, setFrom] = useState<string>(() => String(versions[0]!.id));
  const [to, setTo] = useState<string>(CURRENT);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ parts: DiffPart[]; from: string; to: string | null } | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const focusResult = useRef(false);

  const nameOf = (value: string) => {
    if (value === CURRENT) return t('versions.current');
    const v = versions.find((x) => String(x.id) === value);
    return v ? label(v) : value;
  };

  async function run(fromValue: string, toValue: string, focus: boolean) {
    setBusy(true);
    setError(null);
    try {
      const { parts } = await api.invoke('versions.compare', {
        meetingId,
        fromVersionId: Number(fromValue),
        toVersionId: toValue === CURRENT ? null : Number(toValue),
      });
      focusResult.current = focus;
      setResult({ parts, from: nameOf(fromValue), to: toValue === CURRENT ? null : nameOf(toValue) });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  // A comparison with the current text goes stale when a version is saved or restored: drop it.
  const ids = versions.map((v) => v.id).join(',');
  const [seenIds, setSeenIds] = useState(ids);
  if (ids !== seenIds) {
    setSeenIds(ids);
    setResult(null);
  }

  // A "Compare" button of the list: fill in the form, compare, and take the reader to the result.
  const [handled, setHandled] = useState(0);
  if (request && request.n !== handled) {
    setHandled(request.n);
    setFrom(String(request.from));
    setTo(request.to === null ? CURRENT : String(request.to));
  }
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    if (request)
      void runRef.current(String(request.from), request.to === null ? CURRENT : String(request.to), true);
  }, [request]);

  useEffect(() => {
    if (result && focusResult.current) {
      focusResult.current = false;
      resultRef.current?.focus();
    }
  }, [result]);

  const options = versions.map((v) => (
    <option key={v.id} value={String(v.id)}>
      {label(v)}
    </option>
  ));

  return (
    <div className="versions-compare">
      <h3>{t('versions.compareTitle')}</h3>
      <form
        className="versions-compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(from, to, true);
        }}
      >
        <Field label={t('versions.from')}>
          {(id) => (
            <select id={id} value={from} onChange={(e) => setFrom(e.target.value)}>
              {options}
            </select>
          )}
        </Field>
        <Field label={t('versions.to')}>
          {(id) => (
            <select id={id} value={to} onChange={(e) => setTo(e.target.value)}>
              <option value={CURRENT}>{t('versions.current')}</option>
              {options}
            </select>
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {t('versions.compareButton')}
        </button>
      </form>
      <ErrorMessage message={error} />
      {result && (
        <div className="versions-result" data-testid="diff-result">
          <h4 ref={resultRef} tabIndex={-1}>
            {result.to === null
              ? t('versions.comparingCurrent', { from: result.from })
              : t('versions.comparing', { from: result.from, to: result.to })}
          </h4>
          <DiffLegend />
          <DiffSummary parts={result.parts} />
          <DiffView parts={result.parts} />
        </div>
      )}
    </div>
  );
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function DiffSummary({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  const added = parts.filter((p) => p.kind === 'added').reduce((n, p) => n + words(p.text), 0);
  const removed = parts.filter((p) => p.kind === 'removed').reduce((n, p) => n + words(p.text), 0);
  const changed = parts.some((p) => p.kind !== 'same');
  return (
    <p className="diff-summary" data-testid="diff-summary">
      {changed
        ? `${t('versions.wordsAdded', { count: added })} ${t('versions.wordsRemoved', { count: removed })}`
        : t('versions.noDifference')}
    </p>
  );
}

function DiffLegend() {
  const { t } = useTranslation();
  return (
    <dl className="diff-legend" aria-label={t('versions.legend')}>
      <div>
        <dt>
          <ins className="diff-added">
            <span className="diff-mark" aria-hidden="true">
              +
            </span>
            {t('versions.legendAddedSample')}
          </ins>
        </dt>
        <dd>{t('versions.legendAdded')}</dd>
      </div>
      <div>
        <dt>
          <del className="diff-removed">
            <span className="diff-mark" aria-hidden="true">
              −
            </span>
            {t('versions.legendRemovedSample')}
          </del>
        </dt>
        <dd>{t('versions.legendRemoved')}</dd>
      </div>
    </dl>
  );
}

/** Additions in <ins> after a "+", removals in <del> after a "−": not told by colour alone. */
function DiffView({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  return (
    <div className="diff" data-testid="diff">
      {parts.map((p, i) => {
        if (p.kind === 'same') return <span key={i}>{p.text}</span>;
        const lead = /^\s*/.exec(p.text)![0];
        const rest = p.text.slice(lead.length);
        const Tag = p.kind === 'added' ? 'ins' : 'del';
        const shown = rest || (p.text.includes('\n') ? '¶\n' : '␣');
        return (
          <span key={i}>
            {rest && lead}
            <Tag className={p.kind === 'added' ? 'diff-added' : 'diff-removed'}>
              <span className="diff-mark" aria-hidden="true">
                {p.kind === 'added' ? '+' : '−'}
              </span>
              <span className="mx-sr">
                {t(p.kind === 'added' ? 'versions.srAdded' : 'versions.srRemoved')}
              </span>
              {shown}
              <span className="mx-sr">{t('versions.srEnd')}</span>
            </Tag>
          </span>
        );
      })}
    </div>
  );
}

/** What our own renderer produces for the minutes, and nothing else (no scripts, styles, events). */
const ALLOWED_TAGS = new Set(
  'P H1 H2 H3 H4 H5 H6 UL OL LI STRONG B EM I S U CODE PRE BLOCKQUOTE BR HR A TABLE THEAD TBODY TFOOT TR TH TD COLGROUP COL SPAN DIV'.split(
    ' ',
  ),
);
const DROPPED_TAGS = new Set(
  'SCRIPT STYLE IFRAME OBJECT EMBED TEMPLATE NOSCRIPT SVG MATH LINK META'.split(' '),
);
const ALLOWED_ATTRS: Record<string, readonly string[]> = {
  A: ['href'],
  OL: ['start'],
  TD: ['colspan', 'rowspan'],
  TH: ['colspan', 'rowspan'],
};

/** Parses the HTML in an inert document (nothing runs) and keeps only the minutes' own markup. */
export function cleanMinutesHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  const walk = (el: Element) => {
    for (const child of [...el.children]) {
      if (!ALLOWED_TAGS.has(child.tagName)) {
        if (DROPPED_TAGS.has(child.tagName)) child.remove();
        else child.replaceWith(doc.createTextNode(child.textContent ?? ''));
        continue;
      }
      for (const attr of [...child.attributes]) {
        if (!ALLOWED_ATTRS[child.tagName]?.includes(attr.name)) child.removeAttribute(attr.name);
      }
      if (child.tagName === 'A') {
        const href = child.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:)/i.test(href)) child.removeAttribute('href');
        else {
          child.setAttribute('target', '_blank');
          child.setAttribute('rel', 'noreferrer');
        }
      }
      walk(child);
    }
  };
  walk(doc.body);
  return doc.body.innerHTML;
}

function ViewDialog({
  meetingId,
  info,
  title,
  meta,
  onClose,
}: {
  meetingId: string;
  info: VersionInfo;
  title: string;
  meta: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [version] = useLoad(
    async () => cleanMinutesHtml((await api.invoke('versions.get', { meetingId, versionId: info.id })).html),
    [api, meetingId, info.id],
  );
  return (
    <AppDialog title={t('versions.viewTitle', { name: title })} wide dismissable onClose={onClose}>
      <p className="muted">{meta}</p>
      {version.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {version.state === 'error' && (
        <ErrorMessage message={t('common.error', { message: version.message })} />
      )}
      {version.state === 'ready' && (
        <div
          className="version-html"
          data-testid="version-html"
          role="document"
          aria-label={t('versions.viewTitle', { name: title })}
          dangerouslySetInnerHTML={{ __html: version.value }}
        />
      )}
      <div className="mx-buttons">
        <button type="button" onClick={onClose} autoFocus>
          {t('versions.close')}
        </button>
      </div>
    </AppDialog>
  );
}

function RestoreDialog({
  meetingId,
  info,
  title,
  onClose,
  onRestored,
}: {
  meetingId: string;
  info: VersionInfo;
  title: string;
  onClose: () => void;
  onRestored: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function restore() {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('versions.restore', { meetingId, versionId: info.id });
      onRestored();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <AppDialog
      title={t('versions.restoreTitle', { name: title })}
      role="alertdialog"
      busy={busy}
      onClose={onClose}
    >
      <p>{t('versions.restoreText')}</p>
      <ErrorMessage message={error} />
      <div className="mx-buttons">
        <button type="button" disabled={busy} onClick={() => void restore()}>
          {t('versions.restoreConfirm')}
        </button>
        <button type="button" className="mx-secondary" onClick={onClose} disabled={busy} autoFocus>
          {t('common.cancel')}
        </button>
      </div>
    </AppDialog>
  );
}
