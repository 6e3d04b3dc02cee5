/** The events handed to foldJourney cannot form one participant's journey (a caller bug, not bad site data). */
export class JourneyFoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JourneyFoldError';
  }
}
