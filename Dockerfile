# Parity as a container: `parity serve` (gunicorn, with the background worker beside it) on
# port 8000, its data folder a volume. compose.yaml runs it with PostgreSQL, Redis and a worker
# of its own; docs/self-hosting.md ("Containers") says how.

# The wheel is built from the source in a stage of its own, so the image holds no build tools.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE CHANGELOG.md MANIFEST.in ./
COPY src ./src
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
# WeasyPrint's system libraries (Pango, HarfBuzz, fontconfig) and the reports' font. Left
# unpinned on purpose: Debian's security updates within bookworm must reach the image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements/constraints.txt /tmp/constraints.txt
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --constraint /tmp/constraints.txt /wheels/*.whl \
    && rm -rf /wheels /tmp/constraints.txt \
    && useradd --system --uid 10001 --create-home --home-dir /var/lib/parity parity
USER 10001
ENV PARITY_DATA_DIR=/var/lib/parity \
    PYTHONUNBUFFERED=1
VOLUME ["/var/lib/parity"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["parity", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-demo"]
