import { ApiProperty } from '@nestjs/swagger';

/** A one-time ticket to open `GET /events?ticket=` (`StreamTickets.issue`). */
export class StreamTicketDto {
  @ApiProperty({ example: 'KgiKQPpwSCxBb5XorLKK81ZGRiVjwWvr', description: 'Opaque; works once' })
  ticket!: string;

  @ApiProperty({ format: 'date-time', description: 'It must be used before then (60 s after it was issued)' })
  expiresAt!: string;
}
