// Stands in for `debug` (DEBUG=modem / DEBUG=@secretlint/* tracing in docker-modem and secretlint). Clawdock logs
// engine failures itself; the tracer and its tty/colour detection stay out.
function createDebug() {
  const log = () => undefined;
  log.enabled = false;
  log.extend = createDebug;
  return log;
}
createDebug.enable = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;
// As the real package: grammY imports `require('debug').debug`.
createDebug.debug = createDebug;
createDebug.default = createDebug;
module.exports = createDebug;
