//! Labelled form controls that show a hint and a field error, wired for assistive tech:
//! the label names the control, hint and error describe it, and `aria-invalid` marks it.
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

interface FieldFrameProps {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  /** The input path the server uses for this field (e.g. `invoiceAddress.city`). */
  readonly name: string;
  readonly className?: string;
}

function useFieldIds(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

function Frame({
  label,
  hint,
  error,
  name,
  className,
  ids,
  children,
}: FieldFrameProps & { readonly ids: ReturnType<typeof useFieldIds>; readonly children: ReactNode }) {
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].join(' ').trim()}>
      <label className="field__label" htmlFor={ids.id}>
        {label}
      </label>
      {children}
      {hint ? (
        <p className="field__hint" id={ids.hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={ids.errorId} data-testid={`field-error-${name}`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = FieldFrameProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'className'> & {
    readonly onValue?: (value: string) => void;
    /** The `<input>` itself, e.g. to move focus back to it after a failed attempt. */
    readonly inputRef?: Ref<HTMLInputElement>;
  };

export function TextField({ label, hint, error, name, className, onValue, onChange, inputRef, ...rest }: InputProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame label={label} hint={hint} error={error} name={name} className={className} ids={ids}>
      <input
        {...rest}
        ref={inputRef}
        id={ids.id}
        name={name}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        onChange={(e) => {
          onChange?.(e);
          onValue?.(e.target.value);
        }}
      />
    </Frame>
  );
}

type TextAreaProps = FieldFrameProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id' | 'className'> & {
    readonly onValue?: (value: string) => void;
  };

export function TextAreaField({ label, hint, error, name, className, onValue, onChange, ...rest }: TextAreaProps) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame label={label} hint={hint} error={error} name={name} className={className} ids={ids}>
      <textarea
        {...rest}
        id={ids.id}
        name={name}
        className="input textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        onChange={(e) => {
          onChange?.(e);
          onValue?.(e.target.value);
        }}
      />
    </Frame>
  );
}

type SelectProps<V extends string> = FieldFrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id' | 'className' | 'value'> & {
    readonly value: V;
    readonly options: readonly { readonly value: V; readonly label: string }[];
    readonly onValue: (value: V) => void;
  };

export function SelectField<V extends string>({
  label,
  hint,
  error,
  name,
  className,
  value,
  options,
  onValue,
  ...rest
}: SelectProps<V>) {
  const ids = useFieldIds(error, hint);
  return (
    <Frame label={label} hint={hint} error={error} name={name} className={className} ids={ids}>
      <select
        {...rest}
        id={ids.id}
        name={name}
        className="input select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next) onValue(next.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** An error for a whole group (e.g. an address sent as a unit). */
export function GroupError({ name, error }: { readonly name: string; readonly error?: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field__error" data-testid={`field-error-${name}`}>
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  );
}
