/** Injection token of the {@link SignInMethod} of this service. */
export const SIGN_IN_METHOD = Symbol('SignInMethod');

/**
 * How a person signs in to this service, as a browser app must know it before it holds a token
 * (`GET /auth/config`): with a one-time link from an operator (embedded mode), or at the OIDC
 * issuer with the web app's public client id. Nothing in it is secret.
 */
export type SignInMethod =
  | { readonly mode: 'embedded' }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      /** Null when no client id is configured for the web app: the browser then cannot sign in. */
      readonly clientId: string | null;
      readonly scope: string;
      readonly audience: string;
    };
