import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { jsonResponse } from '../http/responses.ts'

/** GET /health — answers as soon as the function can run at all. */
export async function checkHealth(): Promise<APIGatewayProxyStructuredResultV2> {
  return jsonResponse(200, { status: 'ok' })
}
