/**
 * A source as a job's status shows it: a URL without credentials, query or
 * fragment (they may hold a signature or a token), a file path as given.
 */
export function displaySource(source: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return source;
  try {
    const url = new URL(source);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'a URL that cannot be parsed';
  }
}
