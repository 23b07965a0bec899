import type { TEXT_RULES } from '../text/text-rules';

/**
 * The body of an action, as its workflow version declares it: each field's kind and, for text,
 * its text rule. The API builds its validation (and the OpenAPI document) from it, so the version's
 * folder says what an action takes; the decision then checks the same rules again.
 */
export type BodyField = (
  | { readonly kind: 'text'; readonly rule: keyof typeof TEXT_RULES; readonly example?: string }
  | { readonly kind: 'sha256' }
  | { readonly kind: 'date'; readonly example?: string }
  | { readonly kind: 'choice'; readonly values: readonly string[]; readonly default?: string }
  | { readonly kind: 'locations' }
) & {
  readonly optional?: boolean;
  readonly description?: string;
  /** The command's name for the field, where it differs from the body's (`type` → `documentType`). */
  readonly as?: string;
};

export interface BodySchema {
  /** The body's name in the API and its OpenAPI document (`SignBody`); actions with the same body share it. */
  readonly name: string;
  readonly fields: Readonly<Record<string, BodyField>>;
}

/** Actions that take no input: `{}` or no body at all. */
export const NO_BODY: BodySchema = { name: 'EmptyBody', fields: {} };
