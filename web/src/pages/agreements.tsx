import { useCallback, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../api/client';
import { ProblemView } from '../components/problem-view';
import { useAgencies, useLoad } from '../data';
import { formatDate } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-changes';
import { href, navigate, useRoute } from '../router';
import { ScrollTable } from '../components/scroll-table';

const STATES = [
  'drafting',
  'inReview',
  'readyToSign',
  'signing',
  'executed',
  'active',
  'amending',
  'terminating',
  'terminated',
  'expired',
  'withdrawn',
  'archived',
];
const KINDS = ['NOTA_KESEPAHAMAN', 'PERJANJIAN_KERJA_SAMA'];
const FILTERS = ['state', 'kind', 'agencyId', 'parentId', 'q'] as const;
const PAGE = 25;

type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
type Page = Schemas['AgreementPageDto'];

/** The agreements the official's agency may see, filtered and paged by the API (the URL keeps the filters). */
export function AgreementsPage() {
  const t = useMessages();
  const route = useRoute();
  const agencies = useAgencies();
  const filters: Filters = Object.fromEntries(FILTERS.map((name) => [name, route.query.get(name) ?? undefined]));
  const after = route.query.get('after') ?? undefined;
  // The cursors of the pages before this one, so "previous" goes back without the API keeping state.
  const before = route.query.get('before')?.split(',').filter(Boolean) ?? [];
  const key = route.query.toString();

  const page = useLoad<Page>(
    () =>
      unwrap(
        api.GET('/agreements', {
          params: { query: { limit: PAGE, ...(after ? { after } : {}), ...definedFilters(filters) } },
        }),
      ),
    [key],
  );
  const mous = useLoad(() => unwrap(api.GET('/agreements', { params: { query: { kind: 'NOTA_KESEPAHAMAN', limit: 200 } } })), []);
  const reloadPage = page.reload;
  useLiveRefresh(useCallback(() => void reloadPage(), [reloadPage]));

  const [draft, setDraft] = useState<Filters>(filters);
  const apply = (event: Event) => {
    event.preventDefault();
    navigate('/perjanjian', draft);
  };
  const field = (name: keyof Filters) => ({
    value: draft[name] ?? '',
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value || undefined }),
  });

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t.list.title}</h1>
      <form class="filters" onSubmit={apply} role="search">
        <label>
          {t.list.state}
          <select name="state" {...field('state')}>
            <option value="">{t.common.all}</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {label(t.states, state)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.list.kind}
          <select name="kind" {...field('kind')}>
            <option value="">{t.common.all}</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {label(t.kinds, kind)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.list.agency}
          <select name="agencyId" {...field('agencyId')}>
            <option value="">{t.common.all}</option>
            {[...agencies.values()].map((agency) => (
              <option key={agency.id} value={agency.id}>
                {agency.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.list.parent}
          <select name="parentId" {...field('parentId')}>
            <option value="">{t.common.all}</option>
            {(mous.data?.items ?? []).map((mou) => (
              <option key={mou.id} value={mou.id}>
                {mou.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.list.q}
          <input type="search" name="q" maxLength={200} {...field('q')} />
        </label>
        <button type="submit">{t.list.apply}</button>
      </form>
      {page.problem && <ProblemView problem={page.problem} />}
      {!page.data && page.loading && <p role="status">{t.common.loading}</p>}
      {page.data && page.data.items.length === 0 && <p class="empty">{t.list.empty}</p>}
      {page.data && page.data.items.length > 0 && (
        <ScrollTable label={t.list.title} testId="agreements" headers={[t.draft.titleField, t.list.state, t.list.parties, t.list.term]}>
          {page.data.items.map((agreement) => (
            <tr key={agreement.id}>
              <td>
                <a href={href(`/perjanjian/${agreement.id}`)}>{agreement.title}</a>
                <div class="sub">{label(t.kinds, agreement.kind)}</div>
              </td>
              <td>{label(t.states, agreement.state)}</td>
              <td>{agreement.parties.map((party) => party.name).join('; ')}</td>
              <td>
                {formatDate(agreement.term.startDate)} – {formatDate(agreement.term.endDate)}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      <nav class="pager" aria-label={t.list.title}>
        {before.length > 0 && (
          <a
            href={href('/perjanjian', {
              ...filters,
              after: before.at(-1) === '-' ? undefined : before.at(-1),
              before: before.slice(0, -1).join(','),
            })}
          >
            {t.common.previous}
          </a>
        )}
        {page.data?.next && (
          <a href={href('/perjanjian', { ...filters, after: page.data.next, before: [...before, after ?? '-'].join(',') })}>
            {t.common.next}
          </a>
        )}
      </nav>
    </main>
  );
}

function definedFilters(filters: Filters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
