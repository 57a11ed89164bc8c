// Entry point of dist/action.js (action.yml `runs.main`). The exit status is set through core.setFailed.
import { runAction } from './run.js';

await runAction();
