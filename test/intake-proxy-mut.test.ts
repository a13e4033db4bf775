// Proxy trust (src/proxy.ts) called directly: the peer address form, what each entry compiles to
// (format, field names, chain fields, XFCC elements, the cache-key prefix), which fields every
// request loses, when a peer is ambiguous, a throwing predicate, and the exact configuration errors.
import { CLOUDFLARE_HASH_HEADER } from '../src/formats/cloudflare';
import { KNOWN_CERTIFICATE_HEADERS } from '../src/formats/index';
import { DEFAULT_CHAIN_FIELD_PREFIX } from '../src/formats/numbered';
import { PEER_AMBIGUOUS, PREDICATE_THREW, compileProxies, normalisePeer } from '../src/proxy';
import type { TrustedProxy } from '../src/types';

const SEP = '\u0003';

describe('normalisePeer', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    ['10.1.2.3', '10.1.2.3'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['::ffff:1.2.3.4x', '::ffff:1.2.3.4x'],
    ['::ffff:1.2.3', '::ffff:1.2.3'],
    ['::ffff:1234.1.2.3', '::ffff:1234.1.2.3'],
    ['x::ffff:1.2.3.4', 'x::ffff:1.2.3.4'],
    ['::1::ffff:1.2.3.4', '::1::ffff:1.2.3.4'],
    ['::1', '::1'],
    ['fe80::ffff:1.2.3.4', 'fe80::ffff:1.2.3.4'],
  ])('%j → %j', (address, expected) => {
    expect(normalisePeer(address)).toBe(expected);
  });
});

describe('compileProxies: plain addresses', () => {
  it('a list of addresses reads RFC 9440 with its default fields', () => {
    const proxies = compileProxies(['127.0.0.1']);
    expect(proxies.formatOf('127.0.0.1')).toEqual({
      format: 'rfc9440',
      header: 'client-cert',
      chainHeader: 'client-cert-chain',
      chainPrefix: '',
      xfccElements: 'exactly-one',
      keyPrefix: `rfc9440${SEP}exactly-one${SEP}client-cert`,
    });
    expect(proxies.formatOf('127.0.0.2')).toBeUndefined();
    expect(proxies.formatOf('')).toBeUndefined();
    expect([...proxies.fieldNames].sort()).toEqual([...KNOWN_CERTIFICATE_HEADERS].sort());
    expect(proxies.fieldPrefixes).toEqual([DEFAULT_CHAIN_FIELD_PREFIX]);
  });

  it('a comma-separated string is split and trimmed', () => {
    const proxies = compileProxies('10.0.0.1 ,  10.0.0.2');
    expect(proxies.formatOf('10.0.0.1')?.toString()).toBe('[object Object]');
    expect(proxies.formatOf('10.0.0.2')).toMatchObject({ format: 'rfc9440' });
    expect(proxies.formatOf('10.0.0.3')).toBeUndefined();
  });

  it('an address proxy-addr cannot parse is not trusted, and the answer is remembered', () => {
    const proxies = compileProxies(['loopback']);
    expect(proxies.formatOf('/run/app.sock')).toBeUndefined();
    expect(proxies.formatOf('/run/app.sock')).toBeUndefined();
    expect(proxies.formatOf('127.0.0.1')).toMatchObject({ format: 'rfc9440' });
    expect(proxies.formatOf('127.0.0.1')).toBe(proxies.formatOf('127.0.0.1'));
  });

  it('no addresses: nobody is trusted', () => {
    const proxies = compileProxies([]);
    expect(proxies.formatOf('127.0.0.1')).toBeUndefined();
  });
});

