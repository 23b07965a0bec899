import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Who holds what a refusal waits on. */
export class ProblemActorDto {
  @ApiProperty({ example: 'auditor-bpkp' })
  id!: string;

  @ApiProperty({ example: 'Auditor BPKP' })
  name!: string;
}

/**
 * The body of every refusal (`application/problem+json`, RFC 9457), as the exception filter
 * writes it: the standard members, then the extension members a client can act on. Documentation
 * only: nothing is built from it.
 */
export class ProblemDetailsDto {
  @ApiProperty({
    example: 'urn:sepakat:problem:not-found',
    description:
      'The kind of problem, to match on: `urn:sepakat:problem:` and a slug, documented at `GET /problems#<slug>` (the slug of the status title, or a kind of its own: `projection-stuck`, `sign-in-link-invalid`, `store-verification-running`)',
  })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 404 })
  status!: number;

  @ApiPropertyOptional({
    example: 'Agreement 5f0c… was not found',
    description: 'What went wrong, for a person; with field problems, the first and how many more `errors` lists',
  })
  detail?: string;

  @ApiPropertyOptional({ type: [String], description: '400: every field problem (of the body, the query or a text rule)' })
  errors?: string[];

  @ApiPropertyOptional({ example: 'title', description: '400: the field a text rule or a page cursor refused' })
  field?: string;

  @ApiPropertyOptional({ example: 'dprd-approval', description: '422: the business rule that refused the request' })
  rule?: string;

  @ApiPropertyOptional({ example: 'sign', description: '409: the action the agreement’s state does not offer' })
  action?: string;

  @ApiPropertyOptional({ example: 'drafting', description: '409: the state that does not offer it' })
  state?: string;

  @ApiPropertyOptional({ type: 'integer', example: 7, description: '412: the revision the agreement is at (its ETag is `"7"`): reload it' })
  currentRevision?: number;

  @ApiPropertyOptional({
    type: () => ProblemActorDto,
    description: '409 `store-verification-running`: who started the whole-store verification still running',
  })
  startedBy?: ProblemActorDto;

  @ApiPropertyOptional({ format: 'date-time', description: '409 `store-verification-running`: when it started' })
  startedAt?: string;

  @ApiPropertyOptional({
    example: 'agreements@v2',
    description: '503 of a read model whose projection stopped on a stored event (GET /health says more)',
  })
  projection?: string;
}
