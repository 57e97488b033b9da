'use strict';
// node.xfer.transfer: hand an ArrayBuffer of `bytes` to a worker without copying it,
// worker.postMessage(buf, [buf]) (transferList: the backing store moves, buf is detached), ns per
// message. The consumer (a worker pinned to the placement's second PU) computes the digest (reads
// every byte with touch:1, the header and trailer with touch:0) and acknowledges with it.
// alloc:fresh: every message is a new ArrayBuffer (zeroed by V8, as native calloc), which the
// consumer drops (its garbage collector frees it): the cold cost of a new buffer, measured on
// purpose. alloc:recycled: a pool of two buffers (every page written in setup) travels back: the
// consumer transfers the buffer back with its acknowledgement and the main thread reuses it. Timed
// per message, one in flight (see xfer.js): getting the buffer (new ArrayBuffer / taking one back),
// producing the message in it, both transfers, the consumer's reading, the acknowledgement. A
// wrong digest, or no buffer to reuse, fails. Native counterpart: xfer.transfer (a pointer through a
// queue; fresh buffers calloc'd and freed by the consumer, recycled ones back through a return queue).
// Quick keeps touch:1 at 64 B and 4 MiB (the sizes claim 3 is judged at, consumer reading): every
// result starts node and its worker each round (~0.3 s here), so the native quick list would take
// minutes; --full runs the native lists.
// @case node.xfer.transfer
// @summary worker.postMessage(ArrayBuffer, [ArrayBuffer]) (fresh or recycled buffers), acknowledged; ns per message
// @native ^xfer\.transfer/.*/touch:1$
// @min_pus 2
// @param place far,numa,package far,numa,package
// @param alloc recycled fresh,recycled
// @param bytes 64,4194304 64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,4194304,8388608,16777216,33554432,67108864
// @param touch 1 0,1
const { isMainThread, workerData, parentPort } = require('worker_threads');
const x = require('./xfer.js');
const POOL = 2;

if (!isMainThread) {
  const { bytes, touch, fresh } = workerData;
  x.serve(fresh
    ? (buf) => parentPort.postMessage(x.digest(buf, bytes, touch))
    : (buf) => parentPort.postMessage({ dg: x.digest(buf, bytes, touch), buf }, [buf]));
  return;
}

exports.setup = async (ctx, h) => {
  const { bytes, touch } = x.args(ctx);
  const alloc = ctx.args.alloc;
  if (alloc !== 'fresh' && alloc !== 'recycled')
    throw new Error(`alloc:${alloc}: expected fresh or recycled`);
  const fresh = alloc === 'fresh', pool = [];
  for (let k = 0; !fresh && k < POOL; k++) {
    pool.push(new ArrayBuffer(bytes));
    x.fill(pool[k], bytes, 0, 1); // every page written before timing
  }
  const w = await x.consumer(__filename, { bytes, touch, fresh }, h);
  return {
    w, h, bytes, touch, seq: 0, copies: 0, pool,
    obtain: fresh ? () => new ArrayBuffer(bytes) : (st) => {
      if (!st.pool.length)
        throw new Error(`message ${st.seq}: no buffer came back to reuse: the consumer kept one`);
      return st.pool.pop();
    },
    send: (st, buf) => st.w.postMessage(buf, [buf]),
    ack: fresh ? (st, m) => m : (st, m) => {
      if (!(m && m.buf instanceof ArrayBuffer && m.buf.byteLength === bytes))
        throw new Error(`message ${st.seq}: the consumer gave back no buffer of ${bytes} bytes`);
      st.pool.push(m.buf);
      return m.dg;
    },
  };
};

exports.run = x.run;
exports.teardown = (st) => st && st.w.terminate();
