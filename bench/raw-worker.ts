// The bare worker of the `runtime` benchmark's raw measurement: no host, no
// actors. It decodes the batches it is sent as the runtime does (a stream of its BatchCodec),
// counts the Send envelopes in them, and says so once it has the count it was
// told to expect. Main measures from its first encode to this answer.
import { parentChannel } from '../src/platform/index.js';
import { BatchCodec } from '../src/runtime/codec.js';

export interface RawInit { type: 'init'; port: MessagePort; structures: string[][] }
/** Main → worker on the port, ahead of the buffers of one measurement. */
export interface RawExpect { type: 'expect'; total: number }
/** Worker → main once `total` envelopes were decoded. */
export interface RawDone { type: 'done'; count: number }

const SEND = 1; // Op.Send (a const enum in src/runtime/envelope.ts)

const parent = parentChannel();
parent.onMessage((data) => {
  const init = data as RawInit;
  if (init?.type !== 'init') return;
  const stream = new BatchCodec(init.structures).decoder();
  const port = init.port;
  let expected = -1;
  let count = 0;
  port.onmessage = (e: MessageEvent) => {
    const msg = e.data as ArrayBuffer | RawExpect | { type: 'close' };
    if (msg instanceof ArrayBuffer) {
      const batch = stream.decode(msg) as unknown[][];
      for (let i = 0; i < batch.length; i++) if (batch[i]![0] === SEND) count++;
      if (count === expected) {
        expected = -1;
        port.postMessage({ type: 'done', count } satisfies RawDone);
      }
      return;
    }
    if (msg.type === 'expect') {
      expected = msg.total;
      count = 0;
    } else if (msg.type === 'close') {
      port.close();
      parent.close();
    }
  };
});
