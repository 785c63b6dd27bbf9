// Entry of the embedded database's thread: worker threads do not inherit the `--import tsx`
// hooks on Node 20, so this plain module loads the TypeScript through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pglite-thread.ts', import.meta.url);
