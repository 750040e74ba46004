import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { z } from "zod";
import type { Problem } from "../model";

/** Problems shown under a field, announced to screen readers. */
export function FieldProblems({ id, problems, extra }: { id: string; problems: readonly Problem[]; extra?: string | null }) {
  if (problems.length === 0 && !extra) return null;
  return (
    <ul className="field__problems" id={id} role="alert">
      {extra && <li>{extra}</li>}
      {problems.map((p) => (
        <li key={`${p.code}:${p.path.join(".")}`}>{p.message}</li>
      ))}
    </ul>
  );
}

interface BaseProps {
  label: string;
  problems?: readonly Problem[];
  hint?: string;
}

function Field({ label, hint, children, htmlFor }: BaseProps & { children: ReactNode; htmlFor: string }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor} className="field__label">
        {label}
      </label>
      {children}
      {hint && <p className="field__hint">{hint}</p>}
    </div>
  );
}

/** A text input or textarea bound to a document string. */
export function TextField(
  props: BaseProps & { value: string; onChange: (v: string) => void; multiline?: boolean; placeholder?: string; rows?: number },
) {
  const id = useId();
  const problems = props.problems ?? [];
  const common = {
    id,
    value: props.value,
    placeholder: props.placeholder,
    "aria-invalid": problems.length > 0 || undefined,
    "aria-describedby": problems.length ? `${id}-p` : undefined,
    className: "field__input",
  };
  return (
    <Field {...props} htmlFor={id}>
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => props.onChange(e.target.value)} />
      )}
      <FieldProblems id={`${id}-p`} problems={problems} />
    </Field>
  );
}

/**
 * A value typed as text and checked by a zod schema before it reaches the document; invalid text stays
 * in the field with the schema's message, and the document keeps its last valid value.
 */
export function ParsedField<T>(
  props: BaseProps & {
    value: T | undefined;
    schema: z.ZodType<T | undefined>;
    format: (v: T | undefined) => string;
    parse: (text: string) => unknown;
    onChange: (v: T | undefined) => void;
    multiline?: boolean;
    placeholder?: string;
    inputMode?: "numeric" | "decimal" | "text";
  },
) {
  const id = useId();
  const { value, format } = props;
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const committed = useRef<T | undefined>(value);
  // Follow outside changes (undo, reload) but never reformat what the person is typing.
  useEffect(() => {
    if (value === committed.current) return;
    committed.current = value;
    setText(format(value));
    setError(null);
  }, [value, format]);
  const commit = (next: string) => {
    setText(next);
    let raw: unknown;
    try {
      raw = props.parse(next);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    const parsed = props.schema.safeParse(raw);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "invalid value");
      return;
    }
    setError(null);
    committed.current = parsed.data;
    props.onChange(parsed.data);
  };
  const problems = props.problems ?? [];
  const invalid = error !== null || problems.length > 0;
  const common = {
    id,
    value: text,
    placeholder: props.placeholder,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${id}-p` : undefined,
    className: "field__input",
  };
  return (
    <Field {...props} htmlFor={id}>
      {props.multiline ? (
        <textarea
          {...common}
          rows={5}
          spellCheck={false}
          onChange={(e) => commit(e.target.value)}
          className="field__input field__input--code"
        />
      ) : (
        <input {...common} type="text" inputMode={props.inputMode} onChange={(e) => commit(e.target.value)} />
      )}
      <FieldProblems id={`${id}-p`} problems={problems} extra={error} />
    </Field>
  );
}

/** Parses a number field: empty means "not set". */
export const parseNumber = (text: string): unknown => (text.trim() === "" ? undefined : Number(text.trim()));
/** Formats an optional number for a text input. */
export const formatNumber = (v: number | undefined): string => (v === undefined ? "" : String(v));
/** Parses a JSON object field: empty means "not set". */
export const parseJson = (text: string): unknown => {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
};
/** Formats an optional JSON value for a textarea. */
export const formatJson = (v: unknown): string => (v === undefined ? "" : JSON.stringify(v, null, 2));

/** A checkbox bound to a document boolean. */
export function CheckField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field field--check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field__hint">{hint}</p>}
    </div>
  );
}

/** A select bound to a document value; the empty option means "not set". */
export function SelectField(
  props: BaseProps & {
    value: string | undefined;
    options: { value: string; label: string }[];
    onChange: (v: string | undefined) => void;
    empty?: string;
  },
) {
  const id = useId();
  const problems = props.problems ?? [];
  return (
    <Field {...props} htmlFor={id}>
      <select
        id={id}
        className="field__input"
        value={props.value ?? ""}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={problems.length ? `${id}-p` : undefined}
        onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldProblems id={`${id}-p`} problems={problems} />
    </Field>
  );
}

/** A group of checkboxes choosing ids from a list. */
export function MultiCheck(props: {
  legend: string;
  options: { value: string; label: string }[];
  value: readonly string[];
  onChange: (v: string[]) => void;
  empty: string;
}) {
  return (
    <fieldset className="field field--multi">
      <legend className="field__label">{props.legend}</legend>
      {props.options.length === 0 && <p className="field__hint">{props.empty}</p>}
      {props.options.map((o) => (
        <CheckField
          key={o.value}
          label={o.label}
          checked={props.value.includes(o.value)}
          onChange={(on) => props.onChange(on ? [...props.value, o.value] : props.value.filter((v) => v !== o.value))}
        />
      ))}
    </fieldset>
  );
}
