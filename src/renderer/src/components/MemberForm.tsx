import { useId, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ENGAGEMENT_LEVELS,
  MEMBER_KINDS,
  ROLES,
  type EngagementLevel,
  type Member,
  type MemberKind,
  type Role,
} from '../../../shared/domain';
import { Field } from './Field';
import '../committee.css';
import { DateField } from './DateField';

/** What the member form holds while someone types: dates as the date inputs give them ('' for none). */
export interface MemberDraft {
  name: string;
  kind: MemberKind;
  role: Role;
  engagementLevel: EngagementLevel;
  mandate: string;
  startDate: string;
  endDate: string;
  named: boolean;
  contact: boolean;
}

export const emptyDraft = (): MemberDraft => ({
  name: '',
  kind: 'patient-partner',
  role: 'member',
  engagementLevel: 'collaboration',
  mandate: '',
  startDate: '',
  endDate: '',
  named: false,
  contact: false,
});

export const draftOf = (m: Member): MemberDraft => ({
  name: m.name,
  kind: m.kind,
  role: m.role,
  engagementLevel: m.engagementLevel,
  mandate: m.mandate,
  startDate: m.startDate ?? '',
  endDate: m.endDate ?? '',
  named: m.consents.named,
  contact: m.consents.contact,
});

/** The fields `members.add` and `members.update` take, from a draft. */
export const fieldsOf = (d: MemberDraft) => ({
  name: d.name,
  kind: d.kind,
  role: d.role,
  engagementLevel: d.engagementLevel,
  mandate: d.mandate,
  startDate: d.startDate || null,
  endDate: d.endDate || null,
  consents: { named: d.named, contact: d.contact },
});

/** The fields of a member, shared by "Add a member" and "Edit". */
export function MemberFields({
  value,
  onChange,
  nameRef,
}: {
  value: MemberDraft;
  onChange: (patch: Partial<MemberDraft>) => void;
  nameRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const namedHint = useId();
  const datesHint = useId();
  return (
    <>
      <Field label={t('members.name')}>
        {(id) => (
          <input
            id={id}
            ref={nameRef}
            value={value.name}
            onChange={(e) => onChange({ name: e.target.value })}
            required
            maxLength={200}
            autoComplete="off"
          />
        )}
      </Field>
      <div className="row">
        <Field label={t('kind.label')}>
          {(id) => (
            <select
              id={id}
              value={value.kind}
              onChange={(e) => onChange({ kind: e.target.value as MemberKind })}
            >
              {MEMBER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('role.label')}>
          {(id) => (
            <select id={id} value={value.role} onChange={(e) => onChange({ role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('engagement.label')} hint={t('engagement.hint')}>
        {(id, hintId) => (
          <select
            id={id}
            aria-describedby={hintId}
            value={value.engagementLevel}
            onChange={(e) => onChange({ engagementLevel: e.target.value as EngagementLevel })}
          >
            {ENGAGEMENT_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`engagement.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('members.mandate')} hint={t('members.mandateHint')}>
        {(id, hintId) => (
          <textarea
            id={id}
            aria-describedby={hintId}
            value={value.mandate}
            onChange={(e) => onChange({ mandate: e.target.value })}
            rows={3}
            maxLength={5000}
          />
        )}
      </Field>
      <div className="row">
        <DateField
          label={t('members.startDate')}
          describedBy={datesHint}
          value={value.startDate}
          max={value.endDate || undefined}
          onChange={(v) => onChange({ startDate: v })}
        />
        <DateField
          label={t('members.endDate')}
          describedBy={datesHint}
          value={value.endDate}
          min={value.startDate || undefined}
          onChange={(v) => onChange({ endDate: v })}
        />
      </div>
      <p className="hint member-dates-hint" id={datesHint}>
        {t('members.datesHint')}
      </p>
      <fieldset className="committee-fieldset">
        <legend>{t('members.consents')}</legend>
        <label className="committee-check">
          <input
            type="checkbox"
            checked={value.named}
            aria-describedby={namedHint}
            onChange={(e) => onChange({ named: e.target.checked })}
          />
          <span>{t('members.consentNamed')}</span>
        </label>
        <p className="hint committee-check-hint" id={namedHint}>
          {t('members.consentNamedHint')}
        </p>
        <label className="committee-check">
          <input
            type="checkbox"
            checked={value.contact}
            onChange={(e) => onChange({ contact: e.target.checked })}
          />
          <span>{t('members.consentContact')}</span>
        </label>
      </fieldset>
    </>
  );
}
