import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { releasePorts, reservePorts } from './free-port';

const repo = resolve(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * A Kafka cluster of the test's own: `nodes` combined broker+controller nodes started by the
 * project's infra script (KAFKA_NODES, KAFKA_PORTS, KAFKA_CONTROLLER_PORTS, IPS_RUN_DIR), on
 * ports from the OS that stay reserved across stops and restarts until destroy(). Nodes can
 * be killed (kill -9 by pid), stopped (SIGTERM, together) and started again one by one; every
 * start and stop runs asynchronously, so a load running in the same process keeps going.
 */
export class OwnCluster {
  readonly runDir: string;
  private admin?: Admin;

  private constructor(
    readonly ports: number[],
    readonly controllerPorts: number[],
    name: string,
  ) {
    this.runDir = join(repo, '.run', 'test-brokers', name);
  }

  static async create(name: string, nodes = 3): Promise<OwnCluster> {
    const ports = await reservePorts(2 * nodes);
    return new OwnCluster(ports.slice(0, nodes), ports.slice(nodes), name);
  }

  get nodes(): number[] {
    return this.ports.map((_, i) => i + 1);
  }

  get bootstrap(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      IPS_RUN_DIR: this.runDir,
      KAFKA_NODES: String(this.ports.length),
      KAFKA_PORTS: this.ports.join(','),
      KAFKA_CONTROLLER_PORTS: this.controllerPorts.join(','),
      KAFKA_HEAP: '384m',
    };
  }

  /** Starts every node that is not running and waits until all are registered. */
  async start(): Promise<void> {
    await run('bash', [join(repo, 'infra', 'kafka', 'start.sh')], { env: this.env });
  }

  /** Clean stop (SIGTERM) of the given nodes together, or of all; waits until they exited. */
  async stop(...nodes: number[]): Promise<void> {
    await run('bash', [join(repo, 'infra', 'kafka', 'stop.sh'), ...nodes.map(String)], { env: this.env });
  }

  /** kill -9 one node by its pid file; waits until it is gone. */
  async kill(node: number): Promise<void> {
    const pid = this.pid(node);
    if (!pid) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  }

  pid(node: number): number | null {
    const file = join(this.runDir, 'kafka', `node-${node}`, 'kafka.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8')) : null;
  }

  alive(node: number): boolean {
    const pid = this.pid(node);
    return pid !== null && isAlive(pid);
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = new Kafka({
        clientId: 'test-cluster-admin',
        brokers: this.bootstrap.split(','),
        logLevel: logLevel.NOTHING,
        connectionTimeout: 2_000,
        requestTimeout: 5_000,
        retry: { retries: 2, initialRetryTime: 100 },
      }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async resetAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /** Partition metadata of a topic: leader, replicas and in-sync replicas of each partition. */
  async partitions(
    topic: string,
  ): Promise<{ partition: number; leader: number; replicas: number[]; isr: number[] }[]> {
    try {
      const admin = await this.getAdmin();
      const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      return meta.partitions.map((p) => ({
        partition: p.partitionId,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
      }));
    } catch (err) {
      await this.resetAdmin();
      throw err;
    }
  }

  /** The node leading most partitions of the topic (the lowest id on a tie). */
  async busiestLeader(topic: string): Promise<{ node: number; leads: number; of: number }> {
    const parts = await this.partitions(topic);
    const counts = new Map<number, number>();
    for (const p of parts) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
    const [node, leads] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    return { node, leads, of: parts.length };
  }

  /**
   * The active KRaft controller (the metadata quorum's leader), as the running nodes record it
   * in __cluster_metadata-0/quorum-state (kafkajs cannot ask DescribeQuorum, and the Metadata
   * response's controller id is any broker under KRaft); the newest epoch wins.
   */
  activeController(): { node: number; epoch: number } | null {
    let best: { node: number; epoch: number } | null = null;
    for (const n of this.nodes) {
      if (!this.alive(n)) continue;
      const file = join(this.runDir, 'kafka', `node-${n}`, 'data', '__cluster_metadata-0', 'quorum-state');
      try {
        const state = JSON.parse(readFileSync(file, 'utf8')) as { leaderId?: number; leaderEpoch?: number };
        if (
          state.leaderId !== undefined &&
          state.leaderId >= 0 &&
          (!best || (state.leaderEpoch ?? 0) > best.epoch)
        )
          best = { node: state.leaderId, epoch: state.leaderEpoch ?? 0 };
      } catch {
        /* not written yet */
      }
    }
    return best;
  }

  /** True when every partition of the topics has all its replicas in sync. */
  async fullyInSync(topics: string[]): Promise<boolean> {
    try {
      for (const topic of topics) {
        const parts = await this.partitions(topic);
        if (parts.some((p) => p.isr.length < p.replicas.length)) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Stops every node, deletes the data and gives the ports back. */
  async destroy(): Promise<void> {
    await this.resetAdmin();
    try {
      await this.stop();
      rmSync(this.runDir, { recursive: true, force: true });
    } finally {
      releasePorts([...this.ports, ...this.controllerPorts]);
    }
  }
}

/** Alive and not a zombie (a killed node nobody reaps still answers kill -0). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
