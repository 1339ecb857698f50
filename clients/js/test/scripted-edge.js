// A WebSocket server speaking just enough of PROTOCOL.md for tests of the client's own behaviour
// (close codes, backoff, de-duplication): each test scripts what the "edge" answers. The client's
// behaviour against real edges is tested in local/ against a real local stack.
import { WebSocketServer } from 'ws';

export class ScriptedEdge {
  /** @param {(frame: object, socket: import('ws').WebSocket, edge: ScriptedEdge) => void} onFrame */
  static async start(onFrame = () => {}, options = {}) {
    const edge = new ScriptedEdge(onFrame, options);
    await new Promise((resolve) => edge.server.on('listening', resolve));
    return edge;
  }

  /** `options.refuseStatus`: answer every upgrade with this HTTP status (e.g. 503, as a full edge). */
  constructor(onFrame, options) {
    this.onFrame = onFrame;
    this.frames = [];
    this.connections = 0;
    /** The URL of each upgrade request, refused or not. */
    this.requestUrls = [];
    /** Close codes received from clients, in order. */
    this.closeCodes = [];
    this.sockets = new Set();
    this.server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      path: '/ws',
      verifyClient: (info, done) => {
        this.requestUrls.push(info.req.url);
        if (options.refuseStatus) done(false, options.refuseStatus, 'refused', { 'Retry-After': '1' });
        else done(true);
      },
    });
    this.server.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', (code) => {
        this.sockets.delete(socket);
        this.closeCodes.push(code);
      });
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data));
        this.frames.push(frame);
        this.onFrame(frame, socket, this);
      });
    });
  }

  get url() {
    return `ws://127.0.0.1:${this.server.address().port}/ws`;
  }

  framesOfType(type) {
    return this.frames.filter((f) => f.type === type);
  }

  /** Closes every open connection with `code`. */
  closeAll(code, reason = '') {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  async stop() {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Answers each subscribe with `subscribed` (recovery complete when `from` was given). */
export function acceptSubscribes(frame, socket) {
  if (frame.type !== 'subscribe') return;
  for (const s of frame.subjects) {
    socket.send(
      JSON.stringify({
        type: 'subscribed',
        id: frame.id,
        subject: s.subject,
        recovery: s.from ? 'complete' : 'none',
        head: null,
      }),
    );
  }
}

/** The `timestamp` of seq 0 in scripted messages; seq n is sequenced n ms later. */
export const SEQUENCED_AT = 1_764_633_600_000;

export function message(subject, epoch, seq, content = `m${seq}`) {
  return JSON.stringify({ type: 'message', subject, epoch, seq, content, timestamp: SEQUENCED_AT + seq, replay: false });
}

/** Resolves once `condition()` is truthy; rejects after `timeoutMs`. */
export async function until(what, condition, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
