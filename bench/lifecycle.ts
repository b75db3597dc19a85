import { paginateQuery } from '@aws-sdk/lib-dynamodb'
import nodemailer from 'nodemailer'
import { readAppConfig } from '../local/config.ts'
import { type LocalStack, startLocalStack } from '../local/stack.ts'
import { type LocalClient, localClient } from './local-client.ts'
import { RequestCounter, type RequestCounts } from './request-counter.ts'

/**
 * On one local stack (the synthesized state machine executed on the dev clock), counted with an SDK middleware on
 * the stack's DynamoDB and SES clients:
 *   - a web intake: POST /api/requests until the workflow has routed the case, sent its mail (the advisor's
 *     notification among it) and parked on the clock;
 *   - the happy path of that case: the advisor lists the cases, reads it, acknowledges after an hour, answers two
 *     hours later, closes it; its state transitions, and that none follow however long the clock runs;
 *   - waiting: a second case, first while its acknowledge clock runs (two hours, nothing due), then acknowledged
 *     and a day on (its respond reminder is days away): the transitions during each wait, and that no mail went out;
 *   - a mail intake: a plain mail over SMTP until its notification (and its workflow parked).
 */

export interface LifecycleResults {
  web: RequestCounts
  email: RequestCounts
  /** From the web intake's answer to the close, the advisor's five API calls included. */
  happyPathAfterIntake: RequestCounts
  happyPath: { transitions: number; states: string[]; transitionsAfterClose: number; taskInvocations: number }
  waiting: {
    beforeAcknowledge: { transitions: number; mail: number; duration: string }
    afterAcknowledge: { transitions: number; mail: number; duration: string }
  }
  /** The advisor API calls of the happy path (each one Lambda invocation and one HTTP API request in AWS). */
  advisorCalls: number
  /** The happy-path case's items (`CASE#<ref>`, closed) as JSON: about what DynamoDB stores for it. */
  storedBytesPerCase: number
}

/** Monday 11 January 2027, 09:00 in Rotterdam: adv-01 is on duty in the example roster. */
const MONDAY_MORNING = new Date('2027-01-11T09:00:00+01:00')

const webRequest = {
  requesterType: 'private',
  topic: 'question',
  email: 'vrager@example.nl',
  description: 'Ik maak me zorgen over wat mijn buurjongen online deelt.',
  consent: true,
}

export async function benchLifecycle(taskStates: ReadonlySet<string>): Promise<LifecycleResults> {
  const counter = new RequestCounter()
  const stack: LocalStack = await startLocalStack({
    port: 0,
    smtpPort: 0,
    logLevel: 'SILENT',
    clockStart: MONDAY_MORNING,
    instrumentClients: (clients) => counter.attach(clients),

    // What is measured is the workflow, not the route throttle (5 requests/s on POST /api/requests by default).
    throttle: { ratePerSecond: 1_000_000, burst: 1_000_000 },
  })
  const local = localClient(stack)
  try {
    await local.settle()
    const advisor = await local.signIn('adv-01')
    counter.take()

    const { reference } = (await local.expect('/api/requests', 201, { body: webRequest })) as { reference: string }
    await local.settle()
    await assertNotified(local, reference, webRequest.email)
    const web = counter.take()

    let advisorCalls = 0
    const asAdvisor = async (path: string, status: number, body?: unknown) => {
      advisorCalls++
      const answer = await local.expect(path, status, { headers: advisor, ...(body === undefined ? {} : { body }) })
      await local.settle()
      return answer
    }
    await asAdvisor('/api/advisor/cases', 200)
    await asAdvisor(`/api/advisor/cases/${reference}`, 200)
    await local.advance('PT1H')
    await asAdvisor(`/api/advisor/cases/${reference}/acknowledge`, 200, {})
    await local.advance('PT2H')
    await asAdvisor(`/api/advisor/cases/${reference}/replies`, 201, { text: 'Goedemiddag, wij bellen u morgen.' })
    await asAdvisor(`/api/advisor/cases/${reference}/close`, 200, { outcome: 'advice-given' })
    await local.settle()
    const happyPathAfterIntake = counter.take()
    const happy = await local.workflow(reference)
    const storedBytesPerCase = await casePartitionBytes(stack, reference)
    counter.take()

    const waiting = await measureWaits(local, advisor)
    counter.take()

    const email = await mailIntake(stack, local)
    counter.take()

    await local.advance('P14D')
    const later = await local.workflow(reference)
    return {
      web,
      email: { ...email.counts },
      happyPathAfterIntake,
      happyPath: {
        transitions: happy.transitions,
        states: happy.states,
        transitionsAfterClose: later.transitions - happy.transitions,
        taskInvocations: happy.states.filter((state) => taskStates.has(state)).length,
      },
      waiting,
      advisorCalls,
      storedBytesPerCase,
    }

    async function mailIntake(running: LocalStack, client: LocalClient) {
      const config = readAppConfig()
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: running.smtpPort,
        secure: false,
        ignoreTLS: true,
      })
      const sender = 'burger@example.nl'
      await transport.sendMail({
        from: sender,
        to: config.intakeAddress,
        subject: 'Zorgen om mijn zoon',
        text: 'Mijn zoon praat de laatste tijd veel over een groep online. Kan ik iemand spreken?',
      })
      transport.close()
      await client.settle()
      const acknowledgement = (await client.mail()).find((mail) => mail.to.includes(sender))
      const mailReference = /\[(MAR-[0-9A-Z]{4}-[0-9A-Z]{4})\]/.exec(acknowledgement?.subject ?? '')?.[1]
      if (mailReference === undefined) throw new Error('The mail intake sent no acknowledgement with a reference')
      await assertNotified(client, mailReference, sender)
      return { counts: counter.take() }
    }
  } finally {
    await stack.stop()
  }
}

async function casePartitionBytes(stack: LocalStack, reference: string): Promise<number> {
  let bytes = 0
  const pages = paginateQuery(
    { client: stack.documents },
    {
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
    },
  )
  for await (const page of pages) for (const item of page.Items ?? []) bytes += Buffer.byteLength(JSON.stringify(item))
  return bytes
}

/** The case has mail to someone other than its requester: the advisor's notification. */
async function assertNotified(local: LocalClient, reference: string, requester: string): Promise<void> {
  const notified = (await local.mail()).some(
    (mail) => mail.subject.includes(`[${reference}]`) && !mail.to.includes(requester),
  )
  if (!notified) throw new Error(`No advisor notification for ${reference}`)
}

async function measureWaits(local: LocalClient, advisor: Record<string, string>) {
  const { reference } = (await local.expect('/api/requests', 201, {
    body: { ...webRequest, email: 'wachtende@example.nl' },
  })) as { reference: string }
  await local.settle()
  const during = async (duration: string) => {
    const before = { transitions: (await local.workflow(reference)).transitions, mail: (await local.mail()).length }
    await local.advance(duration)
    return {
      transitions: (await local.workflow(reference)).transitions - before.transitions,
      mail: (await local.mail()).length - before.mail,
      duration,
    }
  }
  // A question's acknowledge reminder comes at 75 % of 8 business hours: 6 hours after routing, in business time.
  const beforeAcknowledge = await during('PT2H')
  await local.expect(`/api/advisor/cases/${reference}/acknowledge`, 200, { headers: advisor, body: {} })
  await local.settle()
  // Its respond reminder comes at 75 % of 40 business hours: days away.
  const afterAcknowledge = await during('P1D')
  return { beforeAcknowledge, afterAcknowledge }
}
