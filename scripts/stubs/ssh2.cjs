// Stands in for ssh2 in the bundle: Clawdock reaches engines through a unix
// socket or TCP, never dockerode's ssh:// transport.
class Client {
  constructor() {
    throw new Error('ssh:// engine addresses are not supported; use a unix socket or tcp:// (clawdock.sandbox.dockerHost)');
  }
}
module.exports = { Client };
