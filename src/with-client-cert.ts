/**
 * `withClientCert(handler)`: a route handler whose `req.clientCert` is typed as present.
 * Express types a handler's `req` as its own `Request`, where `clientCert` is optional, and will
 * not take a handler that declares a narrower `req` (TS2769). Wrapping the handler gives it the
 * narrower type, and checks at run time that the type is true.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertError } from './errors.js';
import { clientCertRan, readableState } from './request-state.js';
import type { ClientCertIdentity, ClientCertRequestFields } from './types.js';

/** A request whose certificate verified: `clientCert` is present. Defaults to node:http's request. */
export type RequestWithClientCert<R = IncomingMessage> = R & { readonly clientCert: ClientCertIdentity };

/**
 * Wraps a route handler so that its `req.clientCert` is typed as present. Put it after
 * `requireClientCert(...)`. Should it run without an identity (the guard left out), it passes
 * the stored refusal or ERR_CLIENT_CERT_MISSING to `next` instead of calling the handler; without
 * `clientCert` mounted at all, a TypeError that says so.
 * The handler's return value (an Express 5 promise) is returned unchanged. Express cannot pass
 * its types in through the call, so annotate the handler (`req: RequestWithClientCert<Request>,
 * res: Response`); unannotated, `req` and `res` are node:http's.
 */
export function withClientCert<
  Req extends IncomingMessage = IncomingMessage,
  Res = ServerResponse,
  Next extends (err?: unknown) => void = (err?: unknown) => void,
  Result = unknown,
>(handler: (req: RequestWithClientCert<Req>, res: Res, next: Next) => Result): (req: Req, res: Res, next: Next) => Result | undefined {
  return function withClientCertHandler(req: Req, res: Res, next: Next): Result | undefined {
    const fields = req as Req & ClientCertRequestFields;
    if (!fields.clientCert) {
      if (!clientCertRan(readableState(req)) && !fields.clientCertError) {
        // No clientCert ran on this request: "certificate required" would blame the client.
        next(
          new TypeError(
            'withClientCert(): no clientCert() middleware ran before this handler, so no certificate was read. ' +
              'Mount app.use(clientCert({ trustedProxies, trustAnchors })) before the routes, and requireClientCert() on this one.',
          ),
        );
        return undefined;
      }
      next(
        fields.clientCertError ??
          new ClientCertError('ERR_CLIENT_CERT_MISSING', 'A client certificate is required (the route has no requireClientCert guard)', {
            reason: 'handler-without-identity',
          }),
      );
      return undefined;
    }
    return handler(fields as RequestWithClientCert<Req>, res, next);
  };
}
