import { shortHash, type Summaries } from '../event-summaries';
import { EVENT_SUMMARIES_V1 } from '../v1/event-summaries.v1';
import type { EventsV2 } from './events.v2';

/** Version 1's lines, and one for each event version 2 adds, in Bahasa Indonesia and in English. */
export const EVENT_SUMMARIES_V2 = {
  ...EVENT_SUMMARIES_V1,
  DprdApprovalRecorded: {
    id: (event, { who, party }) =>
      `${who} mencatat persetujuan DPRD nomor ${event.number} tanggal ${event.date} ${shortHash(event.documentHash)} untuk ${party(event.agencyId)}`,
    en: (event, { who, party }) =>
      `${who} recorded the DPRD decision ${event.number} of ${event.date} ${shortHash(event.documentHash)} for ${party(event.agencyId)}`,
  },
  ImplementationReportFiled: {
    id: (event, { who, party }) =>
      `${who} menyampaikan laporan pelaksanaan periode ${event.period} ${shortHash(event.documentHash)} untuk ${party(event.agencyId)}: ${event.summary}`,
    en: (event, { who, party }) =>
      `${who} filed the implementation report for ${event.period} ${shortHash(event.documentHash)} for ${party(event.agencyId)}: ${event.summary}`,
  },
} satisfies Summaries<keyof typeof EVENT_SUMMARIES_V1 | EventsV2['type']>;
