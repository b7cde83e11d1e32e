// Loads dockerode when the first engine client is made, not when the bundle
// loads: dockerode pulls docker-modem and with it Node's http, https and tls,
// which cost a window tens of milliseconds at activation though most windows
// never contact an engine (issue 11: activation cost). Our code only ever
// calls `new Docker(options)`; the real instance is returned from it.
let Docker;
module.exports = function LazyDocker(options) {
  Docker ??= require('dockerode');
  return new Docker(options);
};
