/**
 * Canary secrets: values no answer, header or log line of the service may
 * ever contain. A security test runs the service with them in its
 * environment (and its files) and searches everything it saw for them.
 */
export const CANARIES = {
  API_KEY: 'canary-api-key-5b1f0c7e9a2d4c61',
  OPENAI_API_KEY: 'sk-canary-openai-8d2e4f60a1b3c5d7',
  HF_TOKEN: 'hf_canaryHuggingFace3c9a7e1f5b2d',
  REDIS_PASSWORD: 'canary-redis-password-71e0d9c4',
  QDRANT_API_KEY: 'canary-qdrant-key-2f8b6a4e0c1d',
} as const;

/** The canaries found in `text` (none, when the service kept its secrets). */
export function canariesIn(text: string): string[] {
  return Object.entries(CANARIES)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

/** Everything a response shows a client: status line, headers and body. */
export async function responseText(response: Response): Promise<string> {
  const headers = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${response.status} ${response.statusText}\n${headers}\n\n${await response.text()}`;
}
