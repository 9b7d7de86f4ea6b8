import { InferenceClient } from '@huggingface/inference';

/**
 * An Inference client for one call, and what that call needs around it: the
 * model/provider arguments (a dedicated endpoint is its own provider, else
 * HF_PROVIDER picks one) and the Retry-After of the last answer, which the
 * client's errors do not carry.
 */
export function hfCall(name: string, options: { hfToken?: string; hfEndpointUrl?: string; hfProvider?: string }) {
  let retryAfter: number | undefined;
  const client = new InferenceClient(options.hfToken, {
    ...(options.hfEndpointUrl ? { endpointUrl: options.hfEndpointUrl } : {}),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const header = Number(response.headers.get('retry-after'));
      if (Number.isFinite(header) && header >= 0) retryAfter = header;
      return response;
    },
  });
  const target = options.hfEndpointUrl ? { model: name } : { model: name, provider: (options.hfProvider ?? 'auto') as 'auto' };
  return { client, target, retryAfter: () => retryAfter };
}
