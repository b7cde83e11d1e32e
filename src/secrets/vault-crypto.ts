// The vault's cipher: AES-256-GCM under a key derived from a passphrase with
// scrypt. The header (format, KDF parameters, cipher) is authenticated as
// associated data, so weakening the parameters in the file fails the tag.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { sha256Hex } from '../core/hash';

export const VAULT_FORMAT = 'clawdock-vault/1';

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and ~0.1 s per derivation (OWASP's interactive minimum is 2^17 with r 8 — raise N when the machines allow). */
const DEFAULT_KDF = { name: 'scrypt', N: 1 << 15, r: 8, p: 1 } as const;
/** Lowest parameters accepted when reading, so an altered file cannot ask for a trivial derivation. */
const MIN_N = 1 << 14;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** The sealed file as stored. */
export const sealedVaultSchema = z.strictObject({
  format: z.literal(VAULT_FORMAT),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z.number().int().min(MIN_N).max(1 << 20).refine((n) => (n & (n - 1)) === 0, 'a power of two'),
    r: z.number().int().min(8).max(32),
    p: z.number().int().min(1).max(16),
    salt: b64,
  }),
  cipher: z.literal('aes-256-gcm'),
  iv: b64,
  tag: b64,
  data: b64,
});

/** A vault as written on disk. */
export type SealedVault = z.infer<typeof sealedVaultSchema>;
type Kdf = SealedVault['kdf'];

// Derived keys are kept for the life of the process: one derivation per vault and passphrase, not one per read.
const derived = new Map<string, Buffer>();

function deriveKey(passphrase: string, kdf: Kdf): Buffer {
  const cacheKey = sha256Hex(`${kdf.N}:${kdf.r}:${kdf.p}:${kdf.salt}:${passphrase}`);
  let key = derived.get(cacheKey);
  if (!key) {
    key = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r });
    derived.set(cacheKey, key);
  }
  return key;
}

function associatedData(v: Pick<SealedVault, 'format' | 'kdf' | 'cipher'>): Buffer {
  return Buffer.from(JSON.stringify([v.format, v.kdf.name, v.kdf.N, v.kdf.r, v.kdf.p, v.kdf.salt, v.cipher]));
}

/** Seals `secrets` with `passphrase`; `previous` keeps its salt and parameters (one derivation per vault). A fresh IV every time. */
export function sealVault(secrets: Readonly<Record<string, string>>, passphrase: string, previous?: SealedVault): SealedVault {
  const kdf: Kdf = previous?.kdf ?? { ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') };
  const header = { format: VAULT_FORMAT, kdf, cipher: 'aes-256-gcm' } as const;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, kdf), iv);
  cipher.setAAD(associatedData(header));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return { ...header, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Opens a sealed vault; undefined when the passphrase is wrong or anything in the file was altered. */
export function openVault(sealed: SealedVault, passphrase: string): Record<string, string> | undefined {
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, sealed.kdf), iv);
    decipher.setAAD(associatedData(sealed));
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    const value = z.record(z.string(), z.string()).parse(JSON.parse(text));
    return value;
  } catch {
    return undefined;
  }
}
