import type { AgreementEvent, AgreementEventType, Location, SignatureDelegation, SigningCapacity } from '../../agreements/agreement-events';
import { addDays } from '../../agreements/calendar';
import { shortHash, type Language, type Summaries } from '../event-summaries';

type V1Event = Exclude<AgreementEventType, 'WorkflowMigrated' | 'DprdApprovalRecorded' | 'ImplementationReportFiled'>;
type PartySigned = Extract<AgreementEvent, { type: 'PartySigned' }>;

/** The words for a recorded delegation (version 2) in each language. */
const RECORDED_DELEGATION: { readonly [L in Language]: (delegation: SignatureDelegation) => string } = {
  id: (d) =>
    `berdasarkan pendelegasian ${d.referenceNumber} dari ${d.grantor.position} ${d.grantor.agencyId}, surat ${shortHash(d.letterSha256)}`,
  en: (d) =>
    `under delegation ${d.referenceNumber} from ${d.grantor.position} of ${d.grantor.agencyId}, letter ${shortHash(d.letterSha256)}`,
};

/** How a signature's delegation reads: the recorded one (version 2), or the reference given as it was given (version 1). */
function delegationOf(event: PartySigned, language: Language): string {
  if (event.delegation) return `, ${RECORDED_DELEGATION[language](event.delegation)}`;
  return event.delegationRef ? `, ${event.delegationRef}` : '';
}

/**
 * The capacity a signatory signed in, as a letter's signature block says it ("atas nama" is the
 * "a.n." above a signature). The English line shows the API's code, which is English already.
 */
const CAPACITY_IN_INDONESIAN: Readonly<Record<SigningCapacity, string>> = {
  ORIGINAL: 'dalam jabatannya sendiri',
  ON_BEHALF: 'atas nama',
  DELEGATED: 'didelegasikan',
};

/** The places of a set of locations as a reader names them: the area if given, else the district. */
function places(locations: readonly Location[]): string {
  return locations.map((l) => l.area ?? l.district).join(', ');
}

/**
 * One line a person can read for each event of version 1, in Bahasa Indonesia and in English, e.g.
 * "Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) memberikan persetujuan hukum atas sha256:ab12cd34…
 * untuk Pemerintah Kabupaten Barito Kuala" / "… gave legal clearance to sha256:ab12cd34… for …".
 * Dates stay as the event holds them (`YYYY-MM-DD`) in both.
 */
