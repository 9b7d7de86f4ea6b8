import { InputError } from './errors';

/**
 * A 400 for a model a request named that this service does not offer, listing
 * the ones it does (names only). A model string in a request is never loaded,
 * downloaded or sent to a paid provider unless the operator configured it.
 */
export function modelNotAllowed(kind: 'embedding' | 'generation', model: string, allowed: readonly string[]): InputError {
  return new InputError(`${kind} model '${model}' is not offered by this service; allowed: ${allowed.join(', ')}`, {
    model,
    allowed,
  });
}
