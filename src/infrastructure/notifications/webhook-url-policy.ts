import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { InvalidInputError } from '../../application/errors';
import type { WebhookUrlCheck } from '../../application/ports/notifications.port';

/** Addresses a webhook may never reach: private, loopback, link-local, carrier-grade NAT, documentation, multicast, reserved. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['2002::', 16],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`): judged as the IPv4 address it is. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

export function isLoopbackAddress(raw: string): boolean {
  const address = unmapped(raw);
  return LOOPBACK.check(address, family(address));
}

/** Whether a webhook may reach this address: a public one, or a loopback one when the deployment allows it (tests). */
export function isAllowedAddress(raw: string, allowLoopback: boolean): boolean {
  const address = unmapped(raw);
  if (allowLoopback && isLoopbackAddress(address)) return true;
  return !INTERNAL.check(address, family(address));
}

/** Longest webhook URL kept. */
const MAX_URL_LENGTH = 2048;

export interface WebhookUrlPolicyOptions {
  /** `WEBHOOK_ALLOW_LOOPBACK`: plain http to 127.0.0.1, ::1 or localhost (for tests and local receivers). */
  readonly allowLoopback: boolean;
  /** How long a name may take to resolve when a webhook is added (it is resolved again at each delivery). */
  readonly lookupTimeoutMs?: number;
  /** Name resolution (tests give their own). */
  readonly lookup?: (hostname: string) => Promise<readonly string[]>;
}

const bad = (message: string) => new InvalidInputError('url', message);

function resolveAll(hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );
}

/**
 * Where webhooks may point (see {@link WebhookUrlCheck}), checked when a webhook is added and again
 * at every delivery and redirect: the host's addresses are resolved as the connection is made
 * ({@link WebhookUrlPolicy.lookup}), so a name that later resolves inward (DNS rebinding) is refused then.
 */
export class WebhookUrlPolicy implements WebhookUrlCheck {
  private readonly resolve: (hostname: string) => Promise<readonly string[]>;

  constructor(private readonly options: WebhookUrlPolicyOptions) {
    this.resolve = options.lookup ?? resolveAll;
  }

  /** The parsed URL if its form is acceptable (scheme, credentials, literal address); throws saying why not. */
  parse(raw: string): URL {
    if (raw.length > MAX_URL_LENGTH) throw bad(`url must be at most ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw bad('url must be an absolute URL, e.g. https://arsip.kemendesa.go.id/sepakat/webhook');
    }
    if (url.username !== '' || url.password !== '') throw bad('url must not carry a user name or password: deliveries are signed instead');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const loopbackHost = host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isLoopbackAddress(host));
    if (url.protocol === 'http:') {
      if (!(this.options.allowLoopback && loopbackHost))
        throw bad('url must use https (plain http only to a loopback address, where the deployment allows it)');
    } else if (url.protocol !== 'https:') {
      throw bad('url must use https');
    }
    if (loopbackHost && !this.options.allowLoopback) throw bad(`url must not point to this machine (${host})`);
    if (isIP(host) !== 0 && !isAllowedAddress(host, this.options.allowLoopback)) {
      throw bad(`url must not point to a private, loopback or reserved address (${host})`);
    }
    url.hash = '';
    return url;
  }

  async check(raw: string): Promise<string> {
    const url = this.parse(raw);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) === 0 && !(host === 'localhost' || host.endsWith('.localhost'))) {
      // A name that does not resolve now may later (its deliveries then say why they fail); one
      // that resolves inward is refused at once.
      const addresses = await Promise.race([
        this.resolve(host).catch(() => [] as string[]),
        new Promise<string[]>((done) => setTimeout(() => done([]), this.options.lookupTimeoutMs ?? 3_000).unref()),
      ]);
      // (Which address it resolves to is not said: a coordinator must not map the internal network through this answer.)
      if (addresses.some((address) => !isAllowedAddress(address, this.options.allowLoopback))) {
        throw bad(`url must not point to a private, loopback or reserved address (${host} resolves to one)`);
      }
    }
    return url.toString();
  }

  /**
   * The connection's name lookup: resolves as usual, then refuses the connection if any address
   * is one a webhook may not reach, so neither a rebinding name nor a redirect gets inside.
   */
  get lookup(): LookupFunction {
    const allowLoopback = this.options.allowLoopback;
    const resolve = this.resolve;
    return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      resolve(hostname).then(
        (addresses) => {
          if (addresses.length === 0) return callback(new Error(`${hostname} does not resolve`));
          if (addresses.some((address) => !isAllowedAddress(address, allowLoopback))) {
            return callback(new Error(`${hostname} resolves to a private, loopback or reserved address: refused`));
          }
          const all = addresses.map((address) => ({ address, family: isIP(address) }));
          if (options.all) callback(null, all);
          else callback(null, all[0].address, all[0].family);
        },
        (error: Error) => callback(error),
      );
    }) as LookupFunction;
  }
}
