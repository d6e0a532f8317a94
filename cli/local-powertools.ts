/**
 * The CLI runs the Lambda handlers in its own process (the local cycle's states, the notifier), and
 * their Powertools logger and metrics write for CloudWatch: a terminal is for people. Unless the
 * environment says otherwise, metrics are off and logs start at warnings. Imported first by each
 * CLI entry point, so that it runs before any handler module builds its logger and metrics.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_SERVICE_NAME ??= 'dafaa-local';
