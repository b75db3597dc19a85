/**
 * The reply templates MAR starts with (core/templates/reply-templates.ts): shown until a coordinator first changes
 * the set, which then writes them as its first templates. No greeting or signature at the end: the system signs
 * every answer (functions/views/mail/signature.ts).
 */
import type { ReplyTemplate } from '../../core/templates/reply-template.ts'

export const STARTER_TEMPLATES: readonly ReplyTemplate[] = [
  {
    id: 'terugbellen',
    language: 'nl',
    title: 'Terugbelafspraak voorstellen',
    text: 'Goedendag,\n\nDank u voor uw vraag aan het Meld- en Adviespunt Radicalisering. Ik bespreek uw zorg graag met u in een telefoongesprek. Laat u mij weten op welk nummer en op welke dagen en tijden ik u het beste kan bellen?',
  },
  {
    id: 'meer-informatie',
    language: 'nl',
    title: 'Om meer informatie vragen',
    text: 'Goedendag,\n\nDank u voor uw vraag. Om u goed te kunnen adviseren wil ik graag wat meer weten: wat heeft u precies gezien of gehoord, sinds wanneer, en wie zijn er verder bij betrokken (bijvoorbeeld school, zorg of familie)? U kunt gewoon op deze e-mail antwoorden.',
  },
  {
    id: 'doorverwijzing',
    language: 'nl',
    title: 'Doorverwijzing',
    text: 'Goedendag,\n\nDank u voor uw vraag. Uw vraag past het best bij [organisatie], die u verder kan helpen. U bereikt hen via [contactgegevens]. Als u dat wilt, leg ik het contact voor u; laat het mij dan weten.',
  },
  {
    id: 'voorlichting',
    language: 'nl',
    title: 'Voorlichting of training',
    text: 'Goedendag,\n\nDank u voor uw belangstelling voor een voorlichting of training van het MAR. Om een voorstel te doen hoor ik graag: voor wie is het bedoeld, met hoeveel deelnemers, en welke data komen u uit?',
  },
  {
    id: 'call-back-en',
    language: 'en',
    title: 'Propose a call',
    text: 'Hello,\n\nThank you for contacting the Radicalisation Advice Point (MAR). I would like to talk about your concern by phone. Could you let me know the number and the days and times that suit you best?',
  },
  {
    id: 'more-information-en',
    language: 'en',
    title: 'Ask for more information',
    text: 'Hello,\n\nThank you for your request. To advise you well, I would like to know a little more: what exactly did you see or hear, since when, and who else is involved (for example a school, care workers or family)? You can simply reply to this e-mail.',
  },
  {
    id: 'referral-en',
    language: 'en',
    title: 'Referral',
    text: 'Hello,\n\nThank you for your request. [Organisation] is best placed to help you further. You can reach them at [contact details]. If you like, I can put you in touch; just let me know.',
  },
]