describe('compileProxies: entries', () => {
  const one = (entry: TrustedProxy) => {
    const proxies = compileProxies([entry]);
    return { proxies, format: proxies.formatOf('10.9.9.9') };
  };

  it.each([
    ['rfc9440', 'client-cert', 'client-cert-chain'],
    ['envoy-xfcc', 'x-forwarded-client-cert', ''],
    ['escaped-pem', 'x-amzn-mtls-clientcert', ''],
    ['base64-der', 'x-arr-clientcert', ''],
    ['apache-pem', 'x-ssl-client-cert', ''],
    ['traefik', 'x-forwarded-tls-client-cert', ''],
    ['ingress-nginx', 'ssl-client-cert', ''],
    ['cloudflare-legacy', 'cf-client-cert-der-base64', CLOUDFLARE_HASH_HEADER],
  ] as const)('%s reads %s (second field %j) by default', (format, header, chainHeader) => {
    const { format: got } = one({ addresses: '10.9.9.9', format });
    expect(got).toEqual({
      format,
      header,
      chainHeader,
      chainPrefix: '',
      xfccElements: 'exactly-one',
      keyPrefix: `${format}${SEP}exactly-one${SEP}${header}`,
    });
  });

  it('field names are lowercased and every configured field is stripped', () => {
    const { proxies, format } = one({ addresses: ['10.9.9.9'], header: 'X-My-Cert', chainHeader: 'X-My-Chain' });
    expect(format).toMatchObject({ header: 'x-my-cert', chainHeader: 'x-my-chain', keyPrefix: `rfc9440${SEP}exactly-one${SEP}x-my-cert` });
    expect(proxies.fieldNames.has('x-my-cert')).toBe(true);
    expect(proxies.fieldNames.has('x-my-chain')).toBe(true);
    expect(proxies.fieldNames.size).toBe(KNOWN_CERTIFICATE_HEADERS.length + 2);
  });

  it('a format without a second field adds no empty field name', () => {
    const { proxies } = one({ addresses: '10.9.9.9', format: 'traefik', header: 'x-t' });
    expect(proxies.fieldNames.has('')).toBe(false);
    expect(proxies.fieldNames.size).toBe(KNOWN_CERTIFICATE_HEADERS.length + 1);
  });

  it('chain fields: true is Apache’s prefix, a name is lowercased, each prefix is stripped once', () => {
    expect(one({ addresses: '10.9.9.9', format: 'apache-pem', chainFields: true }).format).toMatchObject({
      chainPrefix: DEFAULT_CHAIN_FIELD_PREFIX,
    });
    const { proxies, format } = one({ addresses: '10.9.9.9', format: 'escaped-pem', chainFields: 'X-Chain-' });
    expect(format).toMatchObject({ chainPrefix: 'x-chain-' });
    expect(proxies.fieldPrefixes).toEqual([DEFAULT_CHAIN_FIELD_PREFIX, 'x-chain-']);
    const both = compileProxies([
      { addresses: '10.0.0.1', format: 'apache-pem', chainFields: true },
      { addresses: '10.0.0.2', format: 'escaped-pem', chainFields: 'x-chain-' },
      { addresses: '10.0.0.3', format: 'apache-pem', chainFields: 'x-chain-' },
    ]);
    expect(both.fieldPrefixes).toEqual([DEFAULT_CHAIN_FIELD_PREFIX, 'x-chain-']);
    expect(one({ addresses: '10.9.9.9', format: 'apache-pem' }).format).toMatchObject({ chainPrefix: '' });
  });

  it('XFCC elements', () => {
    expect(one({ addresses: '10.9.9.9', format: 'envoy-xfcc', xfccElements: 'last-of-several' }).format).toEqual({
      format: 'envoy-xfcc',
      header: 'x-forwarded-client-cert',
      chainHeader: '',
      chainPrefix: '',
      xfccElements: 'last-of-several',
      keyPrefix: `envoy-xfcc${SEP}last-of-several${SEP}x-forwarded-client-cert`,
    });
    expect(one({ addresses: '10.9.9.9', format: 'envoy-xfcc', xfccElements: 'exactly-one' }).format).toMatchObject({
      xfccElements: 'exactly-one',
    });
  });

  it('plain addresses and entries together', () => {
    const proxies = compileProxies(['10.0.0.1', { addresses: '10.0.0.2', format: 'traefik' }]);
    expect(proxies.formatOf('10.0.0.1')).toMatchObject({ format: 'rfc9440' });
    expect(proxies.formatOf('10.0.0.2')).toMatchObject({ format: 'traefik' });
  });
});

