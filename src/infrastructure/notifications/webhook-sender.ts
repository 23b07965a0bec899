import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { WebhookUrlPolicy } from './webhook-url-policy';

/** What a receiver answered, or why no answer came. */
export type SendResult =
  { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status: number | null; readonly error: string };

/** Redirects followed (307 and 308 only: they keep the method and the body), each checked like the webhook's own URL. */
const MAX_REDIRECTS = 3;
/** Bytes of a receiver's answer read (to say what went wrong); the rest is discarded. */
const MAX_ANSWER_BYTES = 1024;

/**
 * The signature of a webhook delivery: HMAC-SHA256, keyed with the webhook's secret, over
 * `<timestamp>.<body>` (the timestamp as sent in `Sepakat-Timestamp`, Unix seconds), in hex.
 * Receivers compute the same and compare in constant time, and refuse a timestamp more than a few
 * minutes old (README, "Webhooks").
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookSenderOptions {
  /** How long one attempt may take, connection to last byte of the answer (`WEBHOOK_TIMEOUT_MS`). */
  readonly timeoutMs: number;
  /**
   * Connections per receiver host and port: as many as attempts may be in flight at once
   * (`NOTIFICATION_CONCURRENCY`), so that no attempt waits for a connection, its time running,
   * behind another webhook's on the same host.
   */
  readonly socketsPerHost?: number;
}

/**
 * POSTs webhook deliveries: signed, over keep-alive connections, each attempt bounded in time and
 * in what it reads back, every connection's addresses checked by the URL policy.
 */
export class WebhookSender {
  private readonly agents: { readonly http: http.Agent; readonly https: https.Agent };

  constructor(
    private readonly policy: WebhookUrlPolicy,
    private readonly options: WebhookSenderOptions,
  ) {
    const common = { keepAlive: true, maxSockets: options.socketsPerHost ?? 64, lookup: policy.lookup };
    this.agents = { http: new http.Agent(common), https: new https.Agent(common) };
  }

  /**
   * One attempt: the POST, and the redirects it is sent on, within `timeoutMs` in all (or until
   * `signal` aborts it, at shutdown).
   */
  async send(
    url: string,
    secret: string,
    delivery: { readonly id: string; readonly eventType: string; readonly body: string },
    now: Date = new Date(),
    signal?: AbortSignal,
  ): Promise<SendResult> {
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'sepakat-webhooks/1',
      'sepakat-delivery': delivery.id,
      'sepakat-event': delivery.eventType,
      'sepakat-timestamp': String(timestamp),
      'sepakat-signature': `v1=${webhookSignature(secret, timestamp, delivery.body)}`,
    };
    const deadline = Date.now() + this.options.timeoutMs;
    let target = url;
    for (let redirects = 0; ; redirects += 1) {
      let parsed: URL;
      try {
        parsed = this.policy.parse(target);
      } catch (error) {
        return { ok: false, status: null, error: `${redirects === 0 ? 'refused' : 'redirect refused'}: ${(error as Error).message}` };
      }
      const answer = await this.post(parsed, headers, delivery.body, deadline, signal);
      if (!answer.ok && answer.status !== null && (answer.status === 307 || answer.status === 308) && answer.location) {
        if (redirects >= MAX_REDIRECTS) return { ok: false, status: answer.status, error: `more than ${MAX_REDIRECTS} redirects` };
        target = new URL(answer.location, parsed).toString();
        continue;
      }
      return answer.ok ? { ok: true, status: answer.status } : { ok: false, status: answer.status, error: answer.error };
    }
  }

  private post(
    url: URL,
    headers: Record<string, string>,
    body: string,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<SendResult & { readonly location?: string }> {
    return new Promise((resolve) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        agent: secure ? this.agents.https : this.agents.http,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      let settled = false;
      const finish = (result: SendResult & { readonly location?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', abandon);
        resolve(result);
      };
      const timer = setTimeout(
        () => {
          finish({ ok: false, status: null, error: `no answer within ${this.options.timeoutMs} ms` });
          request.destroy();
        },
        Math.max(0, deadline - Date.now()),
      );
      const abandon = () => {
        finish({ ok: false, status: null, error: 'abandoned at shutdown; sent again after the restart' });
        request.destroy();
      };
      if (signal?.aborted) return abandon();
      signal?.addEventListener('abort', abandon);
      request.on('error', (error) => finish({ ok: false, status: null, error: error.message }));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const location = typeof response.headers.location === 'string' ? response.headers.location : undefined;
        const chunks: Buffer[] = [];
        let read = 0;
        const answered = () => {
          if (status >= 200 && status < 300) return finish({ ok: true, status });
          const said = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
          finish({ ok: false, status, error: `HTTP ${status}${said ? `: ${said}` : ''}`, ...(location === undefined ? {} : { location }) });
        };
        response.on('data', (chunk: Buffer) => {
          if (read < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - read));
          read += chunk.length;
          // Enough to say what it answered: the rest is not read (the connection is closed rather than drained).
          if (read >= MAX_ANSWER_BYTES) {
            answered();
            response.destroy();
          }
        });
        response.on('error', (error) => finish({ ok: false, status, error: error.message }));
        response.on('end', answered);
      });
      request.end(body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
