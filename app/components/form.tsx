import { useEffect, useRef, type ReactNode } from "react";

type Errors = Record<string, string> | undefined;

/** GOV.UK error summary: first on the page, focused, each message linking to its field. */
export function ErrorSummary({ errors, order }: { errors: Errors; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [errors]);
  if (!errors || Object.keys(errors).length === 0) return null;
  const keys = order ? [...order.filter((k) => errors[k]), ...Object.keys(errors).filter((k) => !order.includes(k))] : Object.keys(errors);
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1} role="alert">
      <h2 className="govuk-error-summary__title">There is a problem</h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {keys.map((k) => (
            <li key={k}>
              <a href={`#${k === "form" ? "main-content" : k}`}>{errors[k]}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function describedBy(name: string, hint?: ReactNode, error?: string) {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldFrame({ name, label, hint, error, children, isPageHeading }: { name: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; isPageHeading?: boolean }) {
  const labelEl = (
    <label className={`govuk-label${isPageHeading ? " govuk-label--l" : ""}`} htmlFor={name}>
      {label}
    </label>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {isPageHeading ? <h1 className="govuk-label-wrapper">{labelEl}</h1> : labelEl}
      {hint ? (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

type InputProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: Errors;
  defaultValue?: string;
  type?: "text" | "email" | "password" | "search";
  autoComplete?: string;
  width?: "10" | "20" | "30" | "full";
  inputMode?: "numeric" | "text";
  spellCheck?: boolean;
  maxLength?: number;
};

export function TextInput({ name, label, hint, errors, defaultValue, type = "text", autoComplete, width, inputMode, spellCheck, maxLength }: InputProps) {
  const error = errors?.[name];
  const widthClass = width ? (width === "full" ? " govuk-!-width-full" : ` govuk-input--width-${width}`) : "";
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <input
        className={`govuk-input${error ? " govuk-input--error" : ""}${widthClass}`}
        id={name}
        name={name}
        type={type}
        defaultValue={type === "password" ? undefined : defaultValue}
        autoComplete={autoComplete}
        aria-describedby={describedBy(name, hint, error)}
        inputMode={inputMode}
        spellCheck={spellCheck}
        maxLength={maxLength}
      />
    </FieldFrame>
  );
}

export function TextArea({ name, label, hint, errors, defaultValue, rows = 5 }: Omit<InputProps, "type"> & { rows?: number }) {
  const error = errors?.[name];
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldFrame>
  );
}

export type Option = { value: string; label: string };

export function Select({ name, label, hint, errors, defaultValue, options, groups }: Omit<InputProps, "type"> & { options?: Option[]; groups?: { label: string; options: Option[] }[] }) {
  const error = errors?.[name];
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={name} name={name} defaultValue={defaultValue} aria-describedby={describedBy(name, hint, error)}>
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A fieldset of radios; the first radio carries the field's id so the error summary can link to it. */
export function Radios({ name, legend, hint, errors, defaultValue, options, inline }: { name: string; legend: ReactNode; hint?: ReactNode; errors?: Errors; defaultValue?: string; options: Option[]; inline?: boolean }) {
  const error = errors?.[name];
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className={`govuk-radios govuk-radios--small${inline ? " govuk-radios--inline" : ""}`} data-module="govuk-radios">
          {options.map((o, i) => (
            <div className="govuk-radios__item" key={o.value}>
              <input className="govuk-radios__input" id={i === 0 ? name : `${name}-${o.value}`} name={name} type="radio" value={o.value} defaultChecked={defaultValue === o.value} />
              <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? name : `${name}-${o.value}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox({ name, label, errors, defaultChecked, value = "yes" }: { name: string; label: ReactNode; errors?: Errors; defaultChecked?: boolean; value?: string }) {
  const error = errors?.[name];
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {error ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input className="govuk-checkboxes__input" id={name} name={name} type="checkbox" value={value} defaultChecked={defaultChecked} aria-describedby={error ? `${name}-error` : undefined} />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={name}>
            {label}
          </label>
        </div>
      </div>
    </div>
  );
}

export function Notice({ children, title = "Important" }: { children: ReactNode; title?: string }) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="notice-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="success-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="success-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

/** A fieldset of checkboxes sharing one name; the first carries the field's id for the error summary. */
export function CheckboxGroup({ name, legend, hint, errors, checked, options }: { name: string; legend: ReactNode; hint?: ReactNode; errors?: Errors; checked: string[]; options: Option[] }) {
  const error = errors?.[name];
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {options.map((o, i) => (
            <div className="govuk-checkboxes__item" key={o.value}>
              <input className="govuk-checkboxes__input" id={i === 0 ? name : `${name}-${o.value}`} name={name} type="checkbox" value={o.value} defaultChecked={checked.includes(o.value)} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={i === 0 ? name : `${name}-${o.value}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
