// Counts, in the page, the reruns this browser asked for and the ones the server has finished, so a
// test can wait for the run its own click or keystroke started (conftest.wait_for_run).
//
// The DOM's data-test-script-state alone cannot tell: it stays "notRunning" from the click until the
// server's first reply, and a short run can pass without ever showing "running". Here every rerun
// request (BackMsg.rerun_script, not the fragments' timed auto-reruns) is counted as it is sent, and
// each run that starts (ForwardMsg.new_session) notes how many requests had been sent by then; a run
// that ends other than "finished early for a rerun" has answered all of those.
(() => {
  const Native = window.WebSocket;
  if (!Native || Native.boosterRuns) return;
  const runs = { sent: 0, startedAfter: 0, done: 0 };
  window.boosterRuns = runs;

  const varint = (bytes, at) => {
    let value = 0;
    let scale = 1;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return [value, at];
  };
  // The top-level fields of a protobuf message: {number: value or bytes} (the last of each number).
  const fields = (bytes) => {
    const found = {};
    let at = 0;
    while (at < bytes.length) {
      let tag;
      [tag, at] = varint(bytes, at);
      const number = Math.floor(tag / 8);
      const wire = tag & 7;
      if (wire === 0) {
        [found[number], at] = varint(bytes, at);
      } else if (wire === 2) {
        let length;
        [length, at] = varint(bytes, at);
        found[number] = bytes.subarray(at, at + length);
        at += length;
      } else if (wire === 1) {
        at += 8;
      } else if (wire === 5) {
        at += 4;
      } else {
        break;
      }
    }
    return found;
  };
  const BACK_RERUN_SCRIPT = 11;
  const CLIENT_STATE_IS_AUTO_RERUN = 6;
  const FORWARD_NEW_SESSION = 4;
  const FORWARD_SCRIPT_FINISHED = 6;
  const FINISHED_EARLY_FOR_RERUN = 2;

  const bytesOf = (data) => (data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null);

  class CountingWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const bytes = bytesOf(event.data);
        if (!bytes) return;
        const msg = fields(bytes);
        if (FORWARD_NEW_SESSION in msg) runs.startedAfter = runs.sent;
        if (FORWARD_SCRIPT_FINISHED in msg && msg[FORWARD_SCRIPT_FINISHED] !== FINISHED_EARLY_FOR_RERUN) {
          runs.done = Math.max(runs.done, runs.startedAfter);
        }
      });
    }

    send(data) {
      const bytes = bytesOf(data);
      const msg = bytes ? fields(bytes) : {};
      if (BACK_RERUN_SCRIPT in msg && !fields(msg[BACK_RERUN_SCRIPT])[CLIENT_STATE_IS_AUTO_RERUN]) runs.sent += 1;
      return super.send(data);
    }
  }
  CountingWebSocket.boosterRuns = true;
  window.WebSocket = CountingWebSocket;
})();
