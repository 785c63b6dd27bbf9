import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../platform/config.ts';
import {
  sm2PublicKeyOf,
  sm2Sign,
  sm2Verify,
  sm3,
  sm4Decrypt,
  sm4Encrypt,
  sm4EncryptBlock,
} from '../platform/crypto/sm.ts';
import { chainDigest, configureCrypto, usingDevelopmentKeys } from '../platform/crypto/suite.ts';
import { fieldCrypto } from '../platform/crypto/field.ts';
import { DEFAULT_SETTINGS } from '../modules/org/reference-data.ts';

/**
 * `npm run compliance`: each GB/T 22239-2019 level-3 application clause (8.1.4) and each
 * GB/T 39786-2021 level-3 application-and-data item (8.4) the platform answers, with the live
 * setting, a check of it and the test file that proves the behaviour. PASS / FAIL per line; the
 * exit code is 1 when any line fails. Run it with the production environment to see that one.
 */
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

type Line = {
  clause: string;
  requirement: string;
  setting: string;
  tests: string[];
  check: (c: Config) => boolean | string;
};

const yes = () => true;

function lines(): Line[] {
  return [
    {
      clause: 'GB/T 22239 8.1.4.1 a',
      requirement: '身份标识唯一，口令复杂度',
      setting: 'unique username index; password rules; none of the last 5 passwords again',
      tests: [
        'apps/api/src/modules/accounts/accounts.test.ts',
        'apps/api/src/modules/accounts/account-hygiene.test.ts',
      ],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.1 b',
      requirement: '登录失败处理、连接超时自动退出、口令定期更换、长期未用账号锁定',
      setting: `LOCKOUT_THRESHOLD, LOCKOUT_MINUTES, LOGIN_RATE_LIMIT_PER_MINUTE, SESSION_IDLE_MINUTES; 系统设置 passwordMaxAgeDays (default ${DEFAULT_SETTINGS.passwordMaxAgeDays}), inactiveLockDays (default ${DEFAULT_SETTINGS.inactiveLockDays}; applied at sign-in and by the daily job accounts.daily)`,
      tests: [
        'apps/api/src/modules/accounts/sign-in.test.ts',
        'apps/api/src/modules/accounts/account-hygiene.test.ts',
        'apps/api/test/multi-process.test.ts',
      ],
      check: (c) =>
        c.lockoutThreshold <= 5 && c.sessionIdleMinutes <= 30
          ? true
          : `lockout ${c.lockoutThreshold}, idle ${c.sessionIdleMinutes} min`,
    },
    {
      clause: 'GB/T 22239 8.1.4.1 c',
      requirement: '远程管理时鉴别信息传输保密（HTTPS）',
      setting: 'COOKIE_SECURE (TLS at the reverse proxy)',
      tests: ['apps/api/src/platform/config.test.ts'],
      check: (c) => c.env !== 'production' || c.cookieSecure || 'COOKIE_SECURE=false in production',
    },
    {
      clause: 'GB/T 22239 8.1.4.1 d',
      requirement: '两种或以上鉴别技术，其中一种为密码技术（TOTP 动态口令）',
      setting:
        'TOTP (RFC 6238) + recovery codes; compulsory for sys/security/audit admins; MFA_REQUIRED_FOR_ALL or 系统设置 mfaRequiredForAll for every staff account',
      tests: [
        'apps/api/src/modules/accounts/mfa.test.ts',
        'apps/api/src/modules/accounts/account-hygiene.test.ts',
        'e2e/second-factor.test.ts',
      ],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.2',
      requirement: '访问控制：最小权限、三员分立',
      setting: 'permissions.ts roles; every route declares a permission',
      tests: [
        'apps/api/test/permission-matrix.test.ts',
        'apps/api/test/routes.test.ts',
        'apps/api/test/scope-404.test.ts',
      ],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.3 a–b',
      requirement: '安全审计：覆盖用户与重要事件，记录要素完整',
      setting: 'recordAudit in the transaction of every change',
      tests: ['apps/api/src/modules/audit/audit.test.ts'],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.3 c',
      requirement: '审计记录防删改、定期备份，保存不少于 6 个月',
      setting: 'append-only trigger, hash chain, AUDIT_RETENTION_DAYS, GET /api/audit/export',
      tests: [
        'apps/api/src/modules/audit/audit.test.ts',
        'apps/api/src/modules/audit/audit-retention.test.ts',
      ],
      check: (c) => c.auditRetentionDays >= 180 || `${c.auditRetentionDays} days`,
    },
    {
      clause: 'GB/T 22239 8.1.4.4',
      requirement: '入侵防范：人机与接口输入校验',
      setting: 'zod schemas on every route; BODY_LIMIT_BYTES, UPLOAD_LIMIT_BYTES',
      tests: ['apps/api/test/bad-input.test.ts'],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.5',
      requirement: '数据完整性（鉴别、业务、审计数据）',
      setting: 'audit hash chain: sha256 (intl) or hmac-sm3 (gm)',
      tests: [
        'apps/api/src/modules/audit/audit-retention.test.ts',
        'apps/api/src/platform/crypto/sm.test.ts',
      ],
      check: () => chainDigest('hmac-sm3', 'a', 'b') !== chainDigest('hmac-sm3', 'a', 'c'),
    },
    {
      clause: 'GB/T 22239 8.1.4.6',
      requirement: '数据保密性（鉴别信息、个人信息存储加密）',
      setting: 'argon2id passwords; session ids stored as SHA-256; SM4 field encryption (gm)',
      tests: [
        'apps/api/src/platform/crypto/sm.test.ts',
        'apps/api/src/modules/accounts/sign-in.test.ts',
      ],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.7',
      requirement: '数据备份恢复（本地备份与恢复测试，多实例冗余）',
      setting: 'npm run backup / restore; several processes on one PostgreSQL',
      tests: ['apps/api/src/ops/backup.test.ts', 'apps/api/test/multi-process.test.ts'],
      check: (c) => c.env !== 'production' || Boolean(c.databaseUrl) || 'PGlite in production',
    },
    {
      clause: 'GB/T 22239 8.1.4.8',
      requirement: '剩余信息保护（会话与鉴别信息释放）',
      setting: 'sessions deleted at sign-out, expiry and disabling',
      tests: [
        'apps/api/src/modules/accounts/sign-in.test.ts',
        'apps/api/test/multi-process.test.ts',
      ],
      check: yes,
    },
    {
      clause: 'GB/T 22239 8.1.4.9',
      requirement: '个人信息保护（最少采集，禁止未授权访问）',
      setting: 'data scopes (404 outside scope); phones masked in lists',
      tests: ['apps/api/test/permission-matrix.test.ts'],
      check: yes,
    },
    {
      clause: 'GB/T 39786 8.4 a',
      requirement: '登录用户身份鉴别采用密码技术',
      setting: 'argon2id password hashes; session tokens (256 bit)',
      tests: ['apps/api/src/modules/accounts/sign-in.test.ts'],
      check: yes,
    },
    {
      clause: 'GB/T 39786 8.4 d',
      requirement: '重要数据传输机密性',
      setting: 'TLCP / TLS at the reverse proxy (deployment)',
      tests: ['apps/api/src/platform/config.test.ts'],
      check: (c) => c.env !== 'production' || c.cookieSecure || 'COOKIE_SECURE=false in production',
    },
    {
      clause: 'GB/T 39786 8.4 e',
      requirement: '重要数据存储机密性（SM4）',
      setting: "CRYPTO_SUITE=gm: SM4-CBC + HMAC-SM3 (sm4Seal, the one SM4; residents' phones)",
      tests: [
        'apps/api/src/platform/crypto/sm.test.ts',
        'apps/api/src/platform/crypto/field.test.ts',
      ],
      check: (c) => {
        const key = Buffer.alloc(32, 1);
        const vector = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
        if (sm4EncryptBlock(vector, vector).toString('hex') !== '681edf34d206965e86b3e94f536e4246')
          return 'SM4 test vector fails';
        if (sm4Decrypt(sm4Encrypt('13800000000', key), key) !== '13800000000')
          return 'SM4 round trip fails';
        const field = fieldCrypto(key, 'gm');
        const stored = field.encrypt('13800000000');
        if (!stored.startsWith('sm4-') || field.decrypt(stored) !== '13800000000')
          return 'SM4 field encryption fails';
        return c.cryptoSuite === 'gm' || 'CRYPTO_SUITE=intl';
      },
    },
    {
      clause: 'GB/T 39786 8.4 f–g',
      requirement: '重要数据（含审计记录）传输与存储完整性（SM3/HMAC-SM3）',
      setting: 'CRYPTO_SUITE=gm: audit chain HMAC-SM3, keyed by CRYPTO_KEY',
      tests: [
        'apps/api/src/modules/audit/audit-retention.test.ts',
        'apps/api/src/platform/crypto/sm.test.ts',
      ],
      check: (c) => {
        if (sm3('abc') !== '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
          return 'SM3 test vector fails';
        if (c.cryptoSuite !== 'gm') return 'CRYPTO_SUITE=intl';
        return !usingDevelopmentKeys() || 'development keys (set CRYPTO_KEY, SM2_PRIVATE_KEY)';
      },
    },
    {
      clause: 'GB/T 39786 8.4 h',
      requirement: '不可否认性：签发文书 SM2 签名（标准用户 ID）',
      setting:
        'CRYPTO_SUITE=gm: issued bulletins (document + annex) signed, GET /api/bulletins/:id/signature; audit export head signed',
      tests: [
        'apps/api/src/platform/crypto/sm.test.ts',
        'apps/api/src/modules/bulletins/bulletin-signature.test.ts',
        'apps/api/src/modules/audit/audit-retention.test.ts',
      ],
      check: (c) => {
        const privateKey = '1'.repeat(64);
        const keys = { privateKey, publicKey: sm2PublicKeyOf(privateKey) };
        if (!sm2Verify('x', sm2Sign('x', keys), keys.publicKey)) return 'SM2 round trip fails';
        return c.cryptoSuite === 'gm' || 'CRYPTO_SUITE=intl';
      },
    },
  ];
}

function main(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(2);
  }
  configureCrypto(config);
  console.log(
    `等保 2.0 level 3 (GB/T 22239-2019 8.1.4) and 密评 level 3 (GB/T 39786-2021 8.4) — NODE_ENV=${config.env}, CRYPTO_SUITE=${config.cryptoSuite}, database=${config.databaseUrl ? 'PostgreSQL' : 'PGlite'}\n`,
  );
  let failed = 0;
  for (const l of lines()) {
    const missing = l.tests.filter((t) => !fs.existsSync(path.join(ROOT, t)));
    let result: boolean | string;
    try {
      result = missing.length > 0 ? `missing test ${missing.join(', ')}` : l.check(config);
    } catch (e) {
      result = e instanceof Error ? e.message : String(e);
    }
    const pass = result === true;
    if (!pass) failed++;
    console.log(`${pass ? 'PASS' : 'FAIL'}  ${l.clause}  ${l.requirement}`);
    console.log(`      setting: ${l.setting}${pass ? '' : `  → ${String(result)}`}`);
    console.log(`      proof:   ${l.tests.join(', ')}`);
  }
  console.log(`\n${failed === 0 ? 'all clauses pass' : `${failed} clause(s) fail`}`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
