# conflictwatch on the official Airflow image. The tag must equal the apache-airflow pin in
# requirements.lock and pyproject.toml (tests/production/test_compose.py checks it): the image's
# Airflow and the one the lock file resolves against must be the same build.
#
#   docker compose build          (docker-compose.yml builds this for every Airflow service)
FROM apache/airflow:3.3.2-python3.11

ARG AIRFLOW_VERSION=3.3.2
ENV CONFLICTWATCH_HOME=/opt/conflictwatch \
    CONFLICTWATCH_DATA_DIR=/opt/conflictwatch/data \
    PYTHONUNBUFFERED=1

# The source tree and the data dir belong to the airflow user (uid 50000, gid 0 as in the official
# image), so that a named volume mounted on /opt/conflictwatch/data starts with the right owner.
USER root
RUN mkdir -p /opt/conflictwatch/data \
 && chown -R airflow:0 /opt/conflictwatch \
 && chmod -R g+rwX /opt/conflictwatch
USER airflow
WORKDIR /opt/conflictwatch

# Dependencies first and alone, so that a code change does not reinstall them. Every version is
# pinned by the lock file; naming apache-airflow again stops pip from moving the image's Airflow.
COPY --chown=airflow:0 requirements.lock ./
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" -r requirements.lock

# The project itself, editable and without dependencies: the DAG files, config/ and the packages
# stay in one tree, where the code finds config/feeds.yaml and config/fetch.yaml by relative path.
COPY --chown=airflow:0 pyproject.toml README.md ./
COPY --chown=airflow:0 conflictwatch ./conflictwatch
COPY --chown=airflow:0 extract ./extract
COPY --chown=airflow:0 transform ./transform
COPY --chown=airflow:0 warehouse ./warehouse
COPY --chown=airflow:0 dags ./dags
COPY --chown=airflow:0 plugins ./plugins
COPY --chown=airflow:0 config ./config
COPY --chown=airflow:0 scripts ./scripts
COPY --chown=airflow:0 docs ./docs
RUN pip install --no-cache-dir --no-deps -e . \
 && python -c "import conflictwatch.orchestration, conflictwatch.hostname"

ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/conflictwatch/dags \
    AIRFLOW__CORE__PLUGINS_FOLDER=/opt/conflictwatch/plugins \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    AIRFLOW__CORE__HOSTNAME_CALLABLE=conflictwatch.hostname.worker_hostname
