// Stands in for readable-stream@3 (docker-modem, tar-stream and bl use it): a
// copy of Node 10's streams, 38 KB in the bundle. Node's own streams serve the
// same classes (what readable-stream itself does under READABLE_STREAM=disable;
// its Object.assign onto Readable throws on Node 20, so this is a plain object).
const Stream = require('node:stream');
module.exports = {
  Stream,
  Readable: Stream.Readable,
  Writable: Stream.Writable,
  Duplex: Stream.Duplex,
  Transform: Stream.Transform,
  PassThrough: Stream.PassThrough,
  finished: Stream.finished,
  pipeline: Stream.pipeline,
};
