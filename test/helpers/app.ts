// Small Express apps around the middleware, for supertest.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import express5 from 'express';
import { clientCert, isClientCertError, type ClientCertAuditEvent, type ClientCertOptions } from '../../src/index';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const express4 = require('express4') as typeof express5;

export const expressVersions = [
  ['express 5', express5],
  ['express 4', express4],
] as const;

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  void _next;
  const status = isClientCertError(err) ? err.status : 500;
  res.status(status).json({ error: isClientCertError(err) ? err.code : 'internal' });
};

/** What the app saw: identity, error code, and whether the fields were still on the request. */
export const echo: RequestHandler = (req, res) => {
  res.json({
    subject: req.clientCert?.subject ?? null,
    fingerprint256: req.clientCert?.fingerprint256 ?? null,
    error: req.clientCertError?.code ?? null,
    sawClientCert: req.headers['client-cert'] !== undefined || req.rawHeaders.some((h) => /^client-cert(-chain)?$/i.test(h)),
  });
};

export function makeApp(
  express: typeof express5,
  options: ClientCertOptions,
  routes?: (app: ReturnType<typeof express5>) => void,
): { app: ReturnType<typeof express5>; events: ClientCertAuditEvent[] } {
  const events: ClientCertAuditEvent[] = [];
  const app = express();
  app.use(clientCert({ onAudit: (e) => events.push(e), ...options }));
  routes?.(app);
  app.get('/whoami', echo);
  app.use(errorHandler);
  return { app, events };
}
