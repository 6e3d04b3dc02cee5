import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PORT_LOCK_DIR, releasePorts, reservePorts } from './free-port';

// Ports for a test's own servers come from the OS and are reserved by lock files, so two
// runs on one host never take the same one (issue 10).
const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const lockOf = (port: number) => join(PORT_LOCK_DIR, String(port));

describe('reservePorts', () => {
  it('hands out distinct ports below the ephemeral range that can be listened on, each locked to this process', async () => {
    const ports = await reservePorts(4);
    try {
      expect(new Set(ports).size).toBe(4);
      const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
      for (const port of ports) {
        expect(port).toBeLessThan(low);
        expect(readFileSync(lockOf(port), 'utf8')).toBe(String(process.pid));
        const server = await listen(port);
        await new Promise((r) => server.close(r));
      }
    } finally {
      releasePorts(ports);
    }
    expect(ports.map((p) => existsSync(lockOf(p)))).toEqual([false, false, false, false]);
  });

  it('skips a port in use, and one locked by a living process; takes over the lock of a dead one', async () => {
    const [inUse, lockedByLiving, lockedByDead, free] = await reservePorts(4);
    releasePorts([inUse, lockedByLiving, lockedByDead, free]);
    const server = await listen(inUse);
    writeFileSync(lockOf(lockedByLiving), '1'); // pid 1 is always alive
    writeFileSync(lockOf(lockedByDead), '2147483646'); // no such process
    try {
      const got = await reservePorts(2, [inUse, lockedByLiving, lockedByDead, free]);
      expect(got).toEqual([lockedByDead, free]);
      expect(readFileSync(lockOf(lockedByDead), 'utf8')).toBe(String(process.pid));
      releasePorts(got);
      await expect(reservePorts(1, [inUse, lockedByLiving])).rejects.toThrow(/no 1 free ports/);
    } finally {
      await new Promise((r) => server.close(r));
      releasePorts([lockedByLiving]);
      if (existsSync(lockOf(lockedByLiving))) unlinkSync(lockOf(lockedByLiving));
    }
  });
});
