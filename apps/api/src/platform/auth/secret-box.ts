import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest for small secrets (TOTP seeds): AES-256-GCM, stored as
 * `v1:<iv>:<tag>:<ciphertext>` in base64url. The key comes from MFA_KEY, or from a key file
 * created on first use in the data folder (mode 0600): a copy of the database alone does not
 * give the seeds. Several processes must share MFA_KEY (or the data folder).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromConfig(config: { mfaKey: string | undefined; dataDir: string }): SecretBox {
    if (config.mfaKey) return new SecretBox(Buffer.from(config.mfaKey, 'base64'));
    const file = path.join(config.dataDir, 'mfa.key');
    try {
      return new SecretBox(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
    } catch {
      fs.mkdirSync(config.dataDir, { recursive: true });
      const key = randomBytes(32);
      try {
        fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
        return new SecretBox(key);
      } catch {
        // Another process wrote it first.
        return new SecretBox(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
      }
    }
  }

  seal(plain: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((x) => (typeof x === 'string' ? x : x.toString('base64url')))
      .join(':');
  }

  open(sealed: string): Buffer {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('unknown sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }
}
