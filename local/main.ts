import { resolve } from 'node:path'
import { startLocalStack } from './stack.ts'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
// As Lambda sets it: the logger's lines then say which invocation was the cold start (functions/adapters/logger.ts).
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand'

const port = Number.parseInt(process.env.PORT ?? '3000', 10)
const smtpPort = Number.parseInt(process.env.SMTP_PORT ?? '2525', 10)
const dataDir = resolve(process.env.DATA_DIR ?? '.local/data')

try {
  const stack = await startLocalStack({ port, smtpPort, dataDir })
  console.log(
    [
      'MAR Intake runs locally:',
      `  form (nl)        ${stack.url}/`,
      `  form (en)        ${stack.url}/en/`,
      `  follow-up        ${stack.url}/follow-up   (anonymous requesters: reference + receipt)`,
      `  advisor workspace ${stack.url}/advisor/   (dev sign-in)`,
      `  API              ${stack.url}/api/requests`,
      `  mail intake      smtp://127.0.0.1:${stack.smtpPort}   (mail to the intake address)`,
      `  health           ${stack.url}/health`,
      `  stored case      ${stack.url}/_dev/cases/<reference>`,
      `  dev mailbox      ${stack.url}/_dev/mailbox   (JSON: /_dev/mail)`,
      `  dev clock        ${stack.url}/_dev/clock     (now ${stack.clock.now().toISOString()})`,
      `  roster           ${stack.url}/_dev/roster    (npm run roster -- show)`,
      `  data             ${dataDir}`,
      'Ctrl-C stops.',
    ].join('\n'),
  )
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await stack.stop()
    console.log('MAR Intake stopped.')
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    console.error(
      `Port ${port} or ${smtpPort} is in use. Stop the other process or set PORT or SMTP_PORT to another port.`,
    )
  else if (String(error).includes('LOCK'))
    console.error(`${dataDir} is in use by another MAR Intake. Stop it or set DATA_DIR.`)
  else console.error('MAR Intake could not start:', error instanceof Error ? error.message : error)
  process.exit(1)
}
