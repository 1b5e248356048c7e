# syntax=docker/dockerfile:1
# Cutover as a container: the compiled bot (dist/) and its production dependencies on Node 22 LTS.
#   docker build -t cutover .
#   docker run -p 3978:3978 -e MicrosoftAppId=... -e MicrosoftAppType=UserAssignedMsi ... cutover

# 1. Compile TypeScript to dist/ (needs the dev dependencies: typescript).
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bot ./bot
COPY cards ./cards
COPY services ./services
COPY simulator ./simulator
COPY config/tenants.demo.json ./config/tenants.demo.json
RUN npm run build

# 2. Production dependencies only.
FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. The image: dist/ and node_modules, owned by root and run as the unprivileged node user.
FROM node:22-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    DATA_DIR=/var/lib/cutover
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The local file store's folder (STORE=local, one instance); with STORE=cosmos nothing is written here.
RUN mkdir -p /var/lib/cutover && chown node:node /var/lib/cutover
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--no-deprecation", "dist/bot/main.js"]
