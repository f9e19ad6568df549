// Spawn actors across worker threads, talk to them, look inside, close.
import { createRuntime } from 'cybernetes';

const runtime = await createRuntime({
  workers: 2,
  modules: [new URL('./greeter.mjs', import.meta.url)],
});

const greeter = runtime.spawn('greeter', { id: 'greeter-1' });
console.log(greeter);                                                     // "1/greeter-1" or "2/greeter-1"
console.log(await runtime.ask(greeter, { type: 'greet', name: 'Ada' }));  // hello Ada, visitor #1
console.log(await runtime.ask(greeter, { type: 'greet', name: 'Ada' }));  // hello again, Ada
console.log(await runtime.stateCounts('greeter'));                        // { greeter: { waiting: 1 } }

await runtime.close(); // workers end, the process exits by itself
