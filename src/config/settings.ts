// Every setting of the server in one table: its environment variable, its command-line flag, its type,
// default and meaning. The loader, `openkyc --help` and the README's configuration table are all read from here.

export type SettingType = 'string' | 'integer' | 'boolean' | 'list';

export interface SettingDefinition {
  readonly env: string;
  readonly flag: string;
  readonly type: SettingType;
  readonly default?: string | number | boolean | readonly string[];
  readonly secret?: boolean;
  readonly description: string;
}

export const settings = {
  port: {
    env: 'PORT',
    flag: '--port',
    type: 'integer',
    default: 8080,
    description: 'HTTP port to listen on.',
  },
  liveformPort: {
    env: 'OPENKYC_LIVEFORM_PORT',
    flag: '--liveform-port',
    type: 'integer',
    description:
      'Second port for a dedicated capture-page (Liveform) listener, which also answers the vendor URL shape /?pid=… (argos.md §14.1). Unset: the page is only at /liveform on PORT.',
  },
  host: {
    env: 'HOST',
    flag: '--host',
    type: 'string',
    default: '0.0.0.0',
    description: 'Interface to listen on.',
  },
  dataDir: {
    env: 'OPENKYC_DATA_DIR',
    flag: '--data-dir',
    type: 'string',
    default: './data',
    description: 'Folder for the embedded database, the encrypted blob store and the master key file.',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    flag: '--database-url',
    type: 'string',
    secret: true,
    description:
      'postgres://… of a PostgreSQL server (15 or later). Unset: the embedded PGlite database in the data folder.',
  },
  masterKey: {
    env: 'OPENKYC_MASTER_KEY',
    flag: '--master-key',
    type: 'string',
    secret: true,
    description:
      'Master key that wraps every data key (32 bytes, base64 or hex). Unset: read from <data>/master.key, created on first start with mode 0600.',
  },
  projectId: {
    env: 'OPENKYC_PROJECT_ID',
    flag: '--project-id',
    type: 'string',
    description: 'Id of the default project created on first start (random if unset).',
  },
  apiKey: {
    env: 'OPENKYC_API_KEY',
    flag: '--api-key',
    type: 'string',
    secret: true,
    description: 'API key of the default project created on first start (random if unset, printed once).',
  },
  adminPassword: {
    env: 'OPENKYC_ADMIN_PASSWORD',
    flag: '--admin-password',
    type: 'string',
    secret: true,
    description:
      'Dashboard password of the default admin created on first start (random if unset, printed once).',
  },
  adminEmail: {
    env: 'OPENKYC_ADMIN_EMAIL',
    flag: '--admin-email',
    type: 'string',
    default: 'admin@localhost',
    description: 'E-mail of the default admin created on first start; also registered as the project admin.',
  },
  publicUrl: {
    env: 'OPENKYC_PUBLIC_URL',
    flag: '--public-url',
    type: 'string',
    description:
      'Base URL clients reach the server at, used in image links and the capture page (default http://localhost:PORT).',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: '--log-level',
    type: 'string',
    default: 'info',
    description: 'fatal, error, warn, info, debug or trace. Personal data and keys are always redacted.',
  },
  trustedProxies: {
    env: 'OPENKYC_TRUSTED_PROXIES',
    flag: '--trusted-proxies',
    type: 'list',
    default: [],
    description: 'Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed.',
  },
  jsonBodyLimit: {
    env: 'OPENKYC_JSON_BODY_LIMIT',
    flag: '--json-body-limit',
    type: 'integer',
    default: 1_048_576,
    description:
      'Largest JSON request body in bytes (larger routes such as recognition have their own limits).',
  },
  rateLimitPerSecond: {
    env: 'OPENKYC_RATE_LIMIT_PER_SECOND',
    flag: '--rate-limit-per-second',
    type: 'integer',
    default: 5_000,
    description: 'Requests per second per project on the API (all methods); over it: 429.',
  },
  rateLimitPerDay: {
    env: 'OPENKYC_RATE_LIMIT_PER_DAY',
    flag: '--rate-limit-per-day',
    type: 'integer',
    default: 500_000,
    description: 'Requests per UTC day per project on the API; over it: 429 until 00:00 UTC.',
  },
  engineWorkers: {
    env: 'OPENKYC_ENGINE_WORKERS',
    flag: '--engine-workers',
    type: 'integer',
    default: 0,
    description: 'Worker threads for document and face analysis (0 = one per CPU core).',
  },
  webhookRetryBaseMs: {
    env: 'OPENKYC_WEBHOOK_RETRY_BASE_MS',
    flag: '--webhook-retry-base-ms',
    type: 'integer',
    default: 30_000,
    description: 'First retry delay of webhooks and callbacks; the rest of the schedule scales with it.',
  },
  callbackAllowPrivate: {
    env: 'OPENKYC_CALLBACK_ALLOW_PRIVATE',
    flag: '--callback-allow-private',
    type: 'boolean',
    default: false,
    description:
      'Allow webhooks and callbacks to private, loopback and link-local addresses (development, tests).',
  },
  callbackAllowlist: {
    env: 'OPENKYC_CALLBACK_ALLOWLIST',
    flag: '--callback-allowlist',
    type: 'list',
    default: [],
    description: 'Comma-separated hosts, IPs or CIDRs that callbacks may reach even though they are private.',
  },
  faceModel: {
    env: 'OPENKYC_FACE_MODEL',
    flag: '--face-model',
    type: 'string',
    description:
      'Path of an ArcFace-style ONNX face embedding model (112x112 input) to use instead of the default.',
  },
  faceThreshold: {
    env: 'OPENKYC_FACE_THRESHOLD',
    flag: '--face-threshold',
    type: 'string',
    description: 'Similarity threshold (0..1) of the face model given by OPENKYC_FACE_MODEL.',
  },
  faceLivenessModel: {
    env: 'OPENKYC_FACE_LIVENESS_MODEL',
    flag: '--face-liveness-model',
    type: 'boolean',
    default: false,
    description:
      "Also run Human's second passive-liveness model (its weights state no licence, so it is off by default).",
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof settings;
