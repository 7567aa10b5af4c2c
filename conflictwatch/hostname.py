"""The host name Airflow records for a process: `[core] hostname_callable` points here.

Airflow stores the host name of the worker that ran each task instance and later fetches the task's
log from that name. Two Celery workers on one machine (or in one pod) would otherwise report the
same name, which hides which worker ran what and makes logs ambiguous. Setting
`CONFLICTWATCH_WORKER_NAME` per worker gives each its own name; in docker-compose it is set to the
service name, which is also the container's DNS name, so log fetching keeps working.

Configure with `AIRFLOW__CORE__HOSTNAME_CALLABLE=conflictwatch.hostname.worker_hostname`.
Imported by every Airflow process, so it stays free of heavy imports (not even Airflow's own).
"""

from __future__ import annotations

import os
import socket

ENV_WORKER_NAME = "CONFLICTWATCH_WORKER_NAME"


def worker_hostname() -> str:
    """CONFLICTWATCH_WORKER_NAME when set (non-blank), else the machine's fully qualified name."""
    name = os.environ.get(ENV_WORKER_NAME, "").strip()
    return name or socket.getfqdn()
