import { ConversationClosedError, FollowUpDeniedError, TooManyAttemptsError } from '../core/shared/errors.ts'

/**
 * What a requester reads when the follow-up box refuses them, in the language of their page (the JSON answer's
 * `message` and the page's refusal alike). The same words for a wrong receipt and an unknown reference.
 */
export function requesterRefusalMessage(error: unknown): string | undefined {
  if (error instanceof FollowUpDeniedError) {
    return error.language === 'en'
      ? 'This reference and receipt code do not open a conversation. Check both and try again.'
      : 'Met dit zaaknummer en deze ontvangstcode kunnen we geen gesprek openen. Controleer ze en probeer het opnieuw.'
  }
  if (error instanceof TooManyAttemptsError) {
    return error.language === 'en'
      ? 'Too many attempts for this reference. Try again later.'
      : 'Te veel pogingen voor dit zaaknummer. Probeer het later opnieuw.'
  }
  if (error instanceof ConversationClosedError) {
    return error.language === 'en'
      ? 'This conversation was closed some time ago. Please ask your question again with the form.'
      : 'Dit gesprek is al enige tijd afgesloten. Stel uw vraag opnieuw met het formulier.'
  }
  return undefined
}