describe('a peer inside several entries', () => {
  const A = '10.1.2.3';
  const base: TrustedProxy = { addresses: A, format: 'apache-pem', header: 'x-a', chainFields: 'x-c-' };

  it('that read the same fields the same way is trusted once', () => {
    const proxies = compileProxies([base, { ...base, addresses: '10.1.0.0/16' }]);
    expect(proxies.formatOf(A)).toMatchObject({ format: 'apache-pem', header: 'x-a', chainPrefix: 'x-c-' });
  });

  it.each<[string, TrustedProxy]>([
    ['another format', { addresses: A, format: 'escaped-pem', header: 'x-a', chainFields: 'x-c-' }],
    ['another field', { ...base, header: 'x-b' }],
    ['other chain fields', { ...base, chainFields: 'x-d-' }],
    ['no chain fields', { addresses: A, format: 'apache-pem', header: 'x-a' }],
  ])('that differ by %s is ambiguous', (_name, other) => {
    expect(compileProxies([base, other]).formatOf(A)).toBe(PEER_AMBIGUOUS);
    expect(compileProxies([other, base]).formatOf(A)).toBe(PEER_AMBIGUOUS);
  });

  it.each<[string, TrustedProxy, TrustedProxy]>([
    ['another chain field', { addresses: A, chainHeader: 'x-1' }, { addresses: A, chainHeader: 'x-2' }],
    [
      'other XFCC elements',
      { addresses: A, format: 'envoy-xfcc' },
      { addresses: A, format: 'envoy-xfcc', xfccElements: 'last-of-several' },
    ],
  ])('that differ by %s is ambiguous', (_name, first, second) => {
    expect(compileProxies([first, second]).formatOf(A)).toBe(PEER_AMBIGUOUS);
  });

  it('a plain address beside an entry of another format is ambiguous; three entries stay ambiguous', () => {
    expect(compileProxies(['10.0.0.0/8', base]).formatOf(A)).toBe(PEER_AMBIGUOUS);
    expect(compileProxies([base, { ...base, header: 'x-b' }, base]).formatOf(A)).toBe(PEER_AMBIGUOUS);
    expect(compileProxies(['10.0.0.0/8', base]).formatOf('10.9.9.9')).toMatchObject({ format: 'rfc9440' });
  });
});

describe('a trustedProxies predicate', () => {
  it('trusts a peer for RFC 9440 only when it returns true', () => {
    const proxies = compileProxies((addr) => addr === '10.0.0.1');
    expect(proxies.formatOf('10.0.0.1')).toMatchObject({ format: 'rfc9440', keyPrefix: `rfc9440${SEP}exactly-one${SEP}client-cert` });
    expect(proxies.formatOf('10.0.0.2')).toBeUndefined();
    expect(compileProxies((() => 1) as never).formatOf('10.0.0.1')).toBeUndefined();
    expect(proxies.formatOf('')).toBeUndefined();
    expect(proxies.fieldPrefixes).toEqual([DEFAULT_CHAIN_FIELD_PREFIX]);
    expect([...proxies.fieldNames].sort()).toEqual([...KNOWN_CERTIFICATE_HEADERS].sort());
  });

  it('is never asked about an unknown peer', () => {
    const seen: string[] = [];
    compileProxies((addr) => {
      seen.push(addr);
      return true;
    }).formatOf('');
    expect(seen).toEqual([]);
  });

  it('that throws leaves the peer untrusted and is reported once, its message escaped', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const proxies = compileProxies(() => {
        throw new Error('bad\nline');
      });
      expect(proxies.formatOf('10.0.0.1')).toBe(PREDICATE_THREW);
      expect(proxies.formatOf('10.0.0.2')).toBe(PREDICATE_THREW);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        'express-client-cert: the trustedProxies function threw (bad\\0aline); peers it throws for are treated as untrusted, further failures are not reported',
        { code: 'EXPRESS_CLIENT_CERT_TRUSTED_PROXIES' },
      );
      const other = compileProxies(() => {
        throw 'a string';
      });
      expect(other.formatOf('10.0.0.1')).toBe(PREDICATE_THREW);
      expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('threw (a string);'), expect.anything());
    } finally {
      warn.mockRestore();
    }
  });
});

