// Runs a real Neo4j 5 for tests and by hand, without Docker: Maven builds a small Java launcher, Node starts it and waits for Bolt.
//
// Library:  const server = await startNeo4jTestServer({ log: console.error }); ...; await server.stop();
// CLI:      node scripts/neo4j-test-server.mjs start [--import-from DIR]   (prints NEO4J_URI=bolt://127.0.0.1:PORT, keeps running)
//           node scripts/neo4j-test-server.mjs stop
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const launcherDir = join(repoRoot, 'scripts', 'neo4j-test-server');
const pomFile = join(launcherDir, 'pom.xml');
const launcherJar = join(launcherDir, 'target', 'neo4j-test-server.jar');
const classpathFile = join(launcherDir, 'target', 'classpath.txt');
// Maven leaves an unchanged jar and classpath file untouched, so the time of the last good build is kept here.
const buildStamp = join(launcherDir, 'target', 'built-by-neo4j-test-server.stamp');
const stateDir = join(repoRoot, '.neo4j-test');
const stateFile = join(stateDir, 'server.json');
const serverLogFile = join(stateDir, 'server.log');

const MAIN_CLASS = 'enduse.neo4jtestserver.TestServer';
const URI_LINE = /^NEO4J_URI=(bolt:\/\/\S+)$/m;
const BUILD_TIMEOUT_MS = 10 * 60_000; // the first build downloads ~180 MB of jars
const START_TIMEOUT_MS = 240_000;
// Importing millions of rows before the start takes minutes more, much more on a busy machine.
const IMPORT_TIMEOUT_MS = 3_600_000;
const STOP_TIMEOUT_MS = 30_000;
const PROGRESS_EVERY_MS = 15_000;

const writeToStderr = (line) => process.stderr.write(`${line}\n`);

/**
 * Whether `java` and `mvn` both run from PATH, i.e. whether a test server can be built and started here.
 * @example if (!javaAvailable()) console.warn('install Java 17 and Maven, or set NEO4J_URI');
 * @returns {boolean}
 */
export function javaAvailable() {
  return commandRuns('java', ['-version']) && commandRuns('mvn', ['-B', '--version']);
}

/**
 * Builds the launcher if needed, starts Neo4j on a free loopback port (auth disabled) and waits until Bolt answers.
 * The server also stops by itself when this Node process exits, since its stdin is a pipe from here.
 * @example
 *   const { uri, stop } = await startNeo4jTestServer({ log: console.error });
 *   const driver = neo4j.driver(uri); ...; await driver.close(); await stop();
 * @param {{ log?: (line: string) => void, importFrom?: string }} [options] progress lines go to `log` (stderr by default);
 *   `importFrom`: a folder written by `enduse export --format neo4j-admin`, bulk-imported into the database before it starts
 * @returns {Promise<{ uri: string, stop: () => Promise<void> }>}
 */
export async function startNeo4jTestServer({ log = writeToStderr, importFrom } = {}) {
  await ensureLauncherBuilt(log);
  const startedAt = Date.now();
  log(`neo4j-test-server: starting Neo4j${importFrom === undefined ? '' : ` with a database imported from ${importFrom}`}...`);
  const child = spawn('java', [...jvmOptions(), MAIN_CLASS, ...importArguments(importFrom)], { stdio: ['pipe', 'pipe', 'pipe'] });
  ignoreClosedPipe(child.stdin);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stderrTail = keepTail(child.stderr);
  // The importer's summary line ("IMPORT DONE in 44s 914ms. …") says how long the import itself took.
  // The launcher's own timing lines say how long the importer and the database start took, and their CPU.
  if (importFrom !== undefined) {
    child.stderr.on('data', (chunk) => {
      for (const line of chunk.toString().match(/IMPORT DONE[^\n]*|neo4j-test-server: (?:importer finished|database started)[^\n]*/g) ?? []) log(line.startsWith('neo4j-test-server') ? line : `neo4j-test-server: ${line}`);
    });
  }
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const startTimeoutMs = START_TIMEOUT_MS + (importFrom === undefined ? 0 : IMPORT_TIMEOUT_MS);
  const uri = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Neo4j did not report a Bolt URI within ${startTimeoutMs / 1000} s.${stderrTail.text()}`));
    }, startTimeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = URI_LINE.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (spawnError) => {
      clearTimeout(timer);
      reject(spawnError);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Neo4j exited before it was ready (${signal ?? `exit code ${code}`}).${stderrTail.text()}`));
    });
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end(); // end of stdin makes the launcher shut Neo4j down and delete its store
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await verifyBolt(uri);
  } catch (unreachable) {
    await stop();
    throw unreachable;
  }
  log(`neo4j-test-server: Neo4j ready at ${uri} after ${seconds(Date.now() - startedAt)}`);
  return { uri, stop };
}

