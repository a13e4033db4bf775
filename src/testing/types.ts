/** The public types of `express-client-cert/testing`: no `@peculiar/x509` type appears in them. */

/** Options of `createTestPki`. */
export interface TestPkiOptions {
  /** Organisation name used in every subject (`O=<name>`), so two PKIs are told apart. Defaults to `'Test'`. */
  name?: string;
  /** The instant validity periods are counted from. Defaults to the time of the call. */
  now?: Date;
}

/** Subject alternative names of an issued certificate. */
export interface TestSanOptions {
  dns?: readonly string[];
  email?: readonly string[];
  uri?: readonly string[];
  ip?: readonly string[];
}

/** What `pki.issue` mints. */
export interface TestIssueOptions {
  /** The subject's common name. */
  cn: string;
  /** Organisational unit(s) of the subject. Defaults to none. */
  ou?: string | readonly string[];
  /** Subject alternative names. Defaults to none. */
  san?: TestSanOptions;
  /**
   * Extended key usages by name (`clientAuth`, `serverAuth`, `codeSigning`, `emailProtection`,
   * `anyExtendedKeyUsage`) or dotted OID; `null` leaves the extension out. Defaults to `['clientAuth']`.
   */
  eku?: readonly string[] | null;
  /** Start of validity. Defaults to one hour before the PKI's `now`. */
  notBefore?: Date;
  /** End of validity. Defaults to 30 days after the PKI's `now`. */
  notAfter?: Date;
  /** Valid from 30 days to 1 day before the PKI's `now` (overrides `notBefore`/`notAfter`). */
  expired?: boolean;
  /** Valid from 1 day after the PKI's `now` (overrides `notBefore`/`notAfter`). */
  notYetValid?: boolean;
}

/**
 * RFC 9440 fields carrying a certificate and its chain, keyed as supertest's `.set()` takes them
 * (a type alias, not an interface, so it is assignable to header records with an index signature).
 */
export type TestClientCertHeaders = { 'client-cert': string; 'client-cert-chain': string };

/** A certificate minted by the test PKI, with its private key. */
export interface TestCertificate {
  /** RFC 4514 subject, as `req.clientCert.subject` shows it. */
  readonly subject: string;
  /** Lowercase hex serial, as `req.clientCert.serialNumber` shows it. */
  readonly serialNumber: string;
  /** Lowercase hex SHA-256 of the DER. */
  readonly fingerprint256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The certificate in PEM. */
  readonly pem: string;
  /** The certificate's DER. */
  readonly der: Uint8Array;
  /** Its private key, PKCS#8 PEM (for a TLS client or server). */
  readonly keyPem: string;
  /** The intermediate CA that issued it, PEM (what a proxy forwards in `Client-Cert-Chain`). */
  readonly chainPem: string;
  /** `Client-Cert` and `Client-Cert-Chain` values for this certificate and its intermediate. */
  headers(): TestClientCertHeaders;
}

/** When a CRL was issued and when the next one is due. */
export interface TestCrlOptions {
  /** Defaults to one hour before the PKI's `now`. */
  thisUpdate?: Date;
  /** Defaults to 7 days after the PKI's `now`. */
  nextUpdate?: Date;
}

/** A throwaway PKI: root → intermediate → clients. */
export interface TestPki {
  /** The root CA in PEM: what the app under test passes as `trustAnchors`. */
  readonly rootPem: string;
  /** The intermediate CA in PEM: pass it as `intermediates` when a test sends only `client-cert`. */
  readonly intermediatePem: string;
  /** Mints a certificate signed by the intermediate. Serial numbers count up from `10`. */
  issue(options: TestIssueOptions): Promise<TestCertificate>;
  /** Lists `certificate` as revoked in the next `crlPem()`. */
  revoke(certificate: TestCertificate, date?: Date): void;
  /**
   * Current CRLs for both CA levels (root for the intermediate, intermediate for the clients) in
   * one PEM string, as the `crls` option takes them; revocation checking needs both.
   */
  crlPem(options?: TestCrlOptions): Promise<string>;
}
