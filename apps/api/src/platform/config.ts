import path from 'node:path';
import { z } from 'zod';
import { developmentFieldKey } from './crypto/field.ts';
import { DEFAULT_CITY_CODE } from './city.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    message: '应为 true 或 false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ message: 'PORT 应为端口号' })
    .int()
    .min(0)
    .max(65535, { message: 'PORT 应在 0–65535 之间' })
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL 应以 postgres:// 开头' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SEED_DEMO: bool.optional(),
  // The city served (its 4-digit code) and its reference folder (default reference/cities/<code>/).
  CITY_CODE: z
    .string()
    .regex(/^\d{4}$/, { message: 'CITY_CODE 应为 4 位城市代码' })
    .default(DEFAULT_CITY_CODE),
  CITY_DIR: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: 'ADMIN_PASSWORD 至少 8 位' }).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1_048_576),
  TILE_URL: z.string().url({ message: 'TILE_URL 应为 URL 模板' }).optional(),
  TILE_ATTRIBUTION: z.string().optional(),
  WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  COOKIE_SECURE: bool.optional(),
  // Hardening (issue 11): bounded imports, second factor, account hygiene.
  IMPORT_MAX_PART_MB: z.coerce.number().int().min(1).max(4096).default(128),
  IMPORT_MAX_RATIO: z.coerce.number().int().min(2).max(10_000).default(100),
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  MFA_REQUIRED_FOR_ALL: bool.default(false),
  MFA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, { message: 'MFA_KEY 应为 32 字节的 base64' })
    .optional(),
  CRYPTO_SUITE: z.enum(['intl', 'gm'], { message: 'CRYPTO_SUITE 应为 intl 或 gm' }).default('intl'),
  CRYPTO_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'CRYPTO_KEY 应为 64 位十六进制（32 字节）' })
    .optional(),
  SM2_PRIVATE_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'SM2_PRIVATE_KEY 应为 64 位十六进制' })
    .optional(),
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(180, { message: 'AUDIT_RETENTION_DAYS 不得少于 180 天（网络安全法第二十一条）' })
    .default(180),
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  /** Shed also when this many are in flight and answers take longer than SHED_LATENCY_MS. */
  SHED_BUSY_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(32),
  SHED_LATENCY_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  // P13 residents: personal-data encryption key (base64 of 32 bytes) and suite; public anti-abuse.
  FIELD_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, {
      message: 'FIELD_KEY 应为 32 字节密钥的 base64 编码',
    })
    .optional(),
  PUBLIC_CHALLENGE: z
    .enum(['on', 'off'], { message: 'PUBLIC_CHALLENGE 应为 on 或 off' })
    .default('on'),
  PUBLIC_CHALLENGE_BITS: z.coerce.number().int().min(1).max(28).default(16),
  PUBLIC_WRITES_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  JOB_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  cityCode: string;
  cityDir: string | undefined;
  adminPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginRateLimitPerMinute: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  tileUrl: string | null;
  tileAttribution: string | null;
  webDist: string;
  logLevel: string;
  trustProxy: boolean;
  cookieSecure: boolean;
  /** 32-byte key for personal-data fields; a fixed development key outside production. */
  fieldKey: Buffer;
  /** `gm`: SM2/SM3/SM4 in the application layer (ADR 0013); `intl`: SHA-256 and AES as before. */
  cryptoSuite: 'intl' | 'gm';
  publicChallenge: boolean;
  publicChallengeBits: number;
  publicWritesPerHour: number;
  version: string;
  importMaxPartBytes: number;
  importMaxRatio: number;
  importConcurrency: number;
  /** Every staff account must enrol a second factor, not only the three administrators. */
  mfaRequiredForAll: boolean;
  /** Key for TOTP secrets at rest; unset: a key file in the data folder. */
  mfaKey: string | undefined;
  /** The secret for HMAC-SM3 and SM4 (null: the development key, refused in production under gm). */
  cryptoKey: string | null;
  sm2PrivateKey: string | null;
  auditRetentionDays: number;
  /** Requests served at once before the server answers 503 with Retry-After. */
  maxInFlight: number;
  shedBusyInFlight: number;
  shedLatencyMs: number;
  shutdownGraceMs: number;
  /** How often each process schedules and drains the job queue. */
  jobIntervalMs: number;
};

export class ConfigError extends Error {}

/** Reads and validates the environment once; a bad value stops start-up with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) =>
        `  ${i.path.join('.')}: ${i.message} (收到 ${JSON.stringify(cleaned[String(i.path[0])])})`,
    );
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (
    e.NODE_ENV === 'production' &&
    e.CRYPTO_SUITE === 'gm' &&
    (!e.CRYPTO_KEY || !e.SM2_PRIVATE_KEY)
  ) {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  CRYPTO_SUITE=gm 在生产环境须设置 CRYPTO_KEY 与 SM2_PRIVATE_KEY（由密码机或密钥管理系统下发）',
    );
  }
  if (e.NODE_ENV === 'production' && !e.FIELD_KEY) {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  FIELD_KEY: 生产环境必须设置个人信息加密密钥（32 字节，base64）',
    );
  }
  if (e.NODE_ENV === 'production' && e.PUBLIC_CHALLENGE === 'off') {
    throw new ConfigError(
      '配置错误 / invalid configuration:\n  PUBLIC_CHALLENGE: 生产环境不得关闭公众提交的工作量证明校验',
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    cityCode: e.CITY_CODE,
    cityDir: e.CITY_DIR ? path.resolve(e.CITY_DIR) : undefined,
    adminPassword: e.ADMIN_PASSWORD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    tileUrl: e.TILE_URL ?? null,
    tileAttribution: e.TILE_ATTRIBUTION ?? null,
    webDist: path.resolve(e.WEB_DIST ?? new URL('../../../web/dist', import.meta.url).pathname),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    fieldKey: e.FIELD_KEY ? Buffer.from(e.FIELD_KEY, 'base64') : developmentFieldKey(),
    cryptoSuite: e.CRYPTO_SUITE,
    publicChallenge: e.PUBLIC_CHALLENGE === 'on',
    publicChallengeBits: e.PUBLIC_CHALLENGE_BITS,
    publicWritesPerHour: e.PUBLIC_WRITES_PER_HOUR,
    version: '0.1.0',
    importMaxPartBytes: e.IMPORT_MAX_PART_MB * 1_048_576,
    importMaxRatio: e.IMPORT_MAX_RATIO,
    importConcurrency: e.IMPORT_CONCURRENCY,
    mfaRequiredForAll: e.MFA_REQUIRED_FOR_ALL,
    mfaKey: e.MFA_KEY,
    cryptoKey: e.CRYPTO_KEY?.toLowerCase() ?? null,
    sm2PrivateKey: e.SM2_PRIVATE_KEY?.toLowerCase() ?? null,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    maxInFlight: e.MAX_IN_FLIGHT,
    shedBusyInFlight: e.SHED_BUSY_IN_FLIGHT,
    shedLatencyMs: e.SHED_LATENCY_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobIntervalMs: e.JOB_INTERVAL_MS,
  };
}
