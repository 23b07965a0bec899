import type { EmailReason } from './notification-intents';

/**
 * The emails officials receive, in Bahasa Indonesia: the language of the officials who keep these
 * agreements. Plain text, one subject line, no markup: what any mail client shows as written.
 */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
}

/** The steps as officials call them (the web app uses the same words). */
export const ACTION_LABELS_ID: Readonly<Record<string, string>> = {
  'attach-document': 'Lampirkan dokumen',
  'submit-for-review': 'Ajukan untuk ditinjau',
  'approve-review': 'Setujui tinjauan',
  'request-changes': 'Minta perubahan',
  'record-dprd-approval': 'Catat persetujuan DPRD',
  'open-signing': 'Buka penandatanganan',
  sign: 'Tanda tangani',
  activate: 'Berlakukan',
  'assign-registry-number': 'Catat nomor register',
  'propose-locations': 'Usulkan lokasi',
  'confirm-locations': 'Konfirmasi lokasi',
  'propose-amendment': 'Usulkan adendum',
  renew: 'Perpanjang',
  'give-termination-notice': 'Beri pemberitahuan pengakhiran',
  terminate: 'Akhiri',
  expire: 'Catat berakhirnya jangka waktu',
  withdraw: 'Tarik draf',
  archive: 'Arsipkan',
  'file-report': 'Sampaikan laporan pelaksanaan',
  'migrate-workflow': 'Pindahkan ke alur kerja terbaru',
};

const KIND_ID: Readonly<Record<string, string>> = { NOTA_KESEPAHAMAN: 'Nota Kesepahaman', PERJANJIAN_KERJA_SAMA: 'Perjanjian Kerja Sama' };
const DEADLINE_ID: Readonly<Record<string, string>> = {
  notice: 'batas waktu perpanjangan dan pemberitahuan pengakhiran',
  expiry: 'berakhirnya jangka waktu',
};
const STEP_ID: Readonly<Record<string, string>> = { review: 'peninjauan', signing: 'penandatanganan' };

/** "10 Maret 2025" from `2025-03-10`: dates as Indonesian letters write them. */
const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
export function dateId(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS_ID[month - 1] ?? '?'} ${year}`;
}

export interface EmailInput {
  readonly reason: EmailReason;
  readonly recipientName: string;
  readonly agreement: { readonly id: string; readonly title: string; readonly kind?: string };
  /** The names of the steps awaited at the recipient's agency (`sign`, `renew`). */
  readonly actions: readonly string[];
  readonly event: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
  /** The event's history line in Bahasa Indonesia ("Biro Hukum (LEGAL_REVIEWER) memberikan ..."). */
  readonly summary: string;
  /** Where the agreement opens in the web app, when the deployment names its address. */
  readonly link?: string;
}

/** The email for one recipient about one event. */
export function emailText(input: EmailInput): EmailContent {
  const { agreement, event } = input;
  const kind = KIND_ID[agreement.kind ?? ''] ?? 'Kesepakatan';
  const named = `${kind} "${agreement.title}"`;
  const steps = input.actions.map((action) => `- ${ACTION_LABELS_ID[action] ?? action}`);
  let subject: string;
  let opening: string;
  if (input.reason === 'reminder') {
    const deadline = DEADLINE_ID[String(event.data.deadline)] ?? 'tenggat';
    const daysLeft = Number(event.data.daysLeft);
    subject = `[sepakat] Pengingat: ${deadline} ${agreement.title} dalam ${daysLeft} hari`;
    opening = `Tenggat ${deadline} ${named} jatuh pada ${dateId(String(event.data.dueDate))}, ${daysLeft} hari lagi.`;
  } else if (input.reason === 'overdue') {
    const step = STEP_ID[String(event.data.step)] ?? 'langkah';
    subject = `[sepakat] Terlambat: ${step} ${agreement.title}`;
    opening = `Tahap ${step} ${named} telah menunggu ${Number(event.data.daysWaiting)} hari sejak ${dateId(String(event.data.since))} dan kini terlambat.`;
  } else {
    subject = `[sepakat] Menunggu tindakan Anda: ${agreement.title}`;
    opening = `${named} menunggu langkah Anda.`;
  }
  const lines = [
    `Yth. ${input.recipientName},`,
    '',
    opening,
    '',
    `Peristiwa terakhir: ${input.summary}`,
    ...(steps.length > 0 ? ['', 'Langkah yang menunggu instansi Anda:', ...steps] : []),
    '',
    input.link ? `Buka kesepakatan: ${input.link}` : `Nomor kesepakatan di sepakat: ${agreement.id}`,
    '',
    'Surel ini dikirim otomatis oleh sepakat karena alamat Anda didaftarkan oleh koordinator instansi Anda.',
    'Jangan membalas surel ini.',
  ];
  return { subject, text: lines.join('\n') };
}
