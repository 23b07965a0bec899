import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';

/** An agreement id in a path: a UUID, or else "no such agreement" (an id that cannot exist is not found). */
export const agreementIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No such agreement') });
