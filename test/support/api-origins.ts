/**
 * The origins (`http://127.0.0.1:<port>`) where a test runs the review search
 * API: answers received from these are checked against the OpenAPI document.
 * Registered where a test starts the API (in this process or as a process of
 * its own), forgotten when it stops, as its port may then serve something else.
 */
const origins = new Set<string>();

export function registerApiOrigin(baseUrl: string): void {
  origins.add(new URL(baseUrl).origin);
}

export function forgetApiOrigin(baseUrl: string): void {
  origins.delete(new URL(baseUrl).origin);
}

/** Whether `url` (a full URL) is on an origin where the API runs. */
export function isApiOrigin(url: string): boolean {
  try {
    return origins.has(new URL(url).origin);
  } catch {
    return false;
  }
}
