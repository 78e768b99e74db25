import { parentPort, workerData } from 'node:worker_threads'
import { readFile, toWire, type ReadRequest } from './reading'

// The entry of the import's worker thread (bundled as out/cli/importWorker.js, see
// scripts/buildCli.cjs): reads the file it is given and posts what it reads (reading.ts).

void readFile(workerData as ReadRequest, (message) => parentPort!.postMessage(toWire(message)))
