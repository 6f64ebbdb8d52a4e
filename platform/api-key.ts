/** A partner's API key is kept and looked up only as its SHA-256 (access stores it; the gateway asks with it). */
import crypto from 'node:crypto';

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}
