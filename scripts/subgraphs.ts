/**
 * The four subgraphs started together, each its own HTTP server with its own database. Used by the
 * one-process platform (scripts/platform.ts) and by the subgraph process of `npm start` (scripts/subgraphs-process.ts).
 */
import 'reflect-metadata';
import { SUBGRAPH_NAMES, type PlatformConfig, type SubgraphName } from '../platform/config';
import type { Peers } from '../platform/peers';
import { startSubgraph, type RunningSubgraph, type SubgraphModule } from '../subgraphs/common/server';
import { access } from '../subgraphs/access';
import { content } from '../subgraphs/content';
import { lifecycle } from '../subgraphs/lifecycle';
import { organisation } from '../subgraphs/organisation';

export const SUBGRAPHS: Record<SubgraphName, SubgraphModule> = { organisation, access, lifecycle, content };

/**
 * Starts the four subgraphs one after another; if one fails, stops those already started and throws its error.
 * (Starting them all at once was measured to gain nothing: the work is on one thread either way.)
 * `ephemeralPorts` lets the OS pick free ports (tests run side by side).
 */
export async function startSubgraphs(
  config: PlatformConfig,
  peers: Peers,
  options: { ephemeralPorts?: boolean } = {},
): Promise<Record<SubgraphName, RunningSubgraph>> {
  const started: RunningSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      started.push(
        await startSubgraph(SUBGRAPHS[name], config, peers, options.ephemeralPorts ? 0 : config.ports[name]),
      );
    }
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
  return Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, RunningSubgraph>;
}

/** Where each running subgraph answers (its real port, also when the OS picked it). */
export function urlsOf(subgraphs: Record<SubgraphName, RunningSubgraph>): Record<SubgraphName, string> {
  return Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])) as Record<SubgraphName, string>;
}

/** Stops all four, even when one fails to stop; then throws the first failure. */
export async function stopSubgraphs(subgraphs: Record<SubgraphName, RunningSubgraph>): Promise<void> {
  const results = await Promise.allSettled(Object.values(subgraphs).map((s) => s.stop()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
