export function exportLinks(exportId: string): { self: string; zip: string } {
  return { self: `/v1/exports/${exportId}`, zip: `/v1/exports/${exportId}.zip` };
}
