"""Airflow plugins folder entry: conflictwatch's notifiers, for DAG authors who want them as callbacks.

The implementation lives in `transform.notifiers` (an installed package) so the alert code, the
CLI and the tests import it the same way whether or not Airflow put `plugins/` on `sys.path`.
Example: `@dag(on_failure_callback=[JsonWebhookNotifier(text="...")])`.
"""

from transform.notifiers import InlineChartSmtpNotifier, JsonWebhookNotifier

__all__ = ["InlineChartSmtpNotifier", "JsonWebhookNotifier"]
