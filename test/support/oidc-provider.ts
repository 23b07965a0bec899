import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { within } from './async';

/** Someone who can sign in at the test provider, and the claims the service maps from their access token. */
export interface ProviderAccount {
  readonly sub: string;
  readonly password: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly string[];
}

export interface ProviderSettings {
  /** The web app as a public client: PKCE, code and refresh token grants, this one redirect URI for sign-in and sign-out. */
  readonly client: { readonly clientId: string; readonly redirectUri: string };
  /** The API's resource indicator (an absolute URI, RFC 8707), the `aud` of its JWT access tokens. */
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly accounts: readonly ProviderAccount[];
}

/** A running `oidc-provider` (test/support/oidc-provider.mjs): known by its issuer before the client is registered. */
export interface TestOidcProvider {
  readonly issuer: string;
  /** Registers the client and accounts; the provider answers only from then on. */
  configure(settings: ProviderSettings): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the provider in a child process and waits for its issuer. Two steps because the service
 * needs the issuer in its configuration before it listens, and the provider needs the service's
 * origin for the client's redirect URI: each learns the other's address once it has one.
 */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // The package prints its notices on stdout too: the messages are the lines that are JSON objects.
  const messages: Array<Record<string, unknown>> = [];
  const arrived = new EventEmitter();
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) output += `${line}\n`;
    else messages.push(JSON.parse(line) as Record<string, unknown>);
    arrived.emit('line');
  });
  const message = async (): Promise<Record<string, unknown> | undefined> => {
    while (messages.length === 0) {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      await Promise.race([once(arrived, 'line'), exited]);
    }
    return messages.shift();
  };
  const next = async (what: string): Promise<Record<string, unknown>> => {
    const received = await within(message(), 20_000, `the OIDC provider's ${what}`).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    if (!received) throw new Error(`The OIDC provider exited before its ${what}:\n${output}`);
    return received;
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Closing stdin is its signal to stop; SIGKILL only if it does not.
    child.stdin.end();
    await within(exited, 5_000, 'the OIDC provider to exit').catch(() => child.kill('SIGKILL'));
  };
  try {
    const { issuer } = await next('issuer');
    return {
      issuer: issuer as string,
      async configure(settings) {
        child.stdin.write(`${JSON.stringify(settings)}\n`);
        await next('configuration');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
