export const EXPORT_SETTINGS = Symbol('EXPORT_SETTINGS');

export interface ExportSettings {
  /** the projector consumer group whose offsets an export's manifest records */
  projectorGroupId: string;
}
