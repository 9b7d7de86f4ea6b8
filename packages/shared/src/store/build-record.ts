import { z } from 'zod';

/** The key of a build's record in its collection's metadata. */
export const BUILD_KEY = 'build';

/**
 * What a collection knows of its own build: whether its ingest still runs,
 * when it started (its place in the order of builds), and when it was made
 * live (a build's start, or the moment of a manual activation). Kept in the
 * collection's metadata, so it lives and dies with the build; read back with
 * this schema, and shown by `GET /collections`.
 */
export const buildRecordSchema = z.object({
  state: z.enum(['building', 'built']),
  startedAt: z.number().describe('Milliseconds since the epoch.'),
  activatedAt: z
    .number()
    .optional()
    .describe('The stamp it went live with; a build goes live only over an older stamp.'),
});
export type BuildRecord = z.output<typeof buildRecordSchema>;

export function readBuildRecord(metadata: unknown): BuildRecord | undefined {
  const parsed = buildRecordSchema.safeParse((metadata as Record<string, unknown> | null | undefined)?.[BUILD_KEY]);
  return parsed.success ? parsed.data : undefined;
}
