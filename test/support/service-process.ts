import { join, resolve } from 'node:path';
import { ChildService } from '@ips/platform';

const repo = resolve(__dirname, '..', '..');
export const TEST_OUTPUT = join(repo, 'test-output');
/** Built apps; IPS_DIST_DIR lets parallel work use its own build output. */
export const DIST = process.env.IPS_DIST_DIR ? resolve(process.env.IPS_DIST_DIR) : join(repo, 'dist');

export type ServiceName = 'ingest' | 'projector' | 'query' | 'reporting';

/**
 * A built app (dist/) running as its own process, as in production, with its log under
 * test-output/. Tests kill only the processes they started, by pid.
 */
export const ServiceProcess = {
  launch(name: ServiceName, env: Record<string, string>, opts: { tag: string }): ChildService {
    return ChildService.launch(name, env, join(TEST_OUTPUT, `${opts.tag}-${name}-${Date.now()}.log`));
  },
  async start(
    name: ServiceName,
    env: Record<string, string>,
    opts: { tag: string; timeoutMs?: number },
  ): Promise<ChildService> {
    const service = ServiceProcess.launch(name, env, opts);
    await service.listening(opts.timeoutMs);
    return service;
  },
};
export type ServiceProcess = ChildService;
