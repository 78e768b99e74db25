import { parentPort, workerData } from 'node:worker_threads'
import { readFile, STOP_READING, toWire, type ReadRequest } from './reading'

// The entry of the import's worker thread (bundled as out/cli/importWorker.js, see
// scripts/buildCli.cjs): reads the file it is given and posts what it reads (reading.ts).

// Stopped by a message, not by Worker.terminate(): a thread terminated while it inflates the file
// can bring the whole process down (Node 20 aborts on a zlib stream closed before it was set up).
const stop = new AbortController()
parentPort!.once('message', (message) => message === STOP_READING && stop.abort())
parentPort!.unref() // the listener alone does not keep the thread alive
void readFile(workerData as ReadRequest, (message) => parentPort!.postMessage(toWire(message)), stop.signal)
