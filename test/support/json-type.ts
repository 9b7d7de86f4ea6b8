/** Whether a content type (`application/json; charset=utf-8`, `application/problem+json`) is JSON. */
export function isJsonType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}
