# syntax=docker/dockerfile:1
# Reelsmith as a service: `docker compose up -d` with a filled-in .env (see docker-compose.yml).
#
# node:22-bookworm-slim: Node 22 is an LTS line that better-sqlite3 ~12.11 supports (Node 20,
# the project's minimum, left LTS in April 2026). Every stage uses the same image, so the native
# module built in the first runs in the last.
#
# Three stages: production dependencies (native build included), the TypeScript bundled into
# dist/ with the dev dependencies (esbuild), and the runtime, which gets only those two results and
# runs plain JavaScript: no compiler is loaded at start.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
# Compilers for better-sqlite3, in case no prebuilt binary fits; they stay in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# esbuild comes as a prebuilt binary inside its platform's npm package: no install script (nor the
# native SQLite build) is needed to bundle, and this stage's node_modules never reaches the runtime.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/launcher.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS runtime
# No ffmpeg from apt: the production dependencies carry @ffmpeg-installer/ffmpeg's static binary
# (storyboards are stitched, last frames taken), so the image needs no system package for it.
# HTTP_HOST: inside a container the server listens on every interface, or the published port
# (and anything outside the container's own loopback) could not reach it.
ENV NODE_ENV=production \
    DATABASE_PATH=/data/reelsmith.db \
    DOWNLOAD_DIR=/data/downloads \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
# Application files stay owned by root: the service user can read them, not change them.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json says the modules in dist/ are ES modules; migrations/ and locales/ are read at run
# time, from dist/ as from src/ (both one folder below them).
COPY package.json ./
COPY migrations ./migrations
COPY locales ./locales
# Created before VOLUME so a new named volume starts out owned by the service user.
RUN mkdir -p /data \
 && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is the main process (no npm in between), so SIGTERM reaches the bot's graceful shutdown.
CMD ["node", "dist/main.js"]
