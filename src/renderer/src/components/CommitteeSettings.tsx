import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  AREAS,
  LANGUAGES,
  type Area,
  type Committee,
  type Language,
  type QuorumRule,
} from '../../../shared/domain';
import { useApp } from '../context';
import { ChoiceField, ErrorMessage, Field } from './Field';
import '../committee.css';
import { describeError } from '../errors';
import { localeOf } from '../i18n';

/** The quorum rule in plain words. */
export function describeQuorum(t: TFunction, rule: QuorumRule, lang: string): string {
  if (rule.kind === 'count') return t('committees.quorumRule.count', { count: rule.value });
  if (rule.kind === 'share')
    return t('committees.quorumRule.share', {
      percent: new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(rule.value * 100),
    });
  return t('committees.quorumRule.majority');
}

/** What the committee is, for everyone; the co-chairs (and the host) may change it. */
export function CommitteeSettings({
  committee,
  onSaved,
}: {
  committee: Committee;
  onSaved: (c: Committee) => void;
}) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const caller = session.caller;
  const mayChange = caller.kind === 'owner' || caller.role === 'co-chair';
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');
  const changeButton = useRef<HTMLButtonElement>(null);
  // Once the form closes, the keyboard goes back to the button that opened it.
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (refocus && !editing) changeButton.current?.focus();
  }, [refocus, editing]);
  const closeForm = () => {
    setEditing(false);
    setRefocus(true);
  };

  return (
    <section className="panel committee-about" aria-labelledby="committee-about-title">
      <div className="committee-about-head">
        <h2 id="committee-about-title">{editing ? t('committees.settingsTitle') : t('committees.about')}</h2>
        {mayChange && !editing && (
          <button
            type="button"
            ref={changeButton}
            className="committee-secondary"
            onClick={() => {
              setStatus('');
              setRefocus(false);
              setEditing(true);
            }}
          >
            {t('committees.change')}
          </button>
        )}
      </div>
      <p role="status" className="ok committee-status">
        {status}
      </p>
      {editing ? (
        <SettingsForm
          committee={committee}
          onCancel={closeForm}
          onSaved={(c) => {
            setStatus(t('committees.saved'));
            onSaved(c);
            closeForm();
          }}
        />
      ) : (
        <dl className="committee-summary" data-testid="committee-summary">
          <dt>{t('committees.area')}</dt>
          <dd>{t(`area.${committee.area}`)}</dd>
          <dt>{t('committees.mandate')}</dt>
          <dd className="mandate">
            {committee.mandate || <span className="muted">{t('committees.noMandate')}</span>}
          </dd>
          <dt>{t('committees.quorum')}</dt>
          <dd>
            {describeQuorum(t, committee.quorum, i18n.language)}
            <span className="hint committee-block">{t('committees.votingNote')}</span>
          </dd>
          <dt>{t('committees.language')}</dt>
          <dd lang={committee.language}>{t(`language.${committee.language}`)}</dd>
        </dl>
      )}
    </section>
  );
}

