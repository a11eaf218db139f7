import { parseDate, parseDateTime, type CalendarDate, type CalendarDateTime } from '@internationalized/date';
import {
  DateField as AriaDateField,
  DateInput,
  DateSegment,
  FieldError,
  I18nProvider,
  Label,
  Text,
} from 'react-aria-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../decisions-state';
import { localeOf } from '../i18n';

/** A calendar day (YYYY-MM-DD) as a date value, or null when empty or not a day. */
function toDate(iso: string | undefined): CalendarDate | null {
  if (!iso) return null;
  try {
    return parseDate(iso);
  } catch {
    return null;
  }
}

/** A local day and time (YYYY-MM-DDTHH:mm) as a date-time value, or null when empty or not one. */
function toDateTime(iso: string): CalendarDateTime | null {
  if (!iso) return null;
  try {
    return parseDateTime(iso);
  } catch {
    return null;
  }
}

/**
 * A labelled calendar day, typed segment by segment (arrows change a segment, digits type it) in
 * the order and with the placeholders of the app's language (fr-CA: aaaa-mm-jj; en-CA:
 * yyyy-mm-dd), whatever the browser's own language. The value stays an ISO day (YYYY-MM-DD) or ''.
 * With `withTime`, a day and a local time to the minute (YYYY-MM-DDTHH:mm, as
 * `<input type="datetime-local">` gives it), the time in the language's own way (fr-CA: 18 h 00;
 * en-CA: 6:00 p.m.).
 */
export function DateField(props: {
  withTime?: boolean;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  /** Ids of other elements that describe the field (a hint shared by several fields). */
  describedBy?: string;
  min?: string;
  max?: string;
  required?: boolean;
}) {
  const { t, i18n } = useTranslation();
  // What the person typed stays shown even when the screen does not take it (a period that ends
  // before it starts is refused, and said, by the screen); a new value from the screen replaces it.
  const parse = (iso: string) => (props.withTime ? toDateTime(iso) : toDate(iso));
  const [shown, setShown] = useState(() => parse(props.value));
  const [given, setGiven] = useState(props.value);
  if (props.value !== given) {
    setGiven(props.value);
    setShown(parse(props.value));
  }
  const min = props.withTime ? null : toDate(props.min);
  const max = props.withTime ? null : toDate(props.max);
  const validate = (value: CalendarDate | CalendarDateTime | null): string | null => {
    if (!value) return null;
    if (min && value.compare(min) < 0)
      return t('dates.tooEarly', { date: formatDay(props.min!, i18n.language) });
    if (max && value.compare(max) > 0)
      return t('dates.tooLate', { date: formatDay(props.max!, i18n.language) });
    return null;
  };
  return (
    <I18nProvider locale={localeOf(i18n.language)}>
      <AriaDateField
        className="field date-field"
        value={shown}
        granularity={props.withTime ? 'minute' : 'day'}
        onChange={(d) => {
          setShown(d);
          // A date-time's text ends with seconds (…T18:00:00): the value keeps the minutes.
          props.onChange(d ? d.toString().slice(0, props.withTime ? 16 : 10) : '');
        }}
        minValue={min ?? undefined}
        maxValue={max ?? undefined}
        isRequired={props.required}
        validate={validate}
        aria-describedby={props.describedBy}
      >
        <Label>{props.label}</Label>
        <DateInput className="date-input">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
        {props.hint && (
          <Text slot="description" className="hint">
            {props.hint}
          </Text>
        )}
        <div role="alert" className="date-field-alert">
          <FieldError className="error">
            {/* The browser's own "fill out this field" is in its language, not the app's. */}
            {({ validationDetails, validationErrors }) =>
              validationDetails.valueMissing ? t('dates.required') : validationErrors.join(' ')
            }
          </FieldError>
        </div>
      </AriaDateField>
    </I18nProvider>
  );
}
