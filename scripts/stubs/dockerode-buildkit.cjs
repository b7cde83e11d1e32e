// Stands in for dockerode's lib/buildkit.js (BuildKit progress decoding through
// protobufjs), which only a BuildKit build (`version: '2'`) reaches. See
// dockerode-session.cjs.
module.exports = {
  followProgress() {
    throw new Error('BuildKit progress is not supported by this build of Clawdock; the bundled image uses the classic builder');
  },
};
