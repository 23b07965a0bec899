import { Body, Controller, Get, Header, Inject, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { SignInLinks } from '../../application/identity/sign-in-links';
import { SIGN_IN_METHOD, type SignInMethod } from '../../application/ports/sign-in-method.port';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { ProblemDetailsDto } from '../problem-details/problem-details.dto';
import { Public } from './public.decorator';
import { EmbeddedSignInMethodDto, OidcSignInMethodDto, SignedInDto, SignInCodeDto } from './sign-in.dto';

/** Both routes are called before the browser holds a token: the document must not ask for one. */
const NO_TOKEN: [] = [];

/** A refusal this route gives a meaning of its own, in the shape of every other one. */
const problem = (example: ProblemDetailsDto) => ({
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) }, example } },
});

/**
 * How a browser app signs in: `GET /auth/config` says how, and in the embedded mode the app
 * exchanges the code of a one-time link (`npm run token -- --link`) for a bearer token. The code
 * travels in the URL's fragment, which browsers never send, and then in this POST's body, so
 * neither it nor the token lands in an access log or a browser history as a query would.
 */
@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(
    @Inject(SIGN_IN_METHOD) private readonly method: SignInMethod,
    private readonly links: SignInLinks,
  ) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'How to sign in: with a one-time link (embedded mode) or at the OIDC issuer', security: NO_TOKEN })
  @ApiExtraModels(EmbeddedSignInMethodDto, OidcSignInMethodDto)
  @ApiOkResponse({
    description: 'The sign-in method, by `mode`',
    schema: {
      oneOf: [{ $ref: getSchemaPath(EmbeddedSignInMethodDto) }, { $ref: getSchemaPath(OidcSignInMethodDto) }],
      discriminator: {
        propertyName: 'mode',
        mapping: { embedded: getSchemaPath(EmbeddedSignInMethodDto), oidc: getSchemaPath(OidcSignInMethodDto) },
      },
    },
    examples: {
      embedded: { summary: 'Embedded identity', value: { mode: 'embedded' } },
      oidc: {
        summary: 'OIDC issuer',
        value: {
          mode: 'oidc',
          issuer: 'https://sso.example.go.id/realms/pemerintah',
          clientId: 'sepakat-web',
          scope: 'openid profile',
          audience: 'sepakat-api',
        },
      },
    },
  })
  config(): SignInMethod {
    return this.method;
  }

  @Post('sign-in-links/exchange')
  @Public()
  // A token response must not be kept by any cache (RFC 6749 §5.1).
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Exchange the code of a one-time sign-in link for a bearer token (embedded mode); the code works once',
    security: NO_TOKEN,
  })
  @ApiCreatedResponse({ type: SignedInDto, description: 'Signed in; the code is spent' })
  @ApiProblems(400, 413, 415, 429)
  @ApiUnauthorizedResponse({
    description: 'The code is unknown, used or expired (one answer for the three): ask for a new link',
    ...problem({
      type: 'urn:sepakat:problem:sign-in-link-invalid',
      title: 'Unauthorized',
      status: 401,
      detail: 'This sign-in link is unknown, used or expired: ask for a new one',
    }),
  })
  @ApiNotFoundResponse({
    description: 'The service signs people in at an OIDC issuer: it has no sign-in links',
    ...problem({ type: 'urn:sepakat:problem:not-found', title: 'Not Found', status: 404 }),
  })
  async exchange(@Body() body: SignInCodeDto): Promise<SignedInDto> {
    const { token, expiresAt, actor } = await this.links.exchange(body.code);
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      actor: { id: actor.id, name: actor.name, agencyId: actor.agencyId, roles: [...actor.roles] },
    };
  }
}
