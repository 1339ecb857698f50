// Starts a real local stack (io.herald.local.LocalStack) in a child JVM on free ports, in a
// temporary data folder, and stops it. Uses the stack's --control-stdin commands to stop and
// start single edges, and starts extra edges as JVMs of their own that a test can kill. The JVMs'
// classpath comes from the Maven build (see local/pom.xml).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const START_TIMEOUT_MS = 150_000;
const COMMAND_TIMEOUT_MS = 60_000;

/** A free TCP port on 127.0.0.1 (the OS picks it; it is free when this returns). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through Maven (./mvnw -pl local verify)`);
  }
  return value;
}

export class LocalStackProcess {
  /**
   * @param {{edges?: number, edgeOptions?: string[], jobOptions?: string[]}} [options]
   *   edgeOptions/jobOptions are NAME=VALUE pairs for --edge-option/--job-option
   */
  static async start(options = {}) {
    const classes = requireEnv('HERALD_LOCAL_CLASSES');
    const classpath = (await readFile(requireEnv('HERALD_LOCAL_CLASSPATH_FILE'), 'utf8')).trim();
    const jvmOpts = (process.env.HERALD_LOCAL_JVM_OPTS ?? '').split(/\s+/).filter(Boolean);
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-local-'));
    const kafkaPort = await freePort();
    const flinkUiPort = await freePort();
    const edgePorts = [];
    for (let i = 0; i < (options.edges ?? 2); i++) edgePorts.push(await freePort());
    const args = [
      '-Xmx768m',
      ...jvmOpts,
      '-cp',
      `${classes}:${classpath}`,
      'io.herald.local.LocalStack',
      '--kafka-port', String(kafkaPort),
      '--flink-ui-port', String(flinkUiPort),
      '--edge-ports', edgePorts.join(','),
      '--data-dir', dataDir,
      '--control-stdin',
      ...(options.edgeOptions ?? []).flatMap((o) => ['--edge-option', o]),
      ...(options.jobOptions ?? []).flatMap((o) => ['--job-option', o]),
    ];
    const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stack = new LocalStackProcess(child, dataDir, kafkaPort, edgePorts);
    try {
      await stack._nextLine((line) => line === 'ready', START_TIMEOUT_MS, 'the stack to be ready');
    } catch (e) {
      await stack.stop();
      throw e;
    }
    return stack;
  }

  constructor(child, dataDir, kafkaPort, edgePorts) {
    this.child = child;
    this.dataDir = dataDir;
    this.kafkaPort = kafkaPort;
    this.edgePorts = edgePorts;
    this.output = [];
    this.edgeProcesses = [];
    this.stderr = '';
    this.waiters = [];
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.output.push(line);
      for (const w of [...this.waiters]) w(line);
    });
    child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-20000);
    });
  }

  /** ws:// URL of the edge on `port` (default: the i-th edge). */
  wsUrl(port) {
    return `ws://127.0.0.1:${port}/ws`;
  }

  get wsUrls() {
    return this.edgePorts.map((p) => this.wsUrl(p));
  }

  pageUrl(port) {
    return `http://127.0.0.1:${port}/`;
  }

  async stopEdge(port) {
    await this._command(`stop-edge ${port}`, `edge-stopped ${port}`);
  }

  async startEdge(port) {
    await this._command(`start-edge ${port}`, `edge-started ${port}`);
  }

  /**
   * Starts one more edge as a JVM of its own, on a free port, reading and writing the stack's
   * topics, so that a test can `kill -9` it (the stack's own edges share the stack's JVM). Resolves
   * once its /healthz answers 200; `stop()` kills it if the test did not.
   */
  async startEdgeProcess() {
    const classes = requireEnv('HERALD_LOCAL_CLASSES');
    const classpath = (await readFile(requireEnv('HERALD_LOCAL_CLASSPATH_FILE'), 'utf8')).trim();
    const port = await freePort();
    const child = spawn('java', [
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      `${classes}:${classpath}`,
      'io.herald.edge.EdgeMain',
      '--port', String(port),
      '--bootstrap-servers', `127.0.0.1:${this.kafkaPort}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-20000);
    });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    this.edgeProcesses.push(child);
    const edge = {
      port,
      url: this.wsUrl(port),
      exited,
      kill: async () => {
        child.kill('SIGKILL');
        return exited;
      },
    };
    try {
      await until(
        `the edge process on ${port} to be ready`,
        async () => {
          if (child.exitCode !== null) throw new Error(`the edge process exited (${child.exitCode}): ${stderr}`);
          try {
            return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
          } catch {
            return false;
          }
        },
        START_TIMEOUT_MS,
      );
    } catch (e) {
      await edge.kill();
      throw e;
    }
    return edge;
  }

  /** Ends the control input: the stack shuts down cleanly; then the data folder is removed. */
  async stop() {
    for (const edge of this.edgeProcesses) {
      if (edge.exitCode === null && edge.signalCode === null) edge.kill('SIGKILL');
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }

  async _command(command, expected) {
    const answer = this._nextLine((l) => l === expected || l.startsWith('error:'), COMMAND_TIMEOUT_MS, expected);
    this.child.stdin.write(command + '\n');
    const line = await answer;
    if (line !== expected) throw new Error(`${command}: ${line}`);
  }

  _nextLine(matches, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const done = (fn, value) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        fn(value);
      };
      const waiter = (line) => matches(line) && done(resolve, line);
      const timer = setTimeout(
        () => done(reject, new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push(waiter);
      this.exited.then(({ code }) =>
        done(reject, new Error(`the stack exited (${code}) while waiting for ${what}; stderr: ${this.stderr}`)),
      );
    });
  }
}

/** Resolves once `condition()` is truthy; rejects after `timeoutMs`. */
export async function until(what, condition, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