function importArguments(importFrom) {
  return importFrom === undefined ? [] : ['--import-from', resolve(importFrom)];
}

async function ensureLauncherBuilt(log) {
  if (launcherIsCurrent()) return;
  log('neo4j-test-server: building the launcher with Maven (unless ~/.m2 has them, this downloads Neo4j 5.26 jars, ~180 MB)...');
  const startedAt = Date.now();
  rmSync(buildStamp, { force: true });
  const progress = setInterval(() => log(`neo4j-test-server: still building (${seconds(Date.now() - startedAt)})...`), PROGRESS_EVERY_MS);
  try {
    await runToCompletion('mvn', ['-B', '-q', '-Dstyle.color=never', '-f', pomFile, 'package'], BUILD_TIMEOUT_MS);
  } finally {
    clearInterval(progress);
  }
  log(`neo4j-test-server: built in ${seconds(Date.now() - startedAt)}`);
  writeFileSync(buildStamp, `${new Date().toISOString()}\n`);
}

function launcherIsCurrent() {
  if (![buildStamp, launcherJar, classpathFile].every((file) => existsSync(file))) return false;
  const builtAt = statSync(buildStamp).mtimeMs;
  const sources = [pomFile, ...filesUnder(join(launcherDir, 'src'))];
  return sources.every((source) => statSync(source).mtimeMs < builtAt);
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function jvmOptions() {
  const classpath = `${launcherJar}:${readFileSync(classpathFile, 'utf8').trim()}`;
  return [
    '-Xms256m',
    '-Xmx1g',
    '-XX:+ExitOnOutOfMemoryError',
    // JVM warnings go to stderr, so stdout carries only the URI line.
    '-Xlog:disable',
    '-Xlog:all=warning:stderr',
    '-cp',
    classpath,
  ];
}

async function verifyBolt(uri) {
  const { default: neo4j } = await import('neo4j-driver');
  const driver = neo4j.driver(uri);
  try {
    await driver.verifyConnectivity();
  } finally {
    await driver.close();
  }
}

function commandRuns(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

function runToCompletion(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const outputTail = keepTail(child.stdout, child.stderr);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (spawnError) => {
      clearTimeout(timer);
      reject(spawnError.code === 'ENOENT' ? new Error(`${command} is not on PATH (the Neo4j test server needs Java 17+ and Maven)`) : spawnError);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}).${outputTail.text()}`));
    });
  });
}

// A launcher that already exited closes its stdin; the 'exit' event reports that, so EPIPE here says nothing new.
function ignoreClosedPipe(stdin) {
  stdin.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// Keeps the last lines of the given streams (ANSI colours stripped) for error messages.
function keepTail(...streams) {
  const lines = [];
  for (const stream of streams) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      lines.push(...chunk.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((line) => line.trim() !== ''));
      lines.splice(0, Math.max(0, lines.length - 40));
    });
  }
  return { text: () => (lines.length === 0 ? '' : `\n${lines.join('\n')}`) };
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- CLI: a detached server for hand use, remembered in .neo4j-test/server.json ----

async function startDetached(importFrom) {
  const running = readState();
  if (running && isOurServer(running.pid)) {
    if (importFrom !== undefined) throw new Error(`a test server already runs (pid ${running.pid}, ${running.uri}); stop it first (npm run neo4j:stop) to start one from ${importFrom}`);
    try {
      await verifyBolt(running.uri);
      console.log(`NEO4J_URI=${running.uri}`);
      return 0;
    } catch (unreachable) {
      writeToStderr(`neo4j-test-server: pid ${running.pid} does not answer on ${running.uri} (${unreachable.message}); restarting it.`);
      await stopProcessGroup(running.pid);
    }
  }
  rmSync(stateFile, { force: true });

  if (!javaAvailable()) throw new Error('Java 17+ and Maven (mvn) must both be on PATH to run the Neo4j test server.');
  await ensureLauncherBuilt(writeToStderr);
  mkdirSync(stateDir, { recursive: true });
  const logFd = openSync(serverLogFile, 'w');
  const startedAt = Date.now();
  writeToStderr(`neo4j-test-server: starting Neo4j in the background (log: ${serverLogFile})...`);
  const child = spawn('java', [...jvmOptions(), MAIN_CLASS, '--ignore-stdin', ...importArguments(importFrom)], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exitedEarly;
  child.once('exit', (code, signal) => (exitedEarly = signal ?? `exit code ${code}`));
  child.once('error', (spawnError) => (exitedEarly = spawnError.message));
  child.unref();

  let uri;
  while (uri === undefined) {
    const match = URI_LINE.exec(readFileSync(serverLogFile, 'utf8'));
    if (match) uri = match[1];
    else if (exitedEarly !== undefined) throw new Error(`Neo4j exited before it was ready (${exitedEarly}); see ${serverLogFile}`);
    else if (Date.now() - startedAt > START_TIMEOUT_MS + (importFrom === undefined ? 0 : IMPORT_TIMEOUT_MS)) {
      await stopProcessGroup(child.pid);
      throw new Error(`Neo4j did not report a Bolt URI in time; see ${serverLogFile}`);
    } else await sleep(100);
  }
  await verifyBolt(uri);
  writeFileSync(stateFile, `${JSON.stringify({ pid: child.pid, uri, log: serverLogFile, startedAt: new Date(startedAt).toISOString() }, null, 2)}\n`);
  writeToStderr(`neo4j-test-server: Neo4j ready after ${seconds(Date.now() - startedAt)}; stop it with: npm run neo4j:stop`);
  console.log(`NEO4J_URI=${uri}`);
  return 0;
}

async function stopDetached() {
  const running = readState();
  if (!running) {
    writeToStderr('neo4j-test-server: no server recorded in .neo4j-test/server.json; nothing to stop.');
    return 0;
  }
  if (isOurServer(running.pid)) await stopProcessGroup(running.pid);
  rmSync(stateFile, { force: true });
  writeToStderr(`neo4j-test-server: stopped (pid ${running.pid}).`);
  return 0;
}

function readState() {
  if (!existsSync(stateFile)) return undefined;
  return JSON.parse(readFileSync(stateFile, 'utf8'));
}

// Guards against a recycled pid: on Linux the command line must name the launcher.
function isOurServer(pid) {
  if (!isAlive(pid)) return false;
  const cmdlineFile = `/proc/${pid}/cmdline`;
  return !existsSync(cmdlineFile) || readFileSync(cmdlineFile, 'utf8').includes(MAIN_CLASS);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

// The detached launcher leads its own process group; SIGTERM lets it shut Neo4j down and delete the store.
async function stopProcessGroup(pid) {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function main(command, ...options) {
  if (command === 'start' && options.length === 0) return startDetached();
  if (command === 'start' && options.length === 2 && options[0] === '--import-from') return startDetached(options[1]);
  if (command === 'stop') return stopDetached();
  writeToStderr('usage: node scripts/neo4j-test-server.mjs start [--import-from DIR] | stop');
  return 2;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(...process.argv.slice(2)).then(
    (exitCode) => (process.exitCode = exitCode),
    (error) => {
      writeToStderr(`neo4j-test-server: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
