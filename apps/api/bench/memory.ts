import v8 from 'node:v8';
import vm from 'node:vm';

/** A full garbage collection, so a memory figure counts what is held, not what awaits GC. */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}
