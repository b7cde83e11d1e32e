import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { connectParams, signaturePayload } from './connect-request';
import { DeviceIdentity } from './device-identity';

describe('the signed connect', () => {
  it('derives the device id from the raw public key and signs the v3 payload the gateway verifies', () => {
    const { identity, pem } = DeviceIdentity.generate();
    const params = connectParams({ identity, nonce: 'n-1', signedAt: 1700, token: 'tok', commands: ['system.run'], displayName: 'X', version: '0.1.0', platform: 'linux' });
    const device = params.device as { id: string; publicKey: string; signature: string; signedAt: number; nonce: string };
    assert.equal(device.id, createHash('sha256').update(Buffer.from(device.publicKey, 'base64url')).digest('hex'));
    const payload = signaturePayload({ deviceId: device.id, clientId: 'node-host', clientMode: 'node', role: 'node', scopes: [], signedAt: 1700, token: 'tok', nonce: 'n-1', platform: 'linux', deviceFamily: '' });
    assert.equal(payload, `v3|${device.id}|node-host|node|node||1700|tok|n-1|linux|`);
    assert.ok(verify(null, Buffer.from(payload), createPublicKey(pem), Buffer.from(device.signature, 'base64url')));
    assert.deepEqual(params.auth, { token: 'tok' });
    assert.equal(params.minProtocol, 4);
    assert.equal((params.client as { id: string }).id, 'node-host');
  });

  it('authenticates with the stored device token when there is no shared token', () => {
    const { identity } = DeviceIdentity.generate();
    const params = connectParams({ identity, nonce: 'n', signedAt: 1, deviceToken: 'dt', commands: [], displayName: 'X', version: '1', platform: 'linux' });
    assert.deepEqual(params.auth, { deviceToken: 'dt' });
  });

  it('reloads the same identity from its PEM and refuses a key that is not Ed25519', () => {
    const { identity, pem } = DeviceIdentity.generate();
    assert.equal(DeviceIdentity.fromPem(pem).deviceId, identity.deviceId);
    assert.throws(() => DeviceIdentity.fromPem('not a key'), /cannot be read/);
  });
});
