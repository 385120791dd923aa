# Tillit: one image with the server and the built SPA.
#   docker build -t tillit .
# Run it with docker-compose.yml (PostgreSQL) or alone with a volume for the encrypted SQLite file.

# --- the web app ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY backend/schema.graphql /src/backend/schema.graphql
RUN npm run build

# --- the server (SQLCipher and OpenSSL are compiled from vendored sources) ----------------
FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock clippy.toml ./
COPY .cargo .cargo
COPY backend backend
COPY migration migration
COPY tests tests
COPY xtask xtask
COPY vendor vendor
RUN cargo build --release --locked -p tillit

# --- runtime -------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/tillit tillit \
 && mkdir -p /var/lib/tillit \
 && chown tillit:tillit /var/lib/tillit
COPY --from=server /src/target/release/tillit /usr/local/bin/tillit
COPY --from=spa /src/frontend/dist /usr/share/tillit/web
USER tillit
ENV TILLIT_BIND=0.0.0.0:8080 \
    TILLIT_DATA_DIR=/var/lib/tillit \
    TILLIT_STATIC_DIR=/usr/share/tillit/web \
    TILLIT_LOG_FORMAT=json
VOLUME /var/lib/tillit
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tillit"]
CMD ["serve"]
