import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { summarizeEvent } from '../../application/audit/event-summary';
import type { JsonObject } from '../../application/event-store/json';
import type { Party } from '../../domain/agreements/agreement-events';
import { emailText, type EmailContent } from '../../domain/notifications/email-text';
import type { EmailReason } from '../../domain/notifications/notification-intents';
import type { SendResult } from './webhook-sender';

/** What the outbox keeps for an email: what it is written from (see the notifications projection). */
interface EmailPayload {
  readonly reason: EmailReason;
  readonly agreement: { readonly id: string; readonly title: string; readonly kind: string | null };
  readonly actions: readonly string[];
  readonly parties: readonly Party[];
  readonly event: { readonly id: string; readonly type: string; readonly data: JsonObject; readonly metadata: JsonObject };
}

export interface EmailSenderOptions {
  /** `SMTP_URL`: `smtp://user:pass@host:587`, `smtps://host:465`. */
  readonly url: string;
  /** `EMAIL_FROM`: the sender as recipients see it. */
  readonly from: string;
  /** `PUBLIC_URL`: where the web app is, for the link to the agreement. */
  readonly publicUrl?: string;
  readonly timeoutMs: number;
}

/** The email one outbox row asks for, to one official. */
export function renderEmail(payload: string, recipientName: string, publicUrl: string | undefined): EmailContent {
  const email = JSON.parse(payload) as EmailPayload;
  return emailText({
    reason: email.reason,
    recipientName,
    agreement: { id: email.agreement.id, title: email.agreement.title, ...(email.agreement.kind ? { kind: email.agreement.kind } : {}) },
    actions: email.actions,
    event: { type: email.event.type, data: email.event.data },
    summary: summarizeEvent(email.event, email.parties, 'id'),
    ...(publicUrl ? { link: `${publicUrl.replace(/\/+$/, '')}/#/perjanjian/${email.agreement.id}` } : {}),
  });
}

/** Sends the emails of the outbox through one SMTP server (pooled connections). */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: EmailSenderOptions) {
    // The URL and the pool's settings together (a second argument would be defaults of the messages, not of the transport).
    this.transport = nodemailer.createTransport({
      url: options.url,
      pool: true,
      maxConnections: 4,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    } satisfies SMTPPool.Options);
  }

  async send(address: string, name: string, payload: string, deliveryId: string): Promise<SendResult & { readonly permanent?: boolean }> {
    try {
      const { subject, text } = renderEmail(payload, name, this.options.publicUrl);
      await this.transport.sendMail({
        from: this.options.from,
        to: { name, address },
        subject,
        text,
        headers: { 'X-Sepakat-Delivery': deliveryId },
      });
      return { ok: true, status: 250 };
    } catch (error) {
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      // A 5xx reply to the recipient or the message is the server's final word on this message (an
      // unknown mailbox): retrying will not change it. One to the login or the connection (a wrong
      // password, a relay refusing service) is the deployment's to fix, and the email waits for it.
      const permanent = responseCode !== undefined && responseCode >= 500 && (code === 'EENVELOPE' || code === 'EMESSAGE');
      return { ok: false, status: responseCode ?? null, error: (error as Error).message, permanent };
    }
  }

  close(): void {
    this.transport.close();
  }
}
