// Timers, setImmediate and process.nextTick, with node's loop phases. Loaded on first use of a
// timer global (or of `process`); engine.rs drives `nextTask` and `runTicks` once it is loaded.
'use strict';
(function (S) {
  const { native } = S;
  const defineHidden = S.defineHidden;
  // ---------------------------------------------------------------------------------------
  // Timers and process.nextTick, with node's loop phases: expired timers in order, then
  // immediates; promise jobs and ticks run between callbacks (engine.rs drains them).
  // ---------------------------------------------------------------------------------------
  const TIMEOUT_MAX = 2 ** 31 - 1;
  let timerSeq = 0;
  let timerHeap = []; // sorted by (when, seq)
  let immediateQueue = [];
  let tickQueue = [];
  let loopNow = native.now();

  function insertTimer(t) {
    let lo = 0;
    let hi = timerHeap.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = timerHeap[mid];
      if (m._when < t._when || (m._when === t._when && m._seq < t._seq)) lo = mid + 1;
      else hi = mid;
    }
    timerHeap.splice(lo, 0, t);
  }
  function removeTimer(t) {
    const i = timerHeap.indexOf(t);
    if (i !== -1) timerHeap.splice(i, 1);
  }

  function validateCallback(cb) {
    if (typeof cb !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${S.load('inspect').describeReceived(cb)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }

  class Timeout {
    constructor(callback, after, args, isRepeat) {
      after *= 1;
      if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1;
      this._idleTimeout = after;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = isRepeat ? after : null;
      this._destroyed = false;
      defineHidden(this, '_seq', ++timerSeq);
      defineHidden(this, '_when', loopNow + after);
      defineHidden(this, '_ref', true);
      insertTimer(this);
    }
    ref() { this._ref = true; return this; }
    unref() { this._ref = false; return this; }
    hasRef() { return this._ref; }
    refresh() {
      if (!this._destroyed) {
        removeTimer(this);
        this._when = native.now() + this._idleTimeout;
        this._seq = ++timerSeq;
        insertTimer(this);
      }
      return this;
    }
    close() { clearTimeout(this); return this; }
    [Symbol.toPrimitive]() { return this._seq; }
  }
  const timeoutsById = new Map();

  function setTimeout(callback, after, ...args) {
    validateCallback(callback);
    const t = new Timeout(callback, after, args, false);
    timeoutsById.set(t._seq, t);
    return t;
  }
  function setInterval(callback, repeat, ...args) {
    validateCallback(callback);
    const t = new Timeout(callback, repeat, args, true);
    timeoutsById.set(t._seq, t);
    return t;
  }
  function clearTimeout(timer) {
    if (timer && timer._onTimeout) {
      timer._destroyed = true;
      removeTimer(timer);
      timeoutsById.delete(timer._seq);
    } else if (typeof timer === 'number' || typeof timer === 'string') {
      const t = timeoutsById.get(Number(timer));
      if (t) clearTimeout(t);
    }
  }

  class Immediate {
    constructor(callback, args) {
      this._onImmediate = callback;
      this._argv = args;
      this._destroyed = false;
      defineHidden(this, '_ref', true);
      immediateQueue.push(this);
    }
    ref() { this._ref = true; return this; }
    unref() { this._ref = false; return this; }
    hasRef() { return this._ref; }
  }
  function setImmediate(callback, ...args) {
    validateCallback(callback);
    return new Immediate(callback, args);
  }
  function clearImmediate(immediate) {
    if (immediate && immediate._onImmediate) immediate._destroyed = true;
  }

  function nextTick(callback, ...args) {
    validateCallback(callback);
    tickQueue.push([callback, args]);
  }

  // Runs every queued tick (including ticks queued meanwhile); true if any ran.
  function runTicks() {
    if (tickQueue.length === 0) return false;
    while (tickQueue.length !== 0) {
      const [callback, args] = tickQueue.shift();
      callback(...args);
    }
    return true;
  }

  let phase = 0; // 0: timers, 1: immediates
  let immediateBatch = [];
  // The next macrotask: a function to call, a number of ms to sleep, or null when done.
  function nextTask() {
    for (;;) {
      if (phase === 0) {
        const t = timerHeap[0];
        if (t !== undefined && t._when <= loopNow) {
          timerHeap.shift();
          return () => {
            if (t._repeat !== null) {
              t._when = Math.max(loopNow, native.now()) + t._repeat;
              t._seq = ++timerSeq;
              insertTimer(t);
            } else {
              t._destroyed = true;
              timeoutsById.delete(t._seq);
            }
            const args = t._timerArgs;
            if (args.length === 0) t._onTimeout.call(t);
            else t._onTimeout.call(t, ...args);
          };
        }
        phase = 1;
        immediateBatch = immediateQueue;
        immediateQueue = [];
      }
      while (immediateBatch.length !== 0) {
        const im = immediateBatch.shift();
        if (im._destroyed) continue;
        return () => {
          im._destroyed = true;
          im._onImmediate(...im._argv);
        };
      }
      phase = 0;
      const liveImmediates = immediateQueue.some((im) => !im._destroyed && im._ref);
      const nextTimer = timerHeap.find((t) => t._ref);
      loopNow = native.now();
      if (liveImmediates) continue;
      if (nextTimer === undefined) {
        // Unreferenced timers do not keep the loop alive.
        return null;
      }
      const first = timerHeap[0];
      if (first._when <= loopNow) continue;
      return first._when - loopNow;
    }
  }




  return {
    setTimeout, setInterval, clearTimeout, clearInterval: clearTimeout, setImmediate, clearImmediate,
    nextTick, validateCallback, runTicks, nextTask,
  };
})
