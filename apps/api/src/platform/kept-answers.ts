import type { Actor } from './auth/actor.ts';
import { scopeSignature } from './auth/scope.ts';
import { isTransaction, type Db } from './db/client.ts';

/**
 * Answers of read routes kept per process until the data they were read from moves
 * (docs/adr/0018-coalesced-reads-and-kept-answers.md). Each answer is kept with the revision or
 * version (platform/revisions.ts, change-version.ts) read before it was computed, so it holds at
 * least everything committed up to then. A request reads the revision after it arrives (a
 * coalesced read); an answer kept at that revision or a later one therefore holds every write the
 * request could have seen, whichever process wrote it. Concurrent requests for the same answer
 * share one computation. The least recently used answers are dropped past `limit`.
 */
export class KeptAnswers<T> {
  private readonly entries = new Map<string, { revision: number; answer: Promise<T> }>();

  /**
   * `shared`: the answers are sent to readers as they are. They are frozen (a reader cannot change
   * what the next one is sent) and serialized once (`serializedOnce`).
   */
  constructor(
    private readonly limit: number,
    private readonly options: { shared: boolean },
  ) {}

  get(key: string, revision: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    // An answer kept at a later revision holds all this request could see, and more.
    if (hit && hit.revision >= revision) {
      // Most recently used last, so the oldest is the first key.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.answer;
    }
    const answer = this.options.shared ? compute().then(share) : compute();
    const entry = { revision, answer };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    // A failed answer is not kept: the next request tries again.
    answer.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return answer;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Kept answers of one kind per database, each for one reader (`scopeSignature`: the account and
 * its scope as they are now). `what` names the answer and its arguments; `revision` is what it is
 * kept by, read after the request arrived. Inside a transaction the answer is read from it, not
 * kept.
 */
export class ScopedAnswers {
  private readonly byDb = new WeakMap<Db, KeptAnswers<unknown>>();

  constructor(private readonly limit: number) {}

  at<T>(
    db: Db,
    actor: Actor,
    what: readonly unknown[],
    revision: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    if (isTransaction(db)) return compute();
    let answers = this.byDb.get(db);
    if (!answers) this.byDb.set(db, (answers = new KeptAnswers(this.limit, { shared: true })));
    const key = `${scopeSignature(actor)}#${JSON.stringify(what)}`;
    return answers.get(key, revision, compute) as Promise<T>;
  }
}

/**
 * What a kind of answer is kept by: a number that only grows, and whatever else the answers
 * depend on (today's date, another revision) as part of their key.
 */
export type AnswerVersion = { revision: number; key?: readonly unknown[] };

/** Scoped answers that read their own version (`versionOf`) after each request arrives. */
export class VersionedAnswers extends ScopedAnswers {
  constructor(
    limit: number,
    private readonly versionOf: (db: Db) => Promise<AnswerVersion>,
  ) {
    super(limit);
  }

  async get<T>(db: Db, actor: Actor, what: readonly unknown[], compute: () => Promise<T>) {
    if (isTransaction(db)) return compute();
    const { revision, key = [] } = await this.versionOf(db);
    return this.at(db, actor, [...key, ...what], revision, compute);
  }
}

/** Answers sent as they are to every reader who asks (see `KeptAnswers`' `shared`). */
const sharedAnswers = new WeakSet<object>();

/** Whether `data` is a kept answer sent as it is to every reader (frozen, so reusable as is). */
export function isSharedAnswer(data: unknown): boolean {
  return data !== null && typeof data === 'object' && sharedAnswers.has(data);
}

function share<T>(answer: T): T {
  if (answer !== null && typeof answer === 'object') {
    deepFreeze(answer);
    sharedAnswers.add(answer);
  }
  return answer;
}

function deepFreeze(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value) as unknown[])
    if (v !== null && typeof v === 'object') deepFreeze(v);
}

/**
 * Wraps a route's response serializer: a shared kept answer is validated and serialized once and
 * its JSON text reused for every reader (it is frozen, so the text cannot go stale); any other
 * payload goes through the serializer as usual.
 */
export function serializedOnce(serialize: (data: unknown) => string): (data: unknown) => string {
  const texts = new WeakMap<object, string>();
  return (data) => {
    if (!isSharedAnswer(data)) return serialize(data);
    let text = texts.get(data as object);
    if (text === undefined) {
      text = serialize(data);
      texts.set(data as object, text);
    }
    return text;
  };
}
