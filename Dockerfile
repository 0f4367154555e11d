# cooptrack: one static binary on a distroless base.
#
#   docker build -t cooptrack .
#   docker run -p 8080:8080 -v cooptrack-data:/data cooptrack
#
# Without MONGODB_URI the app runs its embedded FerretDB on SQLite files in
# /data; with it (see docker-compose.yml) it uses that MongoDB.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so that this layer is cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Pure Go (the embedded FerretDB's SQLite is pure Go too), so a static binary.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/cooptrack ./cmd/cooptrack
# The data directory, owned by the distroless "nonroot" user (65532), so that a
# new volume mounted on /data is writable by the app.
RUN mkdir -p /out/data

# Distroless: no shell, no package manager, runs as a non-root user. It has
# no curl or shell either, so there is no HEALTHCHECK here: a Docker
# HEALTHCHECK would need a shell tool, or a subcommand of the app that probes
# itself, which the app does not have. Probe the app over HTTP from outside
# instead: GET /healthz (the process is alive) and GET /readyz (its store
# answers), e.g. Kubernetes httpGet probes or a load balancer's health check.
# A debian:bookworm-slim base with curl would allow a HEALTHCHECK, at the cost
# of a larger image with a shell in it; not worth it for this.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/cooptrack /cooptrack
COPY --from=build --chown=65532:65532 /out/data /data
ENV COOPTRACK_DATA_DIR=/data
VOLUME /data
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/cooptrack"]
CMD ["serve", "--addr", ":8080"]
