import { ApiProperty } from '@nestjs/swagger';

/**
 * The lines of `GET /audit/store-verification` (`application/x-ndjson`, one JSON object a line),
 * told apart by `kind`. Documentation only: the application's `StoreVerificationLine` is written as is.
 */
export class StoreVerificationStartedLineDto {
  @ApiProperty({ enum: ['started'] })
  kind!: 'started';

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({
    type: 'integer',
    description:
      'How many `$all` positions the check spans (last − first agreement event, plus one; 0 when there is none): with the embedded SQLite store an upper bound of the events to check, with EventStoreDB a span of the log in bytes. `fraction` measures progress on either',
  })
  totalEstimate!: number;
}

export class StoreVerificationProgressLineDto {
  @ApiProperty({ enum: ['progress'] })
  kind!: 'progress';

  @ApiProperty({ type: 'integer', description: 'Agreement events checked so far' })
  events!: number;

  @ApiProperty({ type: 'integer', description: 'Agreement streams seen so far' })
  streams!: number;

  @ApiProperty({ type: 'integer', description: 'Broken streams found so far, the directory’s included' })
  broken!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'How far into the positions of the agreement events the check has read; 1 on the last progress line',
  })
  fraction!: number;

  @ApiProperty({ type: 'integer' })
  eventsPerSecond!: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'At the speed so far; null until it can be estimated' })
  secondsLeft!: number | null;
}

export class StoreVerificationBrokenLineDto {
  @ApiProperty({ enum: ['broken'] })
  kind!: 'broken';

  @ApiProperty({
    example: 'agreement-5f0c8f4e-0c7d-4c7e-9d51-0b0c5a0e6d11',
    description: 'An agreement’s stream, or a directory stream (`directory-agencies`, `directory-delegations`)',
  })
  stream!: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The agreement of the stream; null for a directory stream' })
  agreementId!: string | null;

  @ApiProperty({ type: 'integer', description: 'The first invalid revision' })
  revision!: number;

  @ApiProperty({ example: 'hash mismatch' })
  reason!: string;
}

export class StoreVerificationDoneLineDto {
  @ApiProperty({ enum: ['done'] })
  kind!: 'done';

  @ApiProperty({ type: 'integer', description: 'Agreement events checked' })
  events!: number;

  @ApiProperty({ type: 'integer', description: 'Agreement streams checked' })
  streams!: number;

  @ApiProperty({ type: 'integer', description: 'Events of the directory’s streams checked' })
  directoryEvents!: number;

  @ApiProperty({ type: 'integer', description: 'Broken streams, each sent on a `broken` line' })
  broken!: number;

  @ApiProperty({ description: 'How long the check took' })
  seconds!: number;
}

export class StoreVerificationFailedLineDto {
  @ApiProperty({ enum: ['failed'] })
  kind!: 'failed';

  @ApiProperty({ example: 'The event store could not be read past event 1200; the check stopped. The service log says why.' })
  detail!: string;

  @ApiProperty({ type: 'integer', description: 'Agreement events checked before the store failed' })
  events!: number;

  @ApiProperty({ type: 'integer', description: 'Broken streams found before the store failed' })
  broken!: number;
}

/** Every line type, for `@ApiExtraModels` and the `oneOf` of the response. */
export const STORE_VERIFICATION_LINES = {
  started: StoreVerificationStartedLineDto,
  progress: StoreVerificationProgressLineDto,
  broken: StoreVerificationBrokenLineDto,
  done: StoreVerificationDoneLineDto,
  failed: StoreVerificationFailedLineDto,
} as const;
