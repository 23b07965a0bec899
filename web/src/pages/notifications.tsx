import { useState } from 'preact/hooks';
import { api, unwrap, type Problem, type Schemas } from '../api/client';
import type { Me } from '../app';
import { ProblemView } from '../components/problem-view';
import { ScrollTable } from '../components/scroll-table';
import { asProblem, useLoad } from '../data';
import { formatMoment } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { href } from '../router';

type Webhook = Schemas['WebhookViewDto'];
type Recipient = Schemas['EmailRecipientViewDto'];
type Delivery = Schemas['DeliveryViewDto'];
type Status = NonNullable<Delivery['status']>;

/** A text field of a submitted form ('' when absent). */
function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

const STATUSES: readonly Status[] = ['pending', 'delivered', 'dead', 'cancelled'];
/** The roles that take steps: an email recipient holds some of these at the agency. */
const ACTING_ROLES = ['DRAFTER', 'COORDINATOR', 'REVIEWER', 'LEGAL_REVIEWER', 'SIGNATORY', 'RECORDS_OFFICER', 'IMPLEMENTER'] as const;

/**
 * An agency's webhooks and email recipients, and every delivery to them: kept by the agency's
 * coordinators and administrators, read by auditors. The service decides who may do what; the page
 * offers the forms to those who manage and shows a refusal as the service words it.
 */
