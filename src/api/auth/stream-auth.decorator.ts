import { SetMetadata } from '@nestjs/common';

export const ACCEPTS_STREAM_TICKET = 'sepakat:stream-ticket';

/** The route also accepts a one-time `?ticket=` instead of a bearer header (EventSource cannot send headers). */
export const AcceptsStreamTicket = (): MethodDecorator => SetMetadata(ACCEPTS_STREAM_TICKET, true);
