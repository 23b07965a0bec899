import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TOKEN_VERIFIER } from '../../application/ports/token-verifier.port';
import type { AppConfig } from '../config/app-config';
import { resolveEmbeddedSecret } from './embedded-secret';
import { embeddedTokenVerifier, oidcTokenVerifier } from './jose-token-verifier';

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: TOKEN_VERIFIER,
          useFactory: () => {
            const { auth } = config;
            const logger = new Logger('Auth');
            if (auth.mode === 'oidc') {
              logger.log(`Verifying tokens of OIDC issuer ${auth.issuer} (audience ${auth.audience})`);
              return oidcTokenVerifier({ issuer: auth.issuer, audience: auth.audience, jwksUrl: auth.jwksUrl, claims: auth.claims });
            }
            logger.log(
              auth.secret ? 'Verifying embedded HS256 tokens (AUTH_JWT_SECRET)' : `Verifying embedded HS256 tokens (secret in ${config.dataDir})`,
            );
            return embeddedTokenVerifier(resolveEmbeddedSecret(auth.secret, config.dataDir), auth.claims);
          },
        },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
