import { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { toWirePosition, type EventRecord, type TFPos } from './log-records';
import { uuidToDto } from './uuid';

export function streamIdentifier(name: string): StreamIdentifier {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(name, 'utf8'));
  return identifier;
}

/** `StreamIdentifier` → string: the stream name bytes as UTF-8 (`StreamIdentifier` implicit conversion). */
export function streamName(identifier: StreamIdentifier | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

/**
 * An event as `Streams.Read` sends it (`ConvertToReadEvent` / `ConvertToRecordedEvent`): the id in
 * the asked form; `stream_revision` (long.MaxValue for a tombstone); both positions of the record
 * (self-committed events know them, for stream reads too); metadata `type`, `created` (ticks since
 * the Unix epoch) and `content-type` (JSON or octet-stream); no link (no projections here); and the
 * original position as `commit_position`.
 */
export function eventResponse(record: EventRecord, uuidAsString: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuidToDto(record.id, uuidAsString));
  recorded.setStreamIdentifier(streamIdentifier(record.stream));
  recorded.setStreamRevision(record.eventNumber.toString());
  recorded.setCommitPosition(record.logPosition.toString());
  recorded.setPreparePosition(record.logPosition.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('created', record.created.toString());
  metadata.set('content-type', record.isJson ? 'application/json' : 'application/octet-stream');
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.metadata);

  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(record.logPosition.toString());
  const response = new ReadResp();
  response.setEvent(event);
  return response;
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  const response = new ReadResp();
  response.setConfirmation(confirmation);
  return response;
}

/** `ReadResp.caught_up` (sent since v23.10; the Node client emits `caughtUp` for it). */
export function caughtUpResponse(): ReadResp {
  const response = new ReadResp();
  response.setCaughtUp(new ReadResp.CaughtUp());
  return response;
}

/** `ReadResp.checkpoint`, positions through `Position.FromInt64` (-1 → ulong.MaxValue). */
export function checkpointResponse(position: TFPos): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(toWirePosition(position.commit).toString());
  checkpoint.setPreparePosition(toWirePosition(position.prepare).toString());
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

/** `ReadResp.stream_not_found`: the answer to reading a stream that has no (readable) events. */
export function streamNotFoundResponse(stream: string): ReadResp {
  const notFound = new ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(streamIdentifier(stream));
  const response = new ReadResp();
  response.setStreamNotFound(notFound);
  return response;
}
