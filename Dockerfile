# One image for both services; docker-compose.yml picks the command:
#   API (default):  node services/api/dist/main.js
#   ingest worker:  node services/ingest/dist/main.js
# Build: docker build -t review-search .   (BuildKit, the default since Docker 23)

# --- manifests + pnpm: shared by the build and the production-deps stages ---
FROM node:20-bookworm-slim AS base
# onnxruntime-node's install script would only download optional GPU
# providers; pnpm 10 skips it anyway (ignoredBuiltDependencies).
ENV ONNXRUNTIME_NODE_INSTALL=skip
# corepack is unreliable here: install the pinned pnpm from npm.
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /app
# Manifests first, so dependency layers are rebuilt only when they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/client/package.json packages/client/
COPY services/api/package.json services/api/
COPY services/ingest/package.json services/ingest/

# --- compile TypeScript (all dependencies, dev ones included) ---
FROM base AS build
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
COPY packages/ packages/
COPY services/ services/
COPY scripts/ scripts/
RUN pnpm run build

# --- production node_modules only (root + one per workspace package) ---
FROM base AS prod-deps
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --store-dir /pnpm/store

# --- runtime ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
# pnpm layout: the packages live in the root node_modules/.pnpm, each
# workspace package's node_modules holds relative symlinks into it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/packages/shared/node_modules ./packages/shared/node_modules
COPY --from=prod-deps /app/services/api/node_modules ./services/api/node_modules
COPY --from=prod-deps /app/services/ingest/node_modules ./services/ingest/node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/packages/shared/package.json ./packages/shared/
COPY --from=build /app/packages/shared/dist ./packages/shared/dist
COPY --from=build /app/services/api/package.json ./services/api/
COPY --from=build /app/services/api/dist ./services/api/dist
COPY --from=build /app/services/api/public ./services/api/public
COPY --from=build /app/services/ingest/package.json ./services/ingest/
COPY --from=build /app/services/ingest/dist ./services/ingest/dist
# /data (and /data/models, so a fresh named volume mounted there starts
# owned by node) is the only place the app writes to.
RUN mkdir -p /data/models && chown -R node:node /data
USER node
# Embedding models baked into the image, for hosts that cannot download them
# (docker compose build --build-arg MODELS="Xenova/all-MiniLM-L6-v2"): pulled
# into /data/models, which Docker copies into a fresh `models` volume.
ARG MODELS=""
RUN if [ -n "$MODELS" ]; then node services/ingest/dist/models-cli.js $MODELS; fi
EXPOSE 3000
CMD ["node", "services/api/dist/main.js"]
