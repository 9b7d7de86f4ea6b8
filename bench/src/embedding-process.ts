/**
 * One bare embedding process of the benchmark's row a2: loads the model named
 * in its arguments, says `ready`, and on `go` embeds the texts it was sent in
 * batches of 64 (in the order sent), then says `done`. Nothing else: no queue,
 * no cache, no store.
 */
import { loadEmbedder, type EmbedderOptions } from '@review-search/shared';

interface Start {
  texts: string[];
}

async function main(): Promise<void> {
  const [model, optionsJson] = process.argv.slice(2);
  const options = JSON.parse(optionsJson!) as EmbedderOptions;
  const embedder = await loadEmbedder(model!, options);
  await embedder.embed(['warm up']);
  let texts: string[] = [];
  process.on('message', async (message: Start | 'go') => {
    if (message !== 'go') {
      texts = message.texts;
      process.send!('ready');
      return;
    }
    for (let i = 0; i < texts.length; i += 64) await embedder.embed(texts.slice(i, i + 64));
    process.send!('done', () => process.exit(0));
  });
  process.send!('loaded');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
