// The code (and reason) of the ClientCertError a function throws ('ACCEPTED' when it does not throw).
import { ClientCertError } from '../../src/errors';

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    return (err as ClientCertError).code;
  }
  return 'ACCEPTED';
}

/** The code and reason of the ClientCertError `fn` throws ('ACCEPTED' when it does not throw). */
export function codeAndReasonOf(fn: () => unknown): { code: string; reason: string } | 'ACCEPTED' {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    const { code, reason } = err as ClientCertError;
    return { code, reason };
  }
  return 'ACCEPTED';
}

/** The code, reason and message of the ClientCertError `fn` throws (it must throw one). */
export function codeReasonAndMessageOf(fn: () => unknown): { code: string; reason: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ClientCertError)) throw err;
    return { code: err.code, reason: err.reason, message: err.message };
  }
  throw new Error('expected a ClientCertError');
}
