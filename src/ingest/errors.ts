import { InputError } from '../model/errors.js';

/** A URL (or one of its redirects) that points at an address sitrep does not connect to. */
export class AddressRefusedError extends InputError {
  constructor(
    input: string,
    reason: string,
    /** True when no option allows the address (link-local, cloud metadata), not even --allow-private. */
    readonly always: boolean,
  ) {
    super(input, reason);
    this.name = 'AddressRefusedError';
  }
}