function SettingsForm({
  committee,
  onCancel,
  onSaved,
}: {
  committee: Committee;
  onCancel: () => void;
  onSaved: (c: Committee) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [name, setName] = useState(committee.name);
  const [area, setArea] = useState<Area>(committee.area);
  const [mandate, setMandate] = useState(committee.mandate);
  const [quorumKind, setQuorumKind] = useState<QuorumRule['kind']>(committee.quorum.kind);
  const [count, setCount] = useState(committee.quorum.kind === 'count' ? String(committee.quorum.value) : '');
  const [share, setShare] = useState(
    committee.quorum.kind === 'share' ? String(Math.round(committee.quorum.value * 1000) / 10) : '',
  );
  const [language, setLanguage] = useState<Language>(committee.language);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<'name' | 'quorum' | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const valueInput = useRef<HTMLInputElement>(null);
  const quorumHint = useId();
  const languageHint = useId();
  useEffect(() => nameInput.current?.focus(), []);

  function quorumRule(): QuorumRule | string {
    if (quorumKind === 'majority') return { kind: 'majority' };
    if (quorumKind === 'count') {
      const n = Number(count);
      return count.trim() && Number.isInteger(n) && n >= 1 && n <= 1000
        ? { kind: 'count', value: n }
        : t('committees.quorumCountInvalid');
    }
    const p = Number(share.replace(',', '.'));
    return share.trim() && p >= 1 && p <= 100
      ? { kind: 'share', value: Math.round(p * 10) / 1000 }
      : t('committees.quorumShareInvalid');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Checked here rather than by the browser, so the message is in the app's language and read out.
    if (!name.trim()) {
      setInvalid('name');
      setError(t('committees.nameRequired'));
      nameInput.current?.focus();
      return;
    }
    const quorum = quorumRule();
    if (typeof quorum === 'string') {
      setInvalid('quorum');
      setError(quorum);
      valueInput.current?.focus();
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await api.invoke('committees.update', { id: committee.id, name, area, mandate, quorum, language }),
      );
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  const radio = (kind: QuorumRule['kind'], label: string) => (
    <label className="committee-check">
      <input
        type="radio"
        name="quorum-kind"
        value={kind}
        checked={quorumKind === kind}
        onChange={() => setQuorumKind(kind)}
      />
      <span>{label}</span>
    </label>
  );

  return (
    <form onSubmit={submit} className="committee-settings" noValidate>
      <Field label={t('committees.name')}>
        {(id) => (
          <input
            id={id}
            ref={nameInput}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid === 'name' || undefined}
            required
            maxLength={200}
          />
        )}
      </Field>
      <ChoiceField
        label={t('committees.area')}
        value={area}
        options={AREAS}
        optionLabel={(a) => t(`area.${a}`)}
        onChange={(a) => setArea(a as Area)}
      />
      <Field label={t('committees.mandate')} hint={t('committees.mandateHint')}>
        {(id, hintId) => (
          <textarea
            id={id}
            aria-describedby={hintId}
            value={mandate}
            onChange={(e) => setMandate(e.target.value)}
            rows={4}
            maxLength={5000}
          />
        )}
      </Field>
      <fieldset className="committee-fieldset" aria-describedby={quorumHint}>
        <legend>{t('committees.quorum')}</legend>
        <p className="hint" id={quorumHint}>
          {t('committees.quorumHint')}
        </p>
        {radio('majority', t('committees.quorumMajority'))}
        {radio('count', t('committees.quorumCount'))}
        {quorumKind === 'count' && (
          <div className="committee-reveal">
            <Field label={t('committees.quorumCountValue')}>
              {(id) => (
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={1000}
                  step={1}
                  ref={valueInput}
                  aria-invalid={invalid === 'quorum' || undefined}
                  value={count}
                  onChange={(e) => setCount(e.target.value)}
                  className="committee-number"
                />
              )}
            </Field>
          </div>
        )}
        {radio('share', t('committees.quorumShare'))}
        {quorumKind === 'share' && (
          <div className="committee-reveal">
            <Field label={t('committees.quorumShareValue')}>
              {(id) => (
                <span className="committee-suffix">
                  <input
                    id={id}
                    type="number"
                    inputMode="decimal"
                    min={1}
                    max={100}
                    step="any"
                    ref={valueInput}
                    aria-invalid={invalid === 'quorum' || undefined}
                    value={share}
                    onChange={(e) => setShare(e.target.value)}
                    className="committee-number"
                  />
                  <span aria-hidden="true">%</span>
                </span>
              )}
            </Field>
          </div>
        )}
      </fieldset>
      <fieldset className="committee-fieldset" aria-describedby={languageHint}>
        <legend>{t('committees.language')}</legend>
        <p className="hint" id={languageHint}>
          {t('committees.languageHint')}
        </p>
        {LANGUAGES.map((l) => (
          <label key={l} className="committee-check" lang={l}>
            <input
              type="radio"
              name="minutes-language"
              value={l}
              checked={language === l}
              onChange={() => setLanguage(l)}
            />
            <span>{t(`language.${l}`)}</span>
          </label>
        ))}
      </fieldset>
      <ErrorMessage message={error} />
      <div className="committee-buttons">
        <button type="submit" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="committee-secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
