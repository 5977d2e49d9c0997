/**
 * The functions' settings that have a default or a limit, written down once: shared/config.ts falls back
 * to them, infra/ sets them on the functions and checks its context against them. This file imports
 * nothing, so the CDK app and the lean ingest bundle can both load it.
 */

export const DEFAULT_WIX_API_BASE_URL = 'https://www.wixapis.com';
/** Wix's consent screen of the app install flow. */
export const DEFAULT_WIX_INSTALLER_URL = 'https://www.wix.com/installer/install';
/** Wix documents 200 requests per minute per site. */
export const DEFAULT_WIX_RATE_LIMIT_PER_MINUTE = 200;
/** The first retry's delay; each later one doubles it (shared/consumer/retry-delay.ts). */
export const DEFAULT_RETRY_DELAY_S = 30;
/** Deliveries of one event before the queue moves it to the dead-letter queue. */
export const DEFAULT_MAX_RECEIVES = 5;
/** How long the event log (the dedupe memory) and run records are kept. */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;
/** Wix re-sends an unanswered webhook for about 47 hours: the dedupe memory must outlast that. */
export const MIN_EVENT_RETENTION_DAYS = 3;
/** The consumer Lambda's timeout. */
export const CONSUMER_TIMEOUT_S = 60;
/** How long an attempt owns its run before another delivery may take it over: twice the consumer's timeout. */
export const RUN_LEASE_MS = 2 * CONSUMER_TIMEOUT_S * 1000;
/** A stage name (the `Stage` dimension of every metric, `Wixflow-<stage>` the stack): letters, digits and "-". */
export const STAGE_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;
/** How often reconciliation sweeps each connection for changes no webhook delivered (`off` disables it). */
export const DEFAULT_RECONCILE_INTERVAL = '1h';
