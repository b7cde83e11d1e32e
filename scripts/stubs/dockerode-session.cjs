// Stands in for dockerode's lib/session.js in the bundle. The real one opens a
// BuildKit session over gRPC, which pulls @grpc/grpc-js and protobufjs (about
// 400 KB) into every bundle. Clawdock builds its image with the classic
// builder (no `version: '2'`), so no session is ever opened.
module.exports = function withSession(_docker, _auth, handler) {
  handler(new Error('BuildKit sessions are not supported by this build of Clawdock; the bundled image uses the classic builder'));
};
