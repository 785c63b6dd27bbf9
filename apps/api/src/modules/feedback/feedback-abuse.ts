import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/http/errors.ts';
import { publicCounters } from './feedback.tables.ts';

/** How long a challenge may be solved and used. */
const CHALLENGE_TTL_MS = 10 * 60_000;

function challengeKey(config: Config): Buffer {
  return Buffer.from(hkdfSync('sha256', config.fieldKey, Buffer.alloc(0), 'public-challenge', 32));
}

/**
 * Proof of work instead of a picture puzzle (elderly residents must get through): the server
 * signs `id.issuedAt.bits`; the client finds a nonce so that SHA-256(challenge ":" nonce) starts
 * with `bits` zero bits (about a second on a phone at 16 bits). Each challenge is good once.
 */
export function issueChallenge(config: Config, now = Date.now()) {
  const body = `${randomBytes(12).toString('hex')}.${now}.${config.publicChallengeBits}`;
  const sig = createHmac('sha256', challengeKey(config)).update(body).digest('hex').slice(0, 32);
  return { challenge: `${body}.${sig}`, bits: config.publicChallengeBits };
}

export function leadingZeroBits(hash: Buffer): number {
  let n = 0;
  for (const byte of hash) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** Checks a solved challenge (signature, age, work) and marks it used; throws a Chinese 4xx. */
export async function verifyChallenge(
  db: Db,
  config: Config,
  solved: { challenge?: string | undefined; nonce?: string | undefined },
  now = Date.now(),
): Promise<void> {
  if (!config.publicChallenge) return;
  const refuse = (message: string) =>
    new AppError('VALIDATION_FAILED', message, [{ path: 'challenge', message }]);
  const { challenge, nonce } = solved;
  if (!challenge || nonce === undefined || nonce.length > 32)
    throw refuse('请刷新页面后重新提交（缺少人机校验）');
  const parts = challenge.split('.');
  if (parts.length !== 4) throw refuse('人机校验无效，请刷新页面后重试');
  const [id, issued, bitsText, sig] = parts as [string, string, string, string];
  const expected = createHmac('sha256', challengeKey(config))
    .update(`${id}.${issued}.${bitsText}`)
    .digest('hex')
    .slice(0, 32);
  if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected)))
    throw refuse('人机校验无效，请刷新页面后重试');
  if (!(now - Number(issued) < CHALLENGE_TTL_MS)) throw refuse('人机校验已过期，请重新提交');
  const bits = Number(bitsText);
  const hash = createHash('sha256').update(`${challenge}:${nonce}`).digest();
  if (leadingZeroBits(hash) < bits) throw refuse('人机校验未通过，请重新提交');
  const used = await bump(db, `challenge:${id}`, new Date(Number(issued)));
  if (used > 1) throw refuse('人机校验已使用过，请重新提交');
}

async function bump(db: Db, key: string, window: Date): Promise<number> {
  const [row] = await db
    .insert(publicCounters)
    .values({ key, window, count: 1 })
    .onConflictDoUpdate({
      target: [publicCounters.key, publicCounters.window],
      set: { count: sql`${publicCounters.count} + 1` },
    })
    .returning({ count: publicCounters.count });
  return row!.count;
}

/**
 * Per-address limit on public writes, counted per clock hour in the database (shared by every
 * process). Over the limit: 429 RATE_LIMITED.
 */
export async function limitPublicWrite(
  db: Db,
  config: Config,
  ip: string,
  now = new Date(),
): Promise<void> {
  const window = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const count = await bump(db, `write:${ip}`, window);
  if (count > config.publicWritesPerHour)
    throw new AppError('RATE_LIMITED', '提交过于频繁，请一小时后再试');
}

/** Old counters are worth nothing after a day. */
export async function pruneCounters(db: Db, now = new Date()): Promise<void> {
  await db.execute(
    sql`delete from ${publicCounters} where ${publicCounters.window} < ${new Date(now.getTime() - 86_400_000)}`,
  );
}
