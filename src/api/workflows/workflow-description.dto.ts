import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGREEMENT_KINDS, ROLES } from '../../application/agreements/vocabulary';
import type { BodyFieldDescription, WorkflowDescription } from '../../application/workflows/workflow-description';

// Keyed by the application's unions, so that a kind or party added there fails to compile here until documented.
const BODY_FIELD_KINDS = Object.keys({ text: 0, sha256: 0, date: 0, choice: 0, locations: 0 } satisfies Record<
  BodyFieldDescription['kind'],
  0
>);
const POLICY_PARTIES = Object.keys({ own: 0, any: 0 } satisfies Record<WorkflowDescription['draftPolicy']['party'], 0>);

/** One workflow version (GET /workflows). */
export class WorkflowSummaryDto {
  @ApiProperty({ example: 'nota-kesepahaman' })
  name!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  version!: number;

  @ApiProperty({ enum: AGREEMENT_KINDS })
  kind!: string;

  @ApiProperty({ example: 'Nota Kesepahaman (MoU)' })
  title!: string;

  @ApiProperty({ description: 'Whether new agreements of its kind are drafted on this version' })
  latest!: boolean;
}

export class TransitionDescriptionDto {
  @ApiProperty({ example: 'SubmittedForReview', description: 'The event that takes it' })
  event!: string;

  @ApiProperty({ type: String, nullable: true, example: 'inReview', description: 'The state it leads to (dotted path); null: it stays' })
  target!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'canSubmit' })
  guard!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'submit-for-review',
    description: 'The action that records the event; null: the service records it itself',
  })
  action!: string | null;
}

export class StateDescriptionDto {
  @ApiProperty({ example: 'amending.inReview', description: 'The dotted path of the state' })
  id!: string;

  @ApiProperty()
  final!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The initial child state of a compound state' })
  initial!: string | null;

  @ApiProperty({ type: () => [TransitionDescriptionDto] })
  transitions!: TransitionDescriptionDto[];

  @ApiProperty({ type: () => [StateDescriptionDto], description: 'Child states (empty for a simple state)' })
  states!: StateDescriptionDto[];
}

/** Who may take an action: one of the roles, for their own agency's party or as any party. */
export class ActionPolicyDto {
  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: string[];

  @ApiProperty({
    enum: POLICY_PARTIES,
    description: '`own`: for the actor’s own agency’s party; `any`: the actor’s agency must be a party',
  })
  party!: string;

  @ApiPropertyOptional({
    enum: [true],
    description: 'Present when the scheduler (`sepakat-scheduler`) takes it too, once time makes it due: `expire`, `terminate`, `remind`',
  })
  scheduler?: boolean;
}

/** One field of an action's body, enough to build a form. */
export class BodyFieldDescriptionDto {
  @ApiProperty({ example: 'documentHash' })
  name!: string;

  @ApiProperty({ enum: BODY_FIELD_KINDS })
  kind!: string;

  @ApiProperty({ description: 'Whether it may be left out' })
  optional!: boolean;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: [String], nullable: true, description: 'The closed list of a `choice`' })
  values!: string[] | null;

  @ApiProperty({ type: String, nullable: true, description: 'The default of a `choice`' })
  default!: string | null;

  @ApiProperty({ type: String, nullable: true })
  example!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The longest text the field takes' })
  maxLength!: number | null;

  @ApiProperty({ description: 'Whether the text may hold line feeds and tabs' })
  multiline!: boolean;
}

/** What an action's body takes (`POST /agreements/:id/actions/:name`); no fields: send `{}`. */
export class ActionBodyDto {
  @ApiProperty({ example: 'SignBody', description: 'The body’s schema in this document' })
  name!: string;

  @ApiProperty({ type: () => [BodyFieldDescriptionDto] })
  fields!: BodyFieldDescriptionDto[];
}

export class ActionDescriptionDto {
  @ApiProperty({ example: 'submit-for-review' })
  name!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ example: 'SubmittedForReview', description: 'The event it records' })
  produces!: string;

  @ApiProperty({ type: () => ActionPolicyDto })
  policy!: ActionPolicyDto;

  @ApiProperty({ description: 'Whether the step is awaited: it shows in the inbox of those who may take it' })
  awaited!: boolean;

  @ApiProperty({ type: () => ActionBodyDto })
  body!: ActionBodyDto;
}

/** A workflow version in full: its states and transitions, enough to draw it, and its actions. */
export class WorkflowDescriptionDto extends WorkflowSummaryDto {
  @ApiProperty({ example: 'new' })
  initial!: string;

  @ApiProperty({ type: () => [StateDescriptionDto] })
  states!: StateDescriptionDto[];

  @ApiProperty({ type: () => [ActionDescriptionDto] })
  actions!: ActionDescriptionDto[];

  @ApiProperty({ type: () => ActionPolicyDto, description: 'Who may draft an agreement on this version' })
  draftPolicy!: ActionPolicyDto;
}
