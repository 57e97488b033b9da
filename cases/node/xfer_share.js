'use strict';
// node.xfer.share: one SharedArrayBuffer of `bytes` seen by both threads: the main thread writes
// the message in place and posts only its sequence number (worker.postMessage(seq), whose queue
// orders the writes before the worker's reads); the consumer (a worker pinned to the placement's
// second PU) computes the digest of the shared buffer (reads every byte with touch:1, the header and
// trailer with touch:0) and acknowledges with it, which also hands the buffer back. ns per message.
// Timed per message, one in flight (see xfer.js): writing the message in place, the two
// postMessage hops, the consumer's reading. The buffer is written in full in setup. A wrong digest
// fails. Native counterpart: xfer.share (a release/acquire signal instead of postMessage).
// Quick keeps touch:1 at 4 MiB (native xfer.share is --full only; node starts every round, ~0.3 s
// a result here); --full runs the native lists.
// @case node.xfer.share
// @summary SharedArrayBuffer written in place, its sequence number posted, acknowledged; ns per message
// @native ^xfer\.share/.*/touch:1$
// @min_pus 2
// @param place far,numa,package far,numa,package
// @param bytes 4194304 64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,4194304,8388608,16777216,33554432,67108864
// @param touch 1 0,1
const { isMainThread, workerData, parentPort } = require('worker_threads');
const x = require('./xfer.js');

if (!isMainThread) {
  const { bytes, touch, sab } = workerData;
  let last = 0;
  x.serve((seq) => {
    // the sequence numbers come in order, one at a time; anything else is a lost or repeated message
    parentPort.postMessage(seq === last + 1 ? x.digest(sab, bytes, touch) : `message ${seq} after ${last}`);
    last = seq;
  });
  return;
}

exports.setup = async (ctx, h) => {
  const { bytes, touch } = x.args(ctx);
  const sab = new SharedArrayBuffer(bytes);
  x.fill(sab, bytes, 0, 1); // every page written before timing
  const w = await x.consumer(__filename, { bytes, touch, sab }, h);
  return {
    w, h, bytes, touch, seq: 0, copies: 0,
    obtain: () => sab,
    send: (st, buf, seq) => st.w.postMessage(seq),
    ack: (st, m) => m,
  };
};

exports.run = x.run;
exports.teardown = (st) => st && st.w.terminate();
