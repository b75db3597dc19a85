// A fresh process imports one bundle, as the Lambda runtime loads a handler, and prints how long that took (ms).
import { pathToFileURL } from 'node:url'

const start = process.hrtime.bigint()
await import(pathToFileURL(process.argv[2] ?? '').href)
const end = process.hrtime.bigint()
process.stdout.write(String(Number(end - start) / 1e6))
