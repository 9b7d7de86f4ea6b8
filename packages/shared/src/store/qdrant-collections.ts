import { CALIBRATION_KEY, readCalibration, type SearchCalibration } from '../calibration/search-calibration';
import { ConflictError, DimensionMismatchError, errorMessage, NotFoundError } from '../errors';
import { readBm25Options } from '../lexical/bm25-options';
import { BM25_METADATA_KEY } from './qdrant-bm25';
import { BUILD_KEY, readBuildRecord, type BuildRecord } from './build-record';
import type { QdrantConnection } from './qdrant-connection';
import { SCHEMA_KEY, readBuildSchema, type BuildSchema } from './build-schema';
import { FILTERED_FIELDS, filledFilterFields } from './review-filter';
import type { CollectionInfo } from './collection-info';

/** The name of the sparse (BM25) vector of every review, made by Qdrant from its text. */
export const SPARSE_VECTOR = 'bm25';

/** Collections and aliases on one Qdrant server. */
export class QdrantCollections {
  constructor(private readonly qdrant: QdrantConnection) {}

  async ensureCollection(name: string, dimension: number, model: string): Promise<void> {
    const existing = await this.describeCollection(name);
    if (!existing) {
      try {
        await this.qdrant.call(`create collection '${name}'`, (client) =>
          client.createCollection(name, {
            // The dense vector is named after its model: the collection says what embedded it.
            vectors: { [model]: { size: dimension, distance: 'Cosine' } },
            // BM25 beside it: Qdrant makes the term weights from the text and applies the IDF.
            sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
            shard_number: this.qdrant.options.shards ?? 1,
            replication_factor: this.qdrant.options.replication ?? 1,
          }),
        );
        await this.ensurePayloadIndexes(name, ['textLength']);
        return;
      } catch (error) {
        // Another worker may have created it first: fall through and check it.
        if (!/already exists/i.test(errorMessage(error))) throw error;
      }
    }
    const current = existing ?? (await this.describeCollection(name));
    if (current && current.dimension !== dimension) {
      throw new DimensionMismatchError(name, current.dimension, model, dimension);
    }
    if (current?.model && current.model !== model) {
      throw new ConflictError(
        `collection '${name}' holds embeddings of model '${current.model}'; ingesting with '${model}' would mix ` +
          'two embedding spaces: ingest into another collection (COLLECTION) or use the same model',
        { collection: name, collectionModel: current.model, model },
      );
    }
    await this.ensurePayloadIndexes(name, ['textLength']);
  }

  /** Indexes payload fields that filters use (creating an existing index is a no-op). */
  private async ensurePayloadIndexes(name: string, fields: readonly (keyof typeof FILTERED_FIELDS)[]): Promise<void> {
    for (const field of fields) {
      const schema = FILTERED_FIELDS[field];
      await this.qdrant.call(`index '${field}' of '${name}'`, (client) =>
        client.createPayloadIndex(name, { field_name: field, field_schema: schema, wait: true }),
      );
    }
  }

  async describeCollection(name: string): Promise<CollectionInfo | undefined> {
    const exists = await this.qdrant.call('collection lookup', (client) => client.collectionExists(name));
    if (!exists.exists) return undefined;
    // Deleted between the two calls (a failed build cleared, an old build pruned): as if it had not existed.
    const info = await this.qdrant
      .call(`describe collection '${name}'`, (client) => client.getCollection(name))
      .catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
    if (!info) return undefined;
    const vectors = (info.config.params.vectors ?? {}) as Record<string, unknown>;
    const unnamed = typeof vectors.size === 'number';
    const [model, params] = unnamed ? [undefined, vectors] : (Object.entries(vectors)[0] ?? []);
    return {
      name,
      dimension: Number((params as { size?: unknown } | undefined)?.size ?? Number.NaN),
      model,
      points: info.points_count ?? 0,
      status: info.status,
      ...withCalibration(readCalibration((info.config as { metadata?: unknown }).metadata)),
      bm25: readBm25Options(info.config.metadata?.[BM25_METADATA_KEY]),
      ...withBuild(readBuildRecord(info.config.metadata)),
      ...withSchema(readBuildSchema(info.config.metadata)),
    };
  }

  /** Writes the build's record (what `record` gives, over what it held). */
  async recordBuild(name: string, record: Partial<BuildRecord>): Promise<BuildRecord> {
    const held = (await this.describeCollection(name))?.build;
    // A collection without a record (made before builds kept one) counts as built, of unknown start.
    const merged = { state: 'built', startedAt: 0, ...held, ...record } as BuildRecord;
    await this.qdrant.call(`record the build of '${name}'`, (client) =>
      client.updateCollection(name, { metadata: { [BUILD_KEY]: merged as unknown as Record<string, unknown> } }),
    );
    return merged;
  }

  /** The build's schema, in its metadata; the fields its mapping fills get their payload indexes. */
  async recordSchema(name: string, schema: BuildSchema): Promise<void> {
    await this.ensurePayloadIndexes(name, filledFilterFields(schema.mapping));
    await this.qdrant.call(`record the schema of '${name}'`, (client) =>
      client.updateCollection(name, { metadata: { [SCHEMA_KEY]: schema as unknown as Record<string, unknown> } }),
    );
  }

  /** Kept in the collection's metadata (merged with what else is there), so it lives and dies with the build. */
  async recordCalibration(name: string, calibration: SearchCalibration): Promise<void> {
    await this.qdrant.call(`record the calibration of '${name}'`, (client) =>
      client.updateCollection(name, { metadata: { [CALIBRATION_KEY]: calibration as unknown as Record<string, unknown> } }),
    );
  }

  async listCollections(): Promise<CollectionInfo[]> {
    const { collections } = await this.qdrant.call('list collections', (client) => client.getCollections());
    const described = await Promise.all(collections.map((c) => this.describeCollection(c.name)));
    return described.filter((c): c is CollectionInfo => c !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteCollection(name: string): Promise<void> {
    await this.qdrant.call(`delete collection '${name}'`, (client) => client.deleteCollection(name));
  }

  async aliasTarget(alias: string): Promise<string | undefined> {
    const { aliases } = await this.qdrant.call('list aliases', (client) => client.getAliases());
    return aliases.find((a) => a.alias_name === alias)?.collection_name;
  }

  async switchAlias(alias: string, collection: string): Promise<void> {
    const current = await this.aliasTarget(alias);
    if (current === collection) return;
    await this.qdrant.call(`point alias '${alias}' at '${collection}'`, (client) =>
      client.updateCollectionAliases({
        actions: [
          ...(current ? [{ delete_alias: { alias_name: alias } }] : []),
          { create_alias: { collection_name: collection, alias_name: alias } },
        ],
      }),
    );
  }
}

function withBuild(build: BuildRecord | undefined): { build?: BuildRecord } {
  return build ? { build } : {};
}

function withCalibration(calibration: SearchCalibration | undefined): { calibration?: SearchCalibration } {
  return calibration ? { calibration } : {};
}

function withSchema(schema: BuildSchema | undefined): { schema?: BuildSchema } {
  return schema ? { schema } : {};
}