describe('configuration errors', () => {
  const compile = (entry: unknown) => () => compileProxies([entry as TrustedProxy]);
  const FORMATS = 'rfc9440, envoy-xfcc, escaped-pem, base64-der, apache-pem, traefik, ingress-nginx, cloudflare-legacy';

  it.each<[string, unknown, string]>([
    ['no addresses', { addresses: [] }, 'clientCert(): `trustedProxies[0].addresses` must be an address, a CIDR or a list of them.'],
    [
      'addresses that are not strings',
      { addresses: [1] },
      'clientCert(): `trustedProxies[0].addresses` must be an address, a CIDR or a list of them.',
    ],
    [
      'addresses of which one is not a string',
      { addresses: ['10.0.0.1', 1] },
      'clientCert(): `trustedProxies[0].addresses` must be an address, a CIDR or a list of them.',
    ],
    [
      'addresses that are not a list',
      { addresses: 5 },
      'clientCert(): `trustedProxies[0].addresses` must be an address, a CIDR or a list of them.',
    ],
    [
      'an unknown format',
      { addresses: 'loopback', format: 'pem' },
      `clientCert(): \`trustedProxies[0].format\` must be one of ${FORMATS}.`,
    ],
    [
      'a chain header outside RFC 9440',
      { addresses: 'loopback', format: 'traefik', chainHeader: 'x' },
      'clientCert(): `trustedProxies[0].chainHeader` applies to the rfc9440 format only.',
    ],
    [
      'chain fields outside apache-pem and escaped-pem',
      { addresses: 'loopback', format: 'traefik', chainFields: true },
      'clientCert(): `trustedProxies[0].chainFields` applies to the apache-pem and escaped-pem formats only.',
    ],
    [
      'unknown XFCC elements',
      { addresses: 'loopback', format: 'envoy-xfcc', xfccElements: 'all' },
      "clientCert(): `trustedProxies[0].xfccElements` must be 'exactly-one' or 'last-of-several'.",
    ],
    [
      'XFCC elements outside envoy-xfcc',
      { addresses: 'loopback', xfccElements: 'exactly-one' },
      'clientCert(): `trustedProxies[0].xfccElements` applies to the envoy-xfcc format only.',
    ],
    [
      'an unknown key',
      { addresses: 'loopback', adress: 'x' },
      'clientCert(): unknown key `trustedProxies[0].adress` (known: addresses, format, header, chainHeader, chainFields, xfccElements).',
    ],
    [
      'a header that is not a field name',
      { addresses: 'loopback', header: 'x y' },
      'clientCert(): `trustedProxies[0].header` must be an HTTP field name.',
    ],
    [
      'a header that is not a string',
      { addresses: 'loopback', header: 5 },
      'clientCert(): `trustedProxies[0].header` must be an HTTP field name.',
    ],
    ['an empty header', { addresses: 'loopback', header: '' }, 'clientCert(): `trustedProxies[0].header` must be an HTTP field name.'],
    [
      'a chain header with a colon',
      { addresses: 'loopback', chainHeader: 'x:y' },
      'clientCert(): `trustedProxies[0].chainHeader` must be an HTTP field name.',
    ],
    [
      'a chain-field prefix that is not a field name',
      { addresses: 'loopback', format: 'apache-pem', chainFields: 'x y' },
      'clientCert(): `trustedProxies[0].chainFields` must be an HTTP field name.',
    ],
    [
      'an address proxy-addr cannot parse',
      { addresses: 'not-an-address' },
      "clientCert(): `trustedProxies` is not valid proxy-addr syntax (invalid IP address: not-an-address). Use 'loopback', 'linklocal', 'uniquelocal', IP addresses or CIDR ranges such as '10.0.0.0/8'.",
    ],
    [
      'an address with a zone',
      { addresses: 'fe80::1%eth0' },
      "clientCert(): `trustedProxies` entry 'fe80::1%eth0' has an IPv6 zone id (%…), which is not supported: a zone would be ignored, trusting that address on every interface. Give the address without the zone, and make sure no other interface can reach this server from it.",
    ],
  ])('%s', (_name, entry, message) => {
    expect(compile(entry)).toThrow(new TypeError(message));
    expect(compile(entry)).toThrow(TypeError);
  });

  it('names the entry by its index', () => {
    expect(() => compileProxies(['10.0.0.1', { addresses: 'loopback' }, { addresses: [] }])).toThrow(
      'clientCert(): `trustedProxies[2].addresses` must be an address, a CIDR or a list of them.',
    );
  });

  it('accepts every field-name character RFC 9110 allows', () => {
    expect(() => compileProxies([{ addresses: 'loopback', header: "a!#$%&'*+.^_`|~-9Z" }])).not.toThrow();
  });
});
