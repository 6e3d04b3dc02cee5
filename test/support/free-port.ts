import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Ports for the servers a test runs of its own (a private broker, a Postgres cluster, an app
 * it restarts), never fixed numbers, so two runs on one host cannot clash:
 *
 * - each candidate is asked of the OS: bound on 127.0.0.1, it is free right now;
 * - it is reserved by a lock file in <tmpdir>/ips-test-ports/ (holding the owner's pid), so
 *   two processes (jest workers, another checkout's CI) never take the same one between the
 *   check and the server's start. A lock whose owner has died is taken over; the owner's
 *   locks go when it exits, or with releasePorts();
 * - candidates lie below the kernel's ephemeral range (ip_local_port_range): a port from that
 *   range could be taken by any outgoing connection on the machine while a test has stopped
 *   its server and not yet started it again on the same port.
 */
export const PORT_LOCK_DIR = join(tmpdir(), 'ips-test-ports');
const LOCK_DIR = PORT_LOCK_DIR;
const held = new Set<number>();
let exitHook = false;

/** The lowest port the kernel hands out for outgoing connections (32768 by default). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Whether the OS lets us listen on 127.0.0.1:port right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock file of `port`, or says it is held by a living process. */
function lock(port: number): boolean {
  const file = join(LOCK_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(port);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: number;
      try {
        owner = Number(readFileSync(file, 'utf8'));
      } catch {
        continue; // released meanwhile: try again
      }
      if (owner > 0 && alive(owner)) return false;
      try {
        unlinkSync(file); // its owner died without releasing it
      } catch {
        /* someone else took it over first: the next openSync decides */
      }
    }
  }
  return false;
}

function unlock(port: number): void {
  if (!held.delete(port)) return;
  try {
    unlinkSync(join(LOCK_DIR, String(port)));
  } catch {
    /* already gone */
  }
}

/**
 * `n` distinct free ports, reserved for this process until released or until it exits.
 * `candidates` (for tests of this module) replaces the random draw below the ephemeral range.
 */
export async function reservePorts(n: number, candidates?: Iterable<number>): Promise<number[]> {
  mkdirSync(LOCK_DIR, { recursive: true });
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => [...held].forEach(unlock));
  }
  const low = 20_000;
  const high = ephemeralLow() - 1;
  const ports: number[] = [];
  const given = candidates?.[Symbol.iterator]();
  for (let tries = 0; ports.length < n; tries++) {
    const next = given?.next();
    if (tries > 2_000 || next?.done) {
      releasePorts(ports);
      throw new Error(
        `no ${n} free ports found ${given ? 'among the candidates' : `between ${low} and ${high}`}`,
      );
    }
    const port = next ? next.value : low + Math.floor(Math.random() * (high - low + 1));
    if (held.has(port) || !lock(port)) continue;
    if (await bindable(port)) ports.push(port);
    else unlock(port);
  }
  return ports;
}

/** Gives reserved ports back (a test that has stopped its servers for good). */
export function releasePorts(ports: Iterable<number>): void {
  for (const port of ports) unlock(port);
}
