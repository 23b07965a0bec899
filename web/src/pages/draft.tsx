import { useState } from 'preact/hooks';
import { api, unwrap, type Problem, type Schemas } from '../api/client';
import type { Me } from '../app';
import { ProblemView } from '../components/problem-view';
import { asProblem, useAgencies, useLoad } from '../data';
import { label, language, useMessages } from '../i18n/i18n';
import { navigate } from '../router';

type Draft = Schemas['DraftAgreementDto'];
type Party = Schemas['PartyDto'];
const ROLES: Party['role'][] = ['PIHAK_KESATU', 'PIHAK_KEDUA', 'PIHAK_KETIGA', 'PIHAK_KEEMPAT', 'PIHAK_KELIMA'];
const REPORTING = [3, 6, 12] as const;

/** Drafting a new MoU or PKS: the caller's agency is one of the parties (the API checks every rule). */
export function DraftPage({ me }: { me: Me }) {
  const t = useMessages();
  const agencies = useAgencies();
  const mous = useLoad(() => unwrap(api.GET('/agreements/parent-candidates')), []);
  const [kind, setKind] = useState<Draft['kind']>('NOTA_KESEPAHAMAN');
  const [title, setTitle] = useState('');
  const [purpose, setPurpose] = useState('');
  const [parentId, setParentId] = useState('');
  const [parties, setParties] = useState<Party[]>([
    { agencyId: me.agencyId, name: '', role: 'PIHAK_KESATU' },
    { agencyId: '', name: '', role: 'PIHAK_KEDUA' },
  ]);
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [noticePeriodDays, setNotice] = useState('');
  const [reporting, setReporting] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  const setParty = (index: number, change: Partial<Party>) =>
    setParties(parties.map((party, i) => (i === index ? { ...party, ...change } : party)));
  const chooseAgency = (index: number, agencyId: string) => {
    const party = parties[index]!;
    const name = agencies.get(agencyId)?.name;
    setParty(index, { agencyId, ...(name && (party.name === '' || party.name === agencies.get(party.agencyId)?.name) ? { name } : {}) });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const body: Draft = {
      kind,
      title: title.trim(),
      ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      ...(kind === 'PERJANJIAN_KERJA_SAMA' && parentId ? { parentId } : {}),
      parties: parties.map((party) => ({ ...party, name: party.name.trim() })),
      term: {
        startDate,
        endDate,
        ...(noticePeriodDays ? { noticePeriodDays: Number(noticePeriodDays) } : {}),
        ...(reporting ? { reportingPeriodMonths: Number(reporting) as 3 | 6 | 12 } : {}),
      },
    };
    try {
      const created = await unwrap(api.POST('/agreements', { body }));
      navigate(`/perjanjian/${created.id}`, { minPosition: created.position });
    } catch (error) {
      setProblem(asProblem(error));
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t.draft.title}</h1>
      <form class="form" onSubmit={(event) => void submit(event)}>
        <fieldset>
          <legend>{t.draft.kind}</legend>
          {(['NOTA_KESEPAHAMAN', 'PERJANJIAN_KERJA_SAMA'] as const).map((value) => (
            <label key={value} class="inline">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />{' '}
              {label(t.kinds, value)}
            </label>
          ))}
        </fieldset>
        {kind === 'PERJANJIAN_KERJA_SAMA' && (
          <label>
            {t.draft.parent}
            <select
              name="parentId"
              required
              value={parentId}
              onChange={(event) => setParentId(event.currentTarget.value)}
              aria-describedby="parent-help"
            >
              <option value="">{t.draft.parentNone}</option>
              {(mous.data ?? []).map((mou) => (
                <option key={mou.id} value={mou.id}>
                  {mou.title}
                </option>
              ))}
            </select>
            <span id="parent-help" class="help">
              {t.draft.parentHelp}
            </span>
          </label>
        )}
        <label>
          {t.draft.titleField}
          <input name="title" required maxLength={500} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        </label>
        <label>
          {t.draft.purpose} <span class="help">{t.action.optional}</span>
          <textarea name="purpose" rows={3} maxLength={4000} value={purpose} onInput={(event) => setPurpose(event.currentTarget.value)} />
        </label>
        <datalist id="agency-ids">
          {[...agencies.values()].map((agency) => (
            <option key={agency.id} value={agency.id}>
              {agency.name}
            </option>
          ))}
        </datalist>
        <fieldset>
          <legend>{t.draft.parties}</legend>
          {parties.map((party, index) => (
            <div class="party-row" key={index} data-testid={`party-${index}`}>
              <label>
                {t.draft.partyAgency}
                {/* Free text with the directory's agencies as suggestions: an agency not (yet) in the directory can be named too. */}
                <input
                  name={`party-${index}-agency`}
                  list="agency-ids"
                  required
                  maxLength={64}
                  autocomplete="off"
                  value={party.agencyId}
                  onInput={(event) => chooseAgency(index, event.currentTarget.value.trim())}
                  aria-describedby={`party-${index}-agency-name`}
                />
                <span id={`party-${index}-agency-name`} class="help">
                  {agencies.get(party.agencyId)?.name ?? ''}
                </span>
              </label>
              <label>
                {t.draft.partyName}
                <input
                  name={`party-${index}-name`}
                  required
                  maxLength={300}
                  value={party.name}
                  onInput={(event) => setParty(index, { name: event.currentTarget.value })}
                />
              </label>
              <label>
                {t.draft.partyRole}
                <select
                  name={`party-${index}-role`}
                  value={party.role}
                  onChange={(event) => setParty(index, { role: event.currentTarget.value as Party['role'] })}
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {label(t.partyRoles, role)}
                    </option>
                  ))}
                </select>
              </label>
              <label class="inline">
                <input
                  type="checkbox"
                  checked={party.dprdApprovalRequired === true}
                  onChange={(event) => setParty(index, { dprdApprovalRequired: event.currentTarget.checked || undefined })}
                />{' '}
                {t.draft.dprd}
              </label>
              {parties.length > 2 && (
                <button type="button" onClick={() => setParties(parties.filter((_, i) => i !== index))}>
                  {t.draft.removeParty}
                </button>
              )}
            </div>
          ))}
          {parties.length < ROLES.length && (
            <button type="button" onClick={() => setParties([...parties, { agencyId: '', name: '', role: ROLES[parties.length]! }])}>
              {t.draft.addParty}
            </button>
          )}
        </fieldset>
        <fieldset class="term">
          <legend>{t.detail.term}</legend>
          <label>
            {t.draft.startDate}
            <input type="date" name="startDate" required value={startDate} onInput={(event) => setStartDate(event.currentTarget.value)} />
          </label>
          <label>
            {t.draft.endDate}
            <input type="date" name="endDate" required value={endDate} onInput={(event) => setEndDate(event.currentTarget.value)} />
          </label>
          <label>
            {t.draft.noticePeriod} <span class="help">{t.action.optional}</span>
            <input
              type="number"
              name="noticePeriodDays"
              min={0}
              step={1}
              value={noticePeriodDays}
              onInput={(event) => setNotice(event.currentTarget.value)}
            />
          </label>
          <label>
            {t.draft.reportingPeriod}
            <select name="reportingPeriodMonths" value={reporting} onChange={(event) => setReporting(event.currentTarget.value)}>
              <option value="">{t.draft.reportingNone}</option>
              {REPORTING.map((months) => (
                <option key={months} value={String(months)}>
                  {months} {language() === 'id' ? 'bulan' : 'months'}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        {problem && <ProblemView problem={problem} />}
        <button type="submit" class="primary" disabled={busy}>
          {t.draft.submit}
        </button>
      </form>
    </main>
  );
}
