import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { RpcError } from './rpc-error';

const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNDASHED = /^[0-9a-f]{32}$/i;

/**
 * The canonical lower-case form of a UUID sent by a client (`Uuid.FromDto`): the string form is
 * read with .NET `Guid.Parse` (accepts `D`, `N`, `B` and `P` formats, any case), the structured form
 * is the Java-style pair of signed 64-bit halves, most significant first. An unreadable id is an
 * exception in the server's handler, which ASP.NET Core gRPC reports as UNKNOWN.
 */
export function uuidFromDto(dto: UUID | undefined): string {
  if (dto === undefined) throw RpcError.exceptionInHandler('ArgumentNullException: dto');
  if (dto.hasStructured()) {
    const structured = dto.getStructured()!;
    const msb = BigInt.asUintN(64, BigInt(structured.getMostSignificantBits()));
    const lsb = BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits()));
    return formatHex(msb.toString(16).padStart(16, '0') + lsb.toString(16).padStart(16, '0'));
  }
  if (dto.hasString()) {
    const hex = guidHex(dto.getString());
    if (hex === undefined) throw RpcError.exceptionInHandler(`FormatException: unrecognized Guid format '${dto.getString()}'`);
    return formatHex(hex);
  }
  throw RpcError.exceptionInHandler(`ArgumentException: Invalid argument: ${dto.getValueCase()}`);
}

/** The 32 hex digits of a `Guid.Parse`-able string in the `D`, `N`, `B` or `P` format. */
function guidHex(text: string): string | undefined {
  const trimmed = text.trim();
  const bracketed = /^\{.*\}$|^\(.*\)$/.test(trimmed);
  const inner = bracketed ? trimmed.slice(1, -1) : trimmed;
  if (DASHED.test(inner)) return inner.replace(/-/g, '').toLowerCase();
  if (!bracketed && UNDASHED.test(inner)) return inner.toLowerCase();
  return undefined;
}

function formatHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a read event as the reader asked for it (`Streams.Read` `ConvertToRecordedEvent`):
 * the string form when `uuid_option.string` is set, otherwise (structured, or nothing set) the
 * structured form, `Uuid.ToDto()`, whose halves are signed 64-bit integers.
 */
export function uuidToDto(id: string, asString: boolean): UUID {
  const uuid = new UUID();
  if (asString) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replace(/-/g, '');
  const structured = new UUID.Structured();
  structured.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString());
  structured.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  uuid.setStructured(structured);
  return uuid;
}