export function NotificationsPage({ me }: { me: Me }) {
  const t = useMessages();
  const manages = !me.roles.includes('AUDITOR') && (me.roles.includes('ADMIN') || me.roles.includes('COORDINATOR'));
  const seesAll = me.roles.includes('ADMIN') || me.roles.includes('AUDITOR');
  const [agencyId, setAgencyId] = useState(me.agencyId);
  const [typed, setTyped] = useState(me.agencyId);
  const [status, setStatus] = useState<Status | ''>('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [secret, setSecret] = useState<string | undefined>();
  const path = { agencyId };
  const webhooks = useLoad(() => unwrap(api.GET('/agencies/{agencyId}/webhooks', { params: { path } })), [agencyId]);
  const recipients = useLoad(() => unwrap(api.GET('/agencies/{agencyId}/email-recipients', { params: { path } })), [agencyId]);
  const deliveries = useLoad(
    () => unwrap(api.GET('/agencies/{agencyId}/deliveries', { params: { path, query: { limit: 50, ...(status ? { status } : {}) } } })),
    [agencyId, status],
  );

  /** Runs a change, shows its refusal if any, and reloads what it touched. */
  const change = async (run: () => Promise<unknown>, reload: Array<() => Promise<void>>) => {
    setProblem(undefined);
    try {
      await run();
      await Promise.all(reload.map((load) => load()));
      return true;
    } catch (error) {
      setProblem(asProblem(error));
      return false;
    }
  };

  const addWebhook = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const types = text(data, 'eventTypes')
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== '');
    const description = text(data, 'description').trim();
    setSecret(undefined);
    const ok = await change(async () => {
      const created = await unwrap(
        api.POST('/agencies/{agencyId}/webhooks', {
          params: { path },
          body: {
            url: text(data, 'url'),
            eventTypes: types.length > 0 ? types : ['*'],
            ...(description ? { description } : {}),
          },
        }),
      );
      setSecret(created.secret);
    }, [webhooks.reload]);
    if (ok) form.reset();
  };

  const addRecipient = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const ok = await change(
      () =>
        unwrap(
          api.POST('/agencies/{agencyId}/email-recipients', {
            params: { path },
            body: {
              address: text(data, 'address'),
              name: text(data, 'name'),
              roles: data.getAll('roles').filter((role): role is string => typeof role === 'string') as Recipient['roles'],
            },
          }),
        ),
      [recipients.reload],
    );
    if (ok) form.reset();
  };

  const remove = (kind: 'webhooks' | 'email-recipients', id: string) => {
    if (!window.confirm(t.notifications.removeConfirm)) return;
    void change(
      () =>
        kind === 'webhooks'
          ? unwrap(api.DELETE('/agencies/{agencyId}/webhooks/{id}', { params: { path: { agencyId, id } } }))
          : unwrap(api.DELETE('/agencies/{agencyId}/email-recipients/{id}', { params: { path: { agencyId, id } } })),
      [kind === 'webhooks' ? webhooks.reload : recipients.reload, deliveries.reload],
    );
  };

  const redeliver = (id: string) =>
    void change(
      () => unwrap(api.POST('/agencies/{agencyId}/deliveries/{id}/redeliver', { params: { path: { agencyId, id } } })),
      [deliveries.reload],
    );

  const loadProblem = webhooks.problem ?? recipients.problem ?? deliveries.problem;

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t.notifications.title(agencyId)}</h1>
      <p class="help">{t.notifications.intro}</p>
      {seesAll && (
        <form
          class="filters"
          onSubmit={(event) => {
            event.preventDefault();
            setSecret(undefined);
            setAgencyId(typed.trim());
          }}
        >
          <label>
            {t.notifications.agency}{' '}
            <input
              name="agency"
              value={typed}
              onInput={(event) => setTyped(event.currentTarget.value)}
              pattern="[a-z0-9][a-z0-9._-]{1,63}"
              required
            />
          </label>{' '}
          <button type="submit">{t.notifications.show}</button>
        </form>
      )}
      {!manages && <p class="sub">{t.notifications.readOnly}</p>}
      {problem && <ProblemView problem={problem} />}
      {loadProblem && <ProblemView problem={loadProblem} />}

      <section aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">{t.notifications.webhooks}</h2>
        {secret && (
          <div class="notice" role="status" data-testid="webhook-secret">
            <p>
              <strong>{t.notifications.secretTitle}:</strong> <code>{secret}</code>
            </p>
            <p class="sub">{t.notifications.secretHelp}</p>
          </div>
        )}
        {webhooks.data && webhooks.data.length === 0 && <p>{t.notifications.noWebhooks}</p>}
        {webhooks.data && webhooks.data.length > 0 && (
          <ScrollTable
            labelledBy="webhooks-title"
            headers={[
              t.notifications.url,
              t.notifications.eventTypes,
              t.notifications.description,
              ...(manages ? [t.notifications.remove] : []),
            ]}
          >
            {webhooks.data.map((webhook: Webhook) => (
              <tr key={webhook.id} data-testid="webhook-row">
                <td>
                  <code>{webhook.url}</code>
                </td>
                <td>{webhook.eventTypes.includes('*') ? t.notifications.allEvents : webhook.eventTypes.join(', ')}</td>
                <td>{webhook.description ?? ''}</td>
                {manages && (
                  <td>
                    <button type="button" onClick={() => remove('webhooks', webhook.id)}>
                      {t.notifications.remove}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </ScrollTable>
        )}
        {manages && (
          <form class="form" onSubmit={(event) => void addWebhook(event)} aria-label={t.notifications.addWebhook}>
            <label>
              {t.notifications.url}
              <input name="url" type="url" required maxLength={2048} placeholder="https://arsip.kemendesa.go.id/sepakat/webhook" />
            </label>
            <label>
              {t.notifications.eventTypes}
              <input name="eventTypes" aria-describedby="event-types-help" placeholder="DeadlineApproaching, Expired" />
            </label>
            <p id="event-types-help" class="sub">
              {t.notifications.eventTypesHelp}
            </p>
            <label>
              {t.notifications.description}
              <input name="description" maxLength={200} />
            </label>
            <button type="submit">{t.notifications.addWebhook}</button>
          </form>
        )}
      </section>

      <section aria-labelledby="recipients-title">
        <h2 id="recipients-title">{t.notifications.recipients}</h2>
        {recipients.data && recipients.data.length === 0 && <p>{t.notifications.noRecipients}</p>}
        {recipients.data && recipients.data.length > 0 && (
          <ScrollTable
            labelledBy="recipients-title"
            headers={[t.notifications.name, t.notifications.address, t.notifications.roles, ...(manages ? [t.notifications.remove] : [])]}
          >
            {recipients.data.map((recipient: Recipient) => (
              <tr key={recipient.id} data-testid="recipient-row">
                <td>{recipient.name}</td>
                <td>{recipient.address}</td>
                <td>{recipient.roles.map((role) => label(t.roles, role)).join(', ')}</td>
                {manages && (
                  <td>
                    <button type="button" onClick={() => remove('email-recipients', recipient.id)}>
                      {t.notifications.remove}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </ScrollTable>
        )}
        {manages && (
          <form class="form" onSubmit={(event) => void addRecipient(event)} aria-label={t.notifications.addRecipient}>
            <label>
              {t.notifications.address}
              <input name="address" type="email" required maxLength={254} />
            </label>
            <label>
              {t.notifications.name}
              <input name="name" required maxLength={300} />
            </label>
            <fieldset>
              <legend>{t.notifications.roles}</legend>
              {ACTING_ROLES.map((role) => (
                <label key={role} class="inline">
                  <input type="checkbox" name="roles" value={role} /> {label(t.roles, role)}
                </label>
              ))}
            </fieldset>
            <button type="submit">{t.notifications.addRecipient}</button>
          </form>
        )}
      </section>

      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t.notifications.deliveries}</h2>
        <form class="filters" onSubmit={(event) => event.preventDefault()}>
          <label>
            {t.notifications.status}{' '}
            <select value={status} onChange={(event) => setStatus(event.currentTarget.value as Status | '')}>
              <option value="">{t.notifications.allStatuses}</option>
              {STATUSES.map((value) => (
                <option key={value} value={value}>
                  {label(t.notifications.statuses, value)}
                </option>
              ))}
            </select>
          </label>
        </form>
        {deliveries.data && deliveries.data.length === 0 && <p>{t.notifications.noDeliveries}</p>}
        {deliveries.data && deliveries.data.length > 0 && (
          <ScrollTable
            labelledBy="deliveries-title"
            testId="deliveries"
            headers={[
              t.notifications.when,
              t.notifications.event,
              t.notifications.agreement,
              t.notifications.status,
              t.notifications.attempts,
              t.notifications.lastError,
            ]}
          >
            {deliveries.data.map((delivery: Delivery) => (
              <tr key={delivery.id} data-testid="delivery-row">
                <td>{formatMoment(delivery.createdAt)}</td>
                <td>
                  {label(t.notifications.channels, delivery.channel)} · <code>{delivery.eventType}</code>
                </td>
                <td>
                  <a href={href(`/perjanjian/${delivery.agreementId}`)}>{delivery.agreementId.slice(0, 8)}</a>
                </td>
                <td data-testid="delivery-status">
                  {label(t.notifications.statuses, delivery.status)}
                  {delivery.status === 'pending' && delivery.nextAttemptAt && delivery.attempts > 0 && (
                    <div class="sub">{t.notifications.nextAttempt(formatMoment(delivery.nextAttemptAt))}</div>
                  )}
                  {manages && delivery.status === 'dead' && (
                    <div>
                      <button type="button" onClick={() => redeliver(delivery.id)}>
                        {t.notifications.redeliver}
                      </button>
                    </div>
                  )}
                </td>
                <td>{delivery.attempts}</td>
                <td>{delivery.lastError ?? ''}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
      </section>
    </main>
  );
}
