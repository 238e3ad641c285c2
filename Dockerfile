# Node 20.19 or newer (package.json "engines"); the image follows the newest Node 20, the
# version the test suite runs on.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: compile TypeScript (a full install, as on a developer machine; thrown away).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# the workspace packages (the guard and the wire contract the service uses, the browser client) before the install links them
COPY packages/guard/package.json packages/guard/
COPY packages/client/package.json packages/client/
COPY packages/contract/package.json packages/contract/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: compiled code and production dependencies only, as an unprivileged user. No
# embedded PostgreSQL (--omit=optional): the container uses the DATABASE_URL server, as
# production requires.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/guard/package.json packages/guard/
COPY packages/client/package.json packages/client/
COPY packages/contract/package.json packages/contract/
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# the guard and contract packages the server imports (workspaces: npm ci linked them, their code is built here)
COPY --from=build /app/packages/guard/dist ./packages/guard/dist
COPY --from=build /app/packages/contract/dist ./packages/contract/dist
COPY --from=build /app/assets ./assets
USER node
EXPOSE 3000
# Ready when the service answers and its database does (GET /health); node, so no curl needed.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
