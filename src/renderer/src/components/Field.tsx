import { useId, type ReactNode } from 'react';

/** A labelled form control; `children` receives the id to put on the control. */
export function Field(props: {
  label: string;
  hint?: string;
  children: (id: string, hintId?: string) => ReactNode;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, hintId)}
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function ErrorMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

/**
 * A labelled choice among a fixed list of the domain's values, each shown with its translated
 * label; `emptyLabel` adds a first "any/none" choice whose value is ''.
 */
export function ChoiceField<T extends string>(props: {
  label: string;
  value: T | '';
  options: readonly T[];
  optionLabel: (value: T) => string;
  onChange: (value: T | '') => void;
  emptyLabel?: string;
}) {
  return (
    <Field label={props.label}>
      {(id) => (
        <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as T | '')}>
          {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
          {props.options.map((o) => (
            <option key={o} value={o}>
              {props.optionLabel(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
