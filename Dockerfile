# syntax=docker/dockerfile:1
# One image for `netintent controller` and `netintent worker`.
#
#   docker build --build-context yang=../shared/yang -t netintent .
#   docker run --read-only --tmpfs /tmp netintent controller --help
#
# The vendor YANG models live outside the repository: they come in as the named build
# context `yang` (BuildKit, the default builder since Docker 23): ../shared/yang beside the
# checkout, or ~/.cache/netintent/yang where `npm run bootstrap` fetched them.
# What /app holds is defined once, by scripts/image-tree.sh: the build stage runs it and the
# runtime stage copies its output unchanged. test/integration/image-closure.test.ts runs the
# controller and the worker from the same script's output with this file's runtime ENV.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build
COPY --from=yang . /yang/
RUN bash scripts/image-tree.sh --no-cache --yang-dir /yang /image

FROM ${NODE_IMAGE} AS runtime
# yanglint compiles the YANG models the ENC kinds (SROSConfig, SRLinuxConfig) are checked against.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libyang2-tools \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /image /app
# Read-only root file system: everything written goes under /tmp (mount an emptyDir or tmpfs
# there): the SR Linux models' fixed copy (NETINTENT_CACHE) and, unless --journal-dir names a
# volume, the transaction journal ($TMPDIR/netintent-journal).
ENV NODE_ENV=production \
    NETINTENT_YANG_DIR=/app/yang \
    NETINTENT_CACHE=/tmp/netintent-cache \
    TMPDIR=/tmp \
    HOME=/tmp
WORKDIR /app
USER 65532:65532
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
