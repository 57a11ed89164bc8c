// Entry point of dist/action.js (action.yml `runs.main`). The exit status is set through core.setFailed.
import { limitHeapGrowth } from '../heap-growth.js';
import { runAction } from './run.js';

limitHeapGrowth();
await runAction();
