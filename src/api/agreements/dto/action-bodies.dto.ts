import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { ACTION_BODY_SCHEMAS, NO_BODY, TEXT_RULES, type BodyField, type BodySchema } from '../../../application/agreements/vocabulary';
import { IsCalendarDate, IsSha256, IsText } from '../../validation/validators';

/**
 * The body of each action, built from its workflow's body schema. `toPayload()` gives the fields
 * of the domain command; a body with any field the schema does not declare is refused (400) by the
 * validation options.
 */
export abstract class ActionBody {
  toPayload(): Record<string, unknown> {
    return { ...(this as object) };
  }
}

/** Actions that take no input: `{}` or no body at all. */
export class EmptyBody extends ActionBody {}

export class LocationDto {
  @ApiProperty({ example: 'Kalimantan Selatan', maxLength: TEXT_RULES.place.maxLength })
  @IsText(TEXT_RULES.place)
  province!: string;

  @ApiProperty({ example: 'Barito Kuala', maxLength: TEXT_RULES.place.maxLength })
  @IsText(TEXT_RULES.place)
  regency!: string;

  @ApiProperty({ example: 'Anjir Pasar', maxLength: TEXT_RULES.place.maxLength })
  @IsText(TEXT_RULES.place)
  district!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsText(TEXT_RULES.place, { each: true })
  villages?: string[];

  @ApiPropertyOptional({ example: 'KTM Cahaya Baru', maxLength: TEXT_RULES.place.maxLength })
  @IsOptional()
  @IsText(TEXT_RULES.place)
  area?: string;
}

const LOCATIONS_MESSAGE = 'locations must be a list of objects { province, regency, district, villages?, area? }';

/** The property decorators that validate (and document) one field of a body, by its kind. */
function decoratorsOf(field: BodyField): PropertyDecorator[] {
  // A property set by hand has no reflected type: every scalar of a body is a string.
  const documented = { type: String, ...(field.description === undefined ? {} : { description: field.description }) };
  const property = (options: Record<string, unknown>) => (field.optional ? ApiPropertyOptional(options) : ApiProperty(options));
  const optional = field.optional ? [IsOptional()] : [];
  switch (field.kind) {
    case 'text': {
      const rule = TEXT_RULES[field.rule];
      return [
        property({ ...documented, maxLength: rule.maxLength, ...(field.example === undefined ? {} : { example: field.example }) }),
        ...optional,
        IsText(rule),
      ];
    }
    case 'sha256':
      return [property({ ...documented, example: 'a3f1…' }), ...optional, IsSha256()];
    case 'date':
      return [property({ ...documented, example: field.example ?? '2020-03-10' }), ...optional, IsCalendarDate()];
    case 'choice':
      return [
        property({ ...documented, enum: field.values, ...(field.default === undefined ? {} : { default: field.default }) }),
        ...optional,
        IsIn(field.values),
      ];
    case 'locations':
      return [
        property({ ...documented, type: [LocationDto] }),
        IsArray(),
        ArrayMinSize(1),
        ArrayMaxSize(100),
        IsObject({ each: true, message: LOCATIONS_MESSAGE }),
        ValidateNested({ each: true }),
        Type(() => LocationDto),
      ];
  }
}

/** A location as the command takes it: only the fields it has, none left `undefined`. */
function locationPayload({ province, regency, district, villages, area }: LocationDto) {
  return { province, regency, district, ...(villages === undefined ? {} : { villages }), ...(area === undefined ? {} : { area }) };
}

/**
 * The body class of a workflow's body schema (named as the schema names it, for the OpenAPI
 * document): its fields validated by their kind, and `toPayload()` giving the command's fields
 * (renamed where the schema says `as`, absent when left out).
 */
function bodyClassOf(schema: BodySchema): new () => ActionBody {
  if (schema.name === NO_BODY.name) return EmptyBody;
  const fields = Object.entries(schema.fields);
  const Body = class extends ActionBody {
    override toPayload(): Record<string, unknown> {
      const values = this as unknown as Record<string, unknown>;
      return Object.fromEntries(
        fields
          .filter(([name]) => values[name] !== undefined)
          .map(([name, field]) => [
            field.as ?? name,
            field.kind === 'locations' ? (values[name] as LocationDto[]).map(locationPayload) : values[name],
          ]),
      );
    }
  };
  Object.defineProperty(Body, 'name', { value: schema.name });
  for (const [name, field] of fields) for (const decorate of decoratorsOf(field)) decorate(Body.prototype, name);
  return Body;
}

const classes = new Map<string, new () => ActionBody>();

/**
 * The body class of every action name of the workflows (a spec checks none is missing), built
 * from the body schema the newest version with that action declares. Actions with the same body
 * share its class.
 */
export const ACTION_BODIES: Readonly<Record<string, new () => ActionBody>> = Object.fromEntries(
  [...ACTION_BODY_SCHEMAS].map(([action, schema]) => {
    let body = classes.get(schema.name);
    if (!body) {
      body = bodyClassOf(schema);
      classes.set(schema.name, body);
    }
    return [action, body];
  }),
);
