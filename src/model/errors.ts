/** An input that cannot be read as an article. The message always names the input. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`${input}: ${reason}`);
    this.name = 'InputError';
  }
}
