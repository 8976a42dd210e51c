// The light client's CPU-heavy part (smoldot's WebAssembly), off the page's main thread.
import * as smoldot from 'smoldot/worker';
import { compileBytecode } from 'smoldot/bytecode';

compileBytecode().then((bytecode) => postMessage(bytecode));
onmessage = (message) => smoldot.run(message.data);
