/** A disclosure model that contradicts itself: a caller's bug, never site data. */
export class DisclosureModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisclosureModelError';
  }
}
