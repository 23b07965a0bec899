import { DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { SIGN_IN_CODES } from '../../application/ports/sign-in-codes.port';
import { SIGN_IN_METHOD, type SignInMethod } from '../../application/ports/sign-in-method.port';
import { TOKEN_ISSUER } from '../../application/ports/token-issuer.port';
import { TOKEN_VERIFIER } from '../../application/ports/token-verifier.port';
import type { AppConfig, AuthConfig } from '../config/app-config';
import { resolveEmbeddedSecret } from './embedded-secret';
import { FileSignInCodes } from './file-sign-in-codes';
import { embeddedTokenVerifier, oidcTokenVerifier } from './jose-token-verifier';
import { embeddedTokenIssuer } from './token-minter';

/** The embedded HS256 secret, resolved once for the verifier and the issuer. */
const EMBEDDED_SECRET = Symbol('EmbeddedSecret');

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { auth } = config;
    const logger = new Logger('Auth');
    const modeProviders: Provider[] =
      auth.mode === 'oidc'
        ? [
            {
              provide: TOKEN_VERIFIER,
              useFactory: () => {
                logger.log(`Verifying tokens of OIDC issuer ${auth.issuer} (audience ${auth.audience})`);
                return oidcTokenVerifier({
                  issuer: auth.issuer,
                  audience: auth.audience,
                  jwksUrl: auth.jwksUrl,
                  jwksCooldownMs: auth.jwksCooldownMs,
                  claims: auth.claims,
                });
              },
            },
          ]
        : [
            { provide: EMBEDDED_SECRET, useFactory: () => resolveEmbeddedSecret(auth.secret, config.dataDir) },
            {
              provide: TOKEN_VERIFIER,
              inject: [EMBEDDED_SECRET],
              useFactory: (secret: Uint8Array) => {
                logger.log(
                  auth.secret
                    ? 'Verifying embedded HS256 tokens (AUTH_JWT_SECRET)'
                    : `Verifying embedded HS256 tokens (secret in ${config.dataDir})`,
                );
                return embeddedTokenVerifier(secret, auth.claims);
              },
            },
            {
              provide: TOKEN_ISSUER,
              inject: [EMBEDDED_SECRET],
              useFactory: (secret: Uint8Array) => embeddedTokenIssuer(secret, auth.claims),
            },
            { provide: SIGN_IN_CODES, useValue: new FileSignInCodes(config.dataDir) },
          ];
    return {
      module: AuthModule,
      global: true,
      providers: [...modeProviders, { provide: SIGN_IN_METHOD, useValue: signInMethod(auth) }],
      exports: auth.mode === 'oidc' ? [TOKEN_VERIFIER, SIGN_IN_METHOD] : [TOKEN_VERIFIER, SIGN_IN_METHOD, TOKEN_ISSUER, SIGN_IN_CODES],
    };
  }
}

/** What `GET /auth/config` tells a browser app about signing in; nothing secret. */
function signInMethod(auth: AuthConfig): SignInMethod {
  return auth.mode === 'oidc'
    ? { mode: 'oidc', issuer: auth.issuer, clientId: auth.clientId ?? null, scope: auth.scope, audience: auth.audience }
    : { mode: 'embedded' };
}
