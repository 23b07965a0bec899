import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SIGN_IN_CODE } from '../../application/ports/sign-in-codes.port';
import { MeDto } from '../identity/me.dto';

const EXAMPLE_CODE = 'Xq3vTz0bN8aK1mYc4sWg7uJd2pLr9eHf6iOa5xQk0Zs';

/** `POST /auth/sign-in-links/exchange`: the code of the link (the `kode` of `#/masuk?kode=`). */
export class SignInCodeDto {
  @ApiProperty({
    example: EXAMPLE_CODE,
    pattern: SIGN_IN_CODE.source,
    description: 'The code of a one-time sign-in link: 43 characters of base64url',
  })
  @Matches(SIGN_IN_CODE, { message: '$property must be the code of a sign-in link: 43 characters of base64url' })
  code!: string;
}

/** The answer of an exchanged sign-in code: a bearer token for every other route. */
export class SignedInDto {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzaXRpIn0.c2lnbmF0dXJl',
    description: 'Send it as Authorization: Bearer <token>',
  })
  token!: string;

  @ApiProperty({ example: '2024-11-15T11:00:00.000Z', format: 'date-time', description: 'When the token stops being accepted' })
  expiresAt!: string;

  @ApiProperty({ type: MeDto, description: 'Who the token vouches for, as GET /me will answer' })
  actor!: MeDto;
}

/** `GET /auth/config` in the embedded mode: sign in with a one-time link from an operator. */
export class EmbeddedSignInMethodDto {
  @ApiProperty({ enum: ['embedded'], example: 'embedded' })
  mode!: 'embedded';
}

/** `GET /auth/config` in OIDC mode: sign in at the issuer, as the web app's public client. */
export class OidcSignInMethodDto {
  @ApiProperty({ enum: ['oidc'], example: 'oidc' })
  mode!: 'oidc';

  @ApiProperty({ example: 'https://sso.example.go.id/realms/pemerintah' })
  issuer!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sepakat-web',
    description: 'The web app’s public client id; null: web sign-in is not configured (AUTH_OIDC_CLIENT_ID)',
  })
  clientId!: string | null;

  @ApiProperty({ example: 'openid profile' })
  scope!: string;

  @ApiProperty({ example: 'sepakat-api', description: 'The audience the API accepts tokens for' })
  audience!: string;
}
