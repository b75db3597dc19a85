import { parseArgs } from 'node:util'
import { formatSmoke, runSmoke } from './checks.ts'

/** `npm run smoke -- --url <publicUrl> [--api-url <execute-api url>]`: exit 0 when every check passes. */
const { values } = parseArgs({ options: { url: { type: 'string' }, 'api-url': { type: 'string' } } })
if (!values.url) {
  console.error('usage: npm run smoke -- --url <publicUrl> [--api-url <https://….execute-api.<region>.amazonaws.com>]')
  process.exit(2)
}
const results = await runSmoke({ url: values.url, ...(values['api-url'] ? { apiUrl: values['api-url'] } : {}) })
console.log(formatSmoke(results))
process.exit(results.every((result) => result.pass) ? 0 : 1)
