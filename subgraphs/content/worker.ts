/** The entry of the content subgraph's worker threads (issue 12): they run the heavy steps of domain/heavy-work.ts. */
import 'reflect-metadata';
import { serveTasks } from '../common/worker-pool';
import { HEAVY_WORK } from './domain/heavy-work';

serveTasks(HEAVY_WORK);
