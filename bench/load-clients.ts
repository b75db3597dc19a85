/**
 * Run by load.ts in its own process (so the clients do not share the stack's event loop): `concurrency` clients post
 * valid requests to POST /api/requests for `seconds`, each with an Idempotency-Key; a `repeatShare` of them repeat a
 * key the client used before, with the same body (an answer that was lost on the way), and must get the same
 * reference. Prints one JSON line: answers by status, latencies, the references accepted, repeats answered with
 * another reference.
 */

const [url, secondsArgument, concurrencyArgument, repeatShareArgument] = process.argv.slice(2)
const seconds = Number(secondsArgument)
const concurrency = Number(concurrencyArgument)
const repeatShare = Number(repeatShareArgument)

const statuses: Record<string, number> = {}
const latencies: number[] = []
const references = new Set<string>()
let repeats = 0
let repeatMismatches = 0
let networkErrors = 0
const deadline = performance.now() + seconds * 1000

async function client(id: number): Promise<void> {
  const sent: Array<{ key: string; body: string; reference?: string }> = []
  for (let index = 0; performance.now() < deadline; index++) {
    const previous = sent.filter((request) => request.reference !== undefined)
    const repeat = previous.length > 0 && Math.random() < repeatShare
    const request = repeat
      ? (previous[Math.floor(Math.random() * previous.length)] as (typeof sent)[number])
      : {
          key: `bench-load-${process.pid}-${id}-${index}`,
          body: JSON.stringify({
            requesterType: 'private',
            topic: 'question',
            email: `vrager-${id}-${index}@example.nl`,
            description: 'Ik maak me zorgen over wat mijn buurjongen online deelt.',
            consent: true,
          }),
        }
    if (!repeat) sent.push(request)
    const start = performance.now()
    try {
      const response = await fetch(`${url}/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.key },
        body: request.body,
      })
      const text = await response.text()
      latencies.push(performance.now() - start)
      statuses[response.status] = (statuses[response.status] ?? 0) + 1
      if (response.status === 201) {
        const { reference } = JSON.parse(text) as { reference: string }
        references.add(reference)
        if (repeat) {
          repeats++
          if (reference !== request.reference) repeatMismatches++
        } else {
          request.reference = reference
        }
      }
    } catch {
      networkErrors++
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, id) => client(id)))
latencies.sort((a, b) => a - b)
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN
console.log(
  JSON.stringify({
    statuses,
    requests: latencies.length,
    networkErrors,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    repeats,
    repeatMismatches,
    references: [...references],
  }),
)
