/**
 * What went wrong, said in the user's language. The API's errors carry a stable `code`, often a
 * more precise `reason` and its `params` (src/shared/api.ts); their `message` is English, for
 * developers, and is never shown. The words are in the catalogues: `errors.reasons.<reason>`,
 * else `errors.codes.<code>`.
 */
import i18next, { type TFunction } from 'i18next';
import { ApiError, type ErrorParams } from '../../shared/api';
import { formatInstant } from './instants';

/** Params that are domain values, shown with their translated label. */
function sayParams(t: TFunction, reason: string, params: ErrorParams = {}): ErrorParams {
  const out: ErrorParams = { ...params };
  if (typeof params.role === 'string') out.role = t(`role.${params.role}`);
  // When a questionnaire closed: a day and time in the reader's words.
  if (typeof params.closesAt === 'string')
    out.closesAt = formatInstant(params.closesAt, i18next.language, true);
  if (typeof params.status === 'string') {
    if (reason === 'minutes_status') out.status = t(`minutesStatus.status.${params.status}`);
    if (reason === 'decision_already') out.status = t(`decisions.statuses.${params.status}`);
  }
  return out;
}

/** `t`: the component's own, or the app's current language. */
export function describeError(err: unknown, t: TFunction = i18next.t): string {
  if (err instanceof ApiError) {
    // A field of a form: named in the reader's words when the catalogue knows it.
    const field = err.params?.field;
    if (
      err.reason === 'invalid_field' &&
      typeof field === 'string' &&
      t(`errors.fields.${field}`, { defaultValue: '' })
    )
      return t(err.params?.problem === 'required' ? 'errors.field.required' : 'errors.field.invalid', {
        field: t(`errors.fields.${field}`),
      });
    // The host's data folder could not do it (full disk, read-only…): say which, in plain words.
    if (err.storage) return t(`storage.problem.${err.storage}`);
    const key = err.reason && `errors.reasons.${err.reason}`;
    if (key && t(key, { defaultValue: '' }))
      return t(key, { ...sayParams(t, err.reason!, err.params), defaultValue: '' });
    return t(`errors.codes.${err.code}`);
  }
  // Not from the API: a fault in the app itself. Its message is not meant for users.
  console.error(err);
  return t('errors.codes.internal');
}
