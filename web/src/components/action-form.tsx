import { useState } from 'preact/hooks';
import { api, unwrap, type Problem } from '../api/client';
import { asProblem } from '../data';
import { shortHash } from '../format';
import { label, useMessages } from '../i18n/i18n';
import type { ActionDescription, BodyFieldDescription } from '../workflows';
import { ProblemView } from './problem-view';

interface Location {
  province: string;
  regency: string;
  district: string;
  villages: string;
  area: string;
}

const EMPTY_LOCATION: Location = { province: '', regency: '', district: '', villages: '', area: '' };

export interface KnownDocument {
  readonly sha256: string;
  readonly name: string;
}

/** The SHA-256 of a file, computed here with WebCrypto: the file itself never leaves the browser. */
async function sha256Of(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A form for one action, built from the workflow version's description of its body. It sends the
 * revision the official saw when deciding as `If-Match`: when someone acted in between, the API
 * answers 412 and the page shows the agreement as it now stands.
 */
export function ActionForm(props: {
  agreementId: string;
  action: ActionDescription;
  decidedRevision: number;
  documents: readonly KnownDocument[];
  /** `position`: the command's event position, for reading its effect back. */
  onDone: (message: string, position: string) => void;
  onStale: () => void;
  onCancel: () => void;
}) {
  const { action, agreementId, decidedRevision, documents } = props;
  const t = useMessages();
  const fields = action.body.fields;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.filter((field) => field.kind === 'choice' && field.default).map((field) => [field.name, field.default!])),
  );
  const [locations, setLocations] = useState<Location[]>([{ ...EMPTY_LOCATION }]);
  const [hashing, setHashing] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues((previous) => ({ ...previous, [name]: value }));
  const title = label(t.actions, action.name);
  const idOf = (field: BodyFieldDescription) => `${action.name}-${field.name}`;

  const chooseFile = async (field: BodyFieldDescription, file: File | undefined) => {
    if (!file) return;
    setHashing(field.name);
    const hash = await sha256Of(file);
    setHashing(undefined);
    set(field.name, hash);
    // The file's name goes with its hash where the body has a name field left empty (attach-document).
    if (fields.some((other) => other.name === 'name' && other.kind === 'text') && !values.name) set('name', file.name);
  };

  const body = (): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const field of fields) {
      if (field.kind === 'locations') {
        result[field.name] = locations.map((location) => ({
          province: location.province.trim(),
          regency: location.regency.trim(),
          district: location.district.trim(),
          ...(location.villages.trim()
            ? {
                villages: location.villages
                  .split(',')
                  .map((village) => village.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(location.area.trim() ? { area: location.area.trim() } : {}),
        }));
        continue;
      }
      const value = values[field.name]?.trim() ? (field.multiline ? values[field.name]! : values[field.name]!.trim()) : '';
      if (value !== '' || !field.optional) result[field.name] = value;
    }
    return result;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await unwrap(
        api.POST('/agreements/{id}/actions/{action}', {
          params: { path: { id: agreementId, action: action.name }, header: { 'if-match': `"${decidedRevision}"` } as never },
          body: body() as never,
        }),
      );
      props.onDone(t.action.done(title), result.position);
    } catch (error) {
      const refused = asProblem(error);
      setProblem(refused);
      setBusy(false);
      if (refused.status === 412) props.onStale();
    }
  };

  return (
    <form
      class="form action-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${action.name}-title`}
      data-testid={`form-${action.name}`}
    >
      <h3 id={`${action.name}-title`}>{title}</h3>
      <p class="help">{t.actionHelp[action.name] ?? action.summary}</p>
      {fields.length === 0 && <p class="help">{t.action.noInput}</p>}
      {fields.map((field) => {
        const id = idOf(field);
        const caption = (
          <>
            {label(t.fields, field.name)} {field.optional && <span class="help">{t.action.optional}</span>}
          </>
        );
        if (field.kind === 'locations') {
          return (
            <fieldset key={field.name}>
              <legend>{caption}</legend>
              {locations.map((location, index) => (
                <div class="location-row" key={index}>
                  <span class="sub">{t.action.location(index + 1)}</span>
                  {(['province', 'regency', 'district', 'villages', 'area'] as const).map((part) => (
                    <label key={part}>
                      {t.action[part]}
                      <input
                        name={`${id}-${index}-${part}`}
                        required={part === 'province' || part === 'regency' || part === 'district'}
                        maxLength={part === 'villages' ? 2000 : 200}
                        value={location[part]}
                        onInput={(event) =>
                          setLocations(locations.map((item, i) => (i === index ? { ...item, [part]: event.currentTarget.value } : item)))
                        }
                      />
                    </label>
                  ))}
                  {locations.length > 1 && (
                    <button type="button" onClick={() => setLocations(locations.filter((_, i) => i !== index))}>
                      {t.common.remove}
                    </button>
                  )}
                </div>
              ))}
              <button type="button" onClick={() => setLocations([...locations, { ...EMPTY_LOCATION }])}>
                {t.action.addLocation}
              </button>
            </fieldset>
          );
        }
        if (field.kind === 'sha256') {
          return (
            <fieldset key={field.name}>
              <legend>{caption}</legend>
              {documents.length > 0 && field.name !== 'sha256' && (
                <label>
                  <span class="visually-hidden">{label(t.fields, field.name)}</span>
                  <select name={id} value={values[field.name] ?? ''} onChange={(event) => set(field.name, event.currentTarget.value)}>
                    <option value="">—</option>
                    {documents.map((document) => (
                      <option key={document.sha256} value={document.sha256}>
                        {document.name} · {shortHash(document.sha256)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                {t.action.file}
                <input
                  type="file"
                  name={`${id}-file`}
                  onChange={(event) => void chooseFile(field, event.currentTarget.files?.[0])}
                  aria-describedby={`${id}-help`}
                />
              </label>
              <p id={`${id}-help`} class="help">
                {t.action.fileHelp}
              </p>
              <output for={`${id}-file`} class="hash" data-testid={`${id}-hash`}>
                {hashing === field.name ? t.action.hashing : values[field.name] ? `SHA-256: ${values[field.name]}` : ''}
              </output>
            </fieldset>
          );
        }
        if (field.kind === 'choice') {
          return (
            <label key={field.name} for={id}>
              {caption}
              <select
                id={id}
                name={field.name}
                required={!field.optional}
                value={values[field.name] ?? ''}
                onChange={(event) => set(field.name, event.currentTarget.value)}
              >
                {(field.optional || !field.default) && <option value="">—</option>}
                {(field.values ?? []).map((value) => (
                  <option key={value} value={value}>
                    {label(t.values, value)}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        if (field.kind === 'date') {
          return (
            <label key={field.name} for={id}>
              {caption}
              <input
                id={id}
                type="date"
                name={field.name}
                required={!field.optional}
                value={values[field.name] ?? ''}
                onInput={(event) => set(field.name, event.currentTarget.value)}
              />
            </label>
          );
        }
        const common = {
          id,
          name: field.name,
          required: !field.optional,
          maxLength: field.maxLength ?? undefined,
          placeholder: field.example ?? undefined,
          value: values[field.name] ?? '',
          onInput: (event: Event) => set(field.name, (event.currentTarget as HTMLInputElement).value),
        };
        return (
          <label key={field.name} for={id}>
            {caption}
            {field.multiline ? <textarea rows={3} {...common} /> : <input {...common} />}
          </label>
        );
      })}
      {problem && <ProblemView problem={problem} />}
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy || hashing !== undefined}>
          {t.action.perform}: {title}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </form>
  );
}
