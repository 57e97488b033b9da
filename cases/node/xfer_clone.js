'use strict';
// node.xfer.clone: hand an ArrayBuffer of `bytes` to a worker by structured clone
// (worker.postMessage(buf) without a transferList: serialized into the message, deserialized into a
// new ArrayBuffer on the worker's side, two copies), ns per message. The consumer (a worker pinned
// to the placement's second PU) computes the digest of the copy it got (reads every byte with
// touch:1, the header and trailer with touch:0) and posts it back; the main thread checks it. Timed
// per message, one in flight (see xfer.js): producing the message in the main thread's own buffer
// (written in full in setup), postMessage, the copies, the consumer's reading, the acknowledgement.
// The consumer's copy is a new ArrayBuffer every message: that allocation is part of what a clone
// costs. copied_bytes_per_second counts both copies. A wrong digest fails. Native counterpart:
// xfer.copy (copy into a channel slot and out again).
// Quick keeps touch:1 at 64 B and 4 MiB (the sizes claim 3 is judged at, consumer reading): every
// result starts node and its worker each round (~0.3 s here), so the native quick list would take
// minutes; --full runs the native lists.
// @case node.xfer.clone
// @summary worker.postMessage(ArrayBuffer) by structured clone (two copies), acknowledged; ns per message
// @native ^xfer\.copy/.*/touch:1$
// @min_pus 2
// @param place far,numa,package far,numa,package
// @param bytes 64,4194304 64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,4194304,8388608,16777216,33554432,67108864
// @param touch 1 0,1
const { isMainThread, workerData, parentPort } = require('worker_threads');
const x = require('./xfer.js');

if (!isMainThread) {
  const { bytes, touch } = workerData;
  x.serve((buf) => parentPort.postMessage(x.digest(buf, bytes, touch)));
  return;
}

exports.setup = async (ctx, h) => {
  const { bytes, touch } = x.args(ctx);
  const src = new ArrayBuffer(bytes);
  x.fill(src, bytes, 0, 1); // every page written before timing
  const w = await x.consumer(__filename, { bytes, touch }, h);
  return {
    w, h, bytes, touch, seq: 0, copies: 2,
    obtain: (st) => src,
    send: (st, buf) => st.w.postMessage(buf),
    ack: (st, m) => m,
  };
};

exports.run = x.run;
exports.teardown = (st) => st && st.w.terminate();
