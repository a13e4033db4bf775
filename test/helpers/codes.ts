// The code of the ClientCertError a function throws ('ACCEPTED' when it does not throw).
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
