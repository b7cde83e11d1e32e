// The CLI's device identity: a JSON file under $CLAWDOCK_HOME/openclaw (folder
// 0700, file 0600) with the Ed25519 private key and the device tokens each
// gateway issued. Written whole to a temporary file and renamed, so a crash
// leaves the old file or the new one, never half of either.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/errors';
import type { IdentityStore } from './device-identity';

const fileSchema = z.strictObject({
  version: z.literal(1),
  privateKeyPem: z.string().min(1).max(10_000).optional(),
  deviceTokens: z.record(z.string().max(2048), z.string().min(1).max(4096)).default({}),
});
type IdentityFile = z.infer<typeof fileSchema>;

/** Where the CLI keeps its OpenClaw device identity. */
export function identityFilePath(home: string): string {
  return join(home, 'openclaw', 'device.json');
}

/** An IdentityStore over one 0600 file. */
export class FileIdentityStore implements IdentityStore {
  constructor(private readonly path: string) {}

  async readPrivateKey(): Promise<string | undefined> {
    return this.read().privateKeyPem;
  }

  async writePrivateKey(pem: string): Promise<void> {
    this.write({ ...this.read(), privateKeyPem: pem });
  }

  async readDeviceToken(gatewayUrl: string): Promise<string | undefined> {
    return this.read().deviceTokens[gatewayUrl];
  }

  async writeDeviceToken(gatewayUrl: string, token: string): Promise<void> {
    const file = this.read();
    this.write({ ...file, deviceTokens: { ...file.deviceTokens, [gatewayUrl]: token } });
  }

  private read(): IdentityFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, deviceTokens: {} };
      throw new ConfigError(this.path, `cannot be read: ${(error as Error).message}`);
    }
    let parsed;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch {
      throw new ConfigError(this.path, 'is not JSON', 'remove it to create a new OpenClaw device identity (the gateway will ask to pair again)');
    }
    if (!parsed.success) throw new ConfigError(this.path, `is not a Clawdock OpenClaw identity: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`, 'remove it to create a new identity (the gateway will ask to pair again)');
    return parsed.data;
  }

  private write(file: IdentityFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    chmodSync(dirname(this.path), 0o700);
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }
}