export const EVENT_SUMMARIES_V1: Summaries<V1Event> = {
  AgreementDrafted: {
    // "antara … dengan …", as a naskah kerja sama names its parties: their names often hold "dan".
    id: (event, { who }) =>
      `${who} menyusun draf "${event.title}" (${event.kind}) antara ${event.parties.map((p) => p.name).join(' dengan ')}, jangka waktu ${event.term.startDate} sampai dengan ${event.term.endDate}`,
    en: (event, { who }) =>
      `${who} drafted "${event.title}" (${event.kind}) between ${event.parties.map((p) => p.name).join(' and ')}, ${event.term.startDate} to ${event.term.endDate}`,
  },
  DocumentAttached: {
    id: (event, { who }) => `${who} melampirkan dokumen ${event.documentType} ${event.name} ${shortHash(event.sha256)}`,
    en: (event, { who }) => `${who} attached the ${event.documentType} document ${event.name} ${shortHash(event.sha256)}`,
  },
  SubmittedForReview: {
    id: (event, { who }) => `${who} mengajukan draf ${shortHash(event.documentHash)} untuk ditinjau`,
    en: (event, { who }) => `${who} submitted the draft ${shortHash(event.documentHash)} for review`,
  },
  ReviewApproved: {
    id: (event, { who, party }) =>
      event.tier === 'LEGAL'
        ? `${who} memberikan persetujuan hukum atas ${shortHash(event.documentHash)} untuk ${party(event.agencyId)}`
        : `${who} menyetujui ${shortHash(event.documentHash)} dalam tinjauan teknis untuk ${party(event.agencyId)}`,
    en: (event, { who, party }) =>
      event.tier === 'LEGAL'
        ? `${who} gave legal clearance to ${shortHash(event.documentHash)} for ${party(event.agencyId)}`
        : `${who} cleared ${shortHash(event.documentHash)} in technical review for ${party(event.agencyId)}`,
  },
  ClearedForSigning: {
    id: (event) => `Seluruh pihak telah menyetujui ${shortHash(event.documentHash)}: siap ditandatangani`,
    en: (event) => `Every party cleared ${shortHash(event.documentHash)}: ready to sign`,
  },
  ChangesRequested: {
    id: (event, { who, party }) => `${who} meminta perubahan untuk ${party(event.agencyId)}: ${event.reason}`,
    en: (event, { who, party }) => `${who} requested changes for ${party(event.agencyId)}: ${event.reason}`,
  },
  SigningOpened: {
    id: (_event, { who }) => `${who} membuka penandatanganan`,
    en: (_event, { who }) => `${who} opened signing`,
  },
  PartySigned: {
    id: (event, { who, party }) =>
      `${event.signatoryName} menandatangani ${shortHash(event.documentHash)} untuk ${party(event.agencyId)} (${CAPACITY_IN_INDONESIAN[event.capacity]}${delegationOf(event, 'id')}), dicatat oleh ${who}`,
    en: (event, { who, party }) =>
      `${event.signatoryName} signed ${shortHash(event.documentHash)} for ${party(event.agencyId)} (${event.capacity}${delegationOf(event, 'en')}), recorded by ${who}`,
  },
  AgreementExecuted: {
    id: (event) => `Ditandatangani oleh seluruh pihak: versi ${event.version} menunggu pemberlakuan, ${shortHash(event.documentHash)}`,
    en: (event) => `Signed by every party: version ${event.version} in force once activated, ${shortHash(event.documentHash)}`,
  },
  Activated: {
    id: (event, { who }) => `${who} menyatakan kesepakatan berlaku sejak ${event.effectiveDate}`,
    en: (event, { who }) => `${who} put the agreement in force from ${event.effectiveDate}`,
  },
  RegistryNumberAssigned: {
    id: (event, { who, party }) => `${who} mencatat nomor register ${event.number} tanggal ${event.date} untuk ${party(event.agencyId)}`,
    en: (event, { who, party }) => `${who} recorded registry number ${event.number} of ${event.date} for ${party(event.agencyId)}`,
  },
  LocationsProposed: {
    id: (event, { who }) => `${who} mengusulkan lokasi ${places(event.locations)}`,
    en: (event, { who }) => `${who} proposed the locations ${places(event.locations)}`,
  },
  LocationsConfirmed: {
    id: (event, { who, party }) => `${who} mengonfirmasi lokasi untuk ${party(event.agencyId)}`,
    en: (event, { who, party }) => `${who} confirmed the locations for ${party(event.agencyId)}`,
  },
  LocationsFixed: {
    id: (event) => `Lokasi ditetapkan oleh seluruh pihak: ${places(event.locations)}`,
    en: (event) => `Locations fixed by every party: ${places(event.locations)}`,
  },
  AmendmentProposed: {
    id: (event, { who }) => `${who} mengusulkan adendum: ${event.summary} ${shortHash(event.documentHash)}`,
    en: (event, { who }) => `${who} proposed an amendment: ${event.summary} ${shortHash(event.documentHash)}`,
  },
  Renewed: {
    id: (event, { who }) => `${who} memperpanjang jangka waktu hingga ${event.newEndDate} (semula ${event.previousEndDate})`,
    en: (event, { who }) => `${who} renewed the term from ${event.previousEndDate} to ${event.newEndDate}`,
  },
  TerminationNoticeGiven: {
    id: (event, { who }) => `${who} menyampaikan pemberitahuan pengakhiran terhitung mulai ${event.effectiveDate}: ${event.reason}`,
    en: (event, { who }) => `${who} gave notice of termination from ${event.effectiveDate}: ${event.reason}`,
  },
  Terminated: {
    id: (_event, { who }) => `${who} mengakhiri kesepakatan`,
    en: (_event, { who }) => `${who} terminated the agreement`,
  },
  Expired: {
    id: (event, { who }) => `${who} mencatat bahwa jangka waktu kesepakatan berakhir pada ${event.endDate}`,
    en: (event, { who }) => `${who} recorded that the term ended on ${event.endDate}`,
  },
  DeadlineApproaching: {
    id: (event, { who }) =>
      event.deadline === 'notice'
        ? `${who} mengingatkan para pihak: perpanjangan atau pemberitahuan pengakhiran paling lambat ${addDays(event.dueDate, -1)}, ${event.daysLeft} hari lagi`
        : `${who} mengingatkan para pihak: jangka waktu kesepakatan berakhir pada ${addDays(event.dueDate, -1)}, ${event.daysLeft} hari lagi`,
    en: (event, { who }) =>
      event.deadline === 'notice'
        ? `${who} reminded the parties: renewal or notice of termination by ${addDays(event.dueDate, -1)}, ${event.daysLeft} days away`
        : `${who} reminded the parties: the term ends on ${addDays(event.dueDate, -1)}, ${event.daysLeft} days away`,
  },
  StepOverdue: {
    id: (event, { who }) =>
      `${who} mencatat bahwa ${event.step === 'review' ? 'tinjauan' : 'penandatanganan'} terlambat: menunggu sejak ${event.since}, ${event.daysWaiting} hari`,
    en: (event, { who }) => `${who} recorded the ${event.step} overdue: waiting since ${event.since}, ${event.daysWaiting} days`,
  },
  DraftWithdrawn: {
    id: (event, { who }) => `${who} menarik draf: ${event.reason}`,
    en: (event, { who }) => `${who} withdrew the draft: ${event.reason}`,
  },
  Archived: {
    id: (_event, { who }) => `${who} mengarsipkan kesepakatan`,
    en: (_event, { who }) => `${who} archived the agreement`,
  },
};
