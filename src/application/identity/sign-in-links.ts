import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { CLOCK, type Clock } from '../ports/clock.port';
import { SIGN_IN_CODES, type SignInCodes } from '../ports/sign-in-codes.port';
import { TOKEN_ISSUER, type TokenIssuer } from '../ports/token-issuer.port';
import { TOKEN_VERIFIER, type TokenVerifier } from '../ports/token-verifier.port';

/** What a browser holds after exchanging a sign-in code. */
export interface SignedIn {
  readonly token: string;
  readonly expiresAt: Date;
  /** The actor the token vouches for, exactly as every route will read it. */
  readonly actor: Actor;
}

/**
 * The code is unknown, already used or expired. One refusal for the three, so that a caller
 * cannot tell a code that once existed from one that never did.
 */
export class SignInLinkInvalidError extends Error {
  override readonly name = 'SignInLinkInvalidError';
  readonly kind = 'sign-in-link-invalid' as const;
  constructor() {
    super('This sign-in link is unknown, used or expired: ask for a new one');
  }
}

/** The service verifies tokens of an OIDC issuer: it has no sign-in links to exchange. */
export class SignInLinksNotOfferedError extends Error {
  override readonly name = 'SignInLinksNotOfferedError';
  readonly kind = 'not-found' as const;
  constructor() {
    super('This service signs people in at its OIDC identity provider (see GET /auth/config): there are no sign-in links');
  }
}

/**
 * Exchanges one-time sign-in codes (embedded identity mode) for bearer tokens, so that a browser
 * app can sign an official in from a link without the token ever travelling in a URL.
 */
@Injectable()
export class SignInLinks {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    // Both absent in OIDC mode, where tokens come from the identity provider only.
    @Optional() @Inject(SIGN_IN_CODES) private readonly codes?: SignInCodes,
    @Optional() @Inject(TOKEN_ISSUER) private readonly issuer?: TokenIssuer,
  ) {}

  /**
   * Spends `code` and mints the token it grants. The code is spent even when what follows fails:
   * a link works once, whatever happened the first time.
   * @throws SignInLinkInvalidError when the code is unknown, used or expired
   * @throws SignInLinksNotOfferedError in OIDC mode
   */
  async exchange(code: string): Promise<SignedIn> {
    if (!this.codes || !this.issuer) throw new SignInLinksNotOfferedError();
    const grant = this.codes.take(code, this.clock.now());
    if (!grant) throw new SignInLinkInvalidError();
    const { token, expiresAt } = await this.issuer.issue(grant);
    let actor: Actor;
    try {
      // Read back through the verifier: the answer names the actor every route will see (name
      // cleaned, unknown roles dropped), and an identity the verifier refuses is never handed out.
      actor = await this.verifier.verify(token);
    } catch (error) {
      this.logger.warn(
        `A sign-in link named an identity tokens cannot carry (${JSON.stringify(grant.sub)}): ${(error as { reason?: string }).reason ?? (error as Error).message}`,
      );
      throw new SignInLinkInvalidError();
    }
    this.logger.log(`${actor.id} (${actor.agencyId}) signed in with a sign-in link`);
    return { token, expiresAt, actor };
  }
}
