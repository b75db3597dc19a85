/** Every text on the public pages, Dutch first. Plain strings: the templates escape them. */

export type Lang = 'nl' | 'en'

export const LANGS: readonly Lang[] = ['nl', 'en']

/** Where each language's form lives. */
export const HOME: Record<Lang, string> = { nl: '/', en: '/en/' }

/** Where each language's follow-up page lives (static pages; the API answers a form post with the same page). */
export const FOLLOW_UP: Record<Lang, string> = { nl: '/follow-up', en: '/en/follow-up' }

type Options<K extends string> = Record<K, string>

export interface Copy {
  siteName: string
  organisation: string
  skipLink: string
  switchLanguage: { label: string; text: string; lang: Lang; href: string }
  languageNavLabel: string
  emergency: string
  emergencyDetail: string
  footerPrivacy: string
  /** MAR's own phone and address, on every page: `{phone}` and `{email}` become links. */
  contact: { title: string; text: string }
  errorPrefix: string
  form: {
    title: string
    metaDescription: string
    h1: string
    lead: string
    notForEmergencies: string
    whenTitle: string
    whenText: string
    trainingText: string
    whoTitle: string
    whoText: string
    nextTitle: string
    nextSteps: string[]
    anonymousTitle: string
    anonymousText: string
    followUpLink: string
    formTitle: string
    requiredNote: string
    requesterType: { legend: string; options: Options<'professional' | 'private'> }
    sector: { legend: string; hint: string; options: Options<'care' | 'education' | 'welfare' | 'other'> }
    organisation: { label: string; hint: string }
    topic: { legend: string; options: Options<'question' | 'case' | 'training'> }
    contact: { legend: string; hint: string }
    anonymous: { label: string; hint: string }
    name: { label: string }
    email: { label: string; hint: string }
    phone: { label: string; hint: string }
    description: { label: string; hint: string }
    signals: {
      legend: string
      hint: string
      options: Options<
        'isolation' | 'family-break' | 'hostility' | 'glorifying-violence' | 'intimidation' | 'extreme-ideas' | 'other'
      >
    }
    ideology: {
      label: string
      empty: string
      options: Options<
        'extreme-right' | 'left-wing' | 'animal-rights' | 'jihadism' | 'polarisation' | 'returnee' | 'other' | 'unknown'
      >
    }
    immediateDanger: { label: string; hint: string }
    privacyTitle: string
    privacy: string[]
    consent: { label: string; hintBefore: string; link: string; hintAfter: string }
    honeypot: string
    submit: string
    summaryTitle: string
    /** Messages form.js shows; `{seconds}`, `{count}`, `{max}`, `{min}`, `{missing}` are filled in by the script. */
    script: {
      sending: string
      network: string
      tooLarge: string
      unsupported: string
      rateLimited: string
      rateLimitedSoon: string
      failed: string
      countShort: string
      count: string
    }
  }
  confirmation: {
    title: string
    h1: string
    urgentTitle: string
    urgentText: string
    /** What to do now, after an immediate-danger request; `{marPhone}` becomes a link. */
    urgentStepsTitle: string
    urgentSteps: string[]
    referenceLabel: string
    referenceAdvice: string
    receiptLabel: string
    receiptAdvice: string
    /** `{date}`: the answer date (the follow-up page's link follows below it). */
    receiptLookAfter: string
    /** The answer to a request sent before (a reload): the receipt code is new, the earlier one stops working. */
    receiptReplaced: string
    receiptKept: string
    copyReference: string
    copyReceipt: string
    copied: string
    copyFailed: string
    nextTitle: string
    /** `{date}`: the answer date, as the acknowledgement mail gives it. */
    nextStepsNamed: string[]
    nextStepsAnonymous: string[]
    followUpText: string
    followUpLink: string
    another: string
  }
  followUp: {
    title: string
    h1: string
    lead: string
    privacy: string
    referenceLabel: string
    referenceHint: string
    receiptLabel: string
    receiptHint: string
    open: string
    summaryTitle: string
    conversationTitle: string
    statusLabel: string
    statuses: Record<'received' | 'acknowledged' | 'answered' | 'closed', string>
    you: string
    advisor: string
    noAnswerYet: string
    replyTitle: string
    replyLabel: string
    replyHint: string
    send: string
    sent: string
    leave: string
    lockedTitle: string
    /** `{time}`: when the hour of attempts is over. */
    lockedUntil: string
    closedNote: string
    newRequest: string
  }
  error: {
    backToForm: string
    keepInput: string
    byStatus: Record<'400' | '404' | '413' | '415' | '429' | '500', { title: string; message: string }>
  }
}

const nl: Copy = {
  siteName: 'Meld- en Adviespunt Radicalisering',
  organisation: 'Gemeente Rotterdam',
  skipLink: 'Direct naar de inhoud',
  switchLanguage: { label: 'Read this page in English', text: 'English', lang: 'en', href: HOME.en },
  languageNavLabel: 'Taal',
  emergency: 'Acuut gevaar? Bel 112',
  emergencyDetail: 'Geen spoed, wel politie nodig? Bel 0900-8844.',
  footerPrivacy: 'Privacy',
  contact: { title: 'Contact met het MAR', text: 'Bel {phone} of mail naar {email}.' },
  errorPrefix: 'Fout:',
  form: {
    title: 'Vraag advies over radicalisering – MAR Rotterdam',
    metaDescription:
      'Maakt u zich zorgen dat iemand radicaliseert? Stel uw vraag aan het Meld- en Adviespunt Radicalisering van de gemeente Rotterdam. Anoniem mag.',
    h1: 'Zorgen over radicalisering? Vraag advies',
    lead: 'Het Meld- en Adviespunt Radicalisering (MAR) van de gemeente Rotterdam denkt met u mee als u zich zorgen maakt over iemand in uw omgeving.',
    notForEmergencies: 'Dit formulier is niet voor noodgevallen. Is er nu gevaar? Bel dan 112.',
    whenTitle: 'Wanneer kunt u bij ons terecht?',
    whenText:
      'Bijvoorbeeld als iemand zich terugtrekt, breekt met familie of vrienden, haat uit tegen andere groepen, geweld verheerlijkt, anderen intimideert of extreme ideeën krijgt. Dat kan gaan over extreemrechts, extreemlinks, dierenrechtenactivisme of gewelddadig jihadisme, en ook over polarisatie of terugkeerders. U hoeft niet zeker te weten dat er iets aan de hand is.',
    trainingText: 'U kunt bij ons ook een voorlichting of training aanvragen.',
    whoTitle: 'Wie kan een vraag stellen?',
    whoText:
      'Professionals, zoals medewerkers in de zorg, het onderwijs en het welzijnswerk. En particulieren: ouders, familie, buren of vrienden.',
    nextTitle: 'Wat gebeurt er met uw vraag?',
    nextSteps: [
      'U krijgt direct een zaaknummer, bijvoorbeeld MAR-7K3Q-9XDF. Schrijf het op.',
      'Een adviseur van het MAR leest uw vraag.',
      'U krijgt binnen enkele werkdagen antwoord, per e-mail of telefoon.',
    ],
    anonymousTitle: 'Anoniem een vraag stellen',
    anonymousText:
      'Dat mag. Vul dan geen naam, e-mailadres of telefoonnummer in. U krijgt een zaaknummer en een ontvangstcode. Schrijf ze allebei op: alleen daarmee leest u later ons antwoord en kunt u reageren.',
    followUpLink: 'Al een vraag gesteld? Lees ons antwoord met uw zaaknummer en ontvangstcode',
    formTitle: 'Uw vraag',
    requiredNote: 'Velden met „(niet verplicht)” mag u overslaan.',
    requesterType: {
      legend: 'Stelt u deze vraag voor uw werk of als particulier?',
      options: { professional: 'Voor mijn werk (professional)', private: 'Als particulier' },
    },
    sector: {
      legend: 'In welke sector werkt u?',
      hint: 'Alleen als u de vraag voor uw werk stelt.',
      options: { care: 'Zorg', education: 'Onderwijs', welfare: 'Welzijn', other: 'Anders' },
    },
    organisation: {
      label: 'Organisatie (niet verplicht)',
      hint: 'Bijvoorbeeld de naam van uw school of instelling.',
    },
    topic: {
      legend: 'Waar gaat uw vraag over?',
      options: {
        question: 'Een algemene vraag over radicalisering',
        case: 'Zorgen over een bepaald persoon',
        training: 'Een voorlichting of training aanvragen',
      },
    },
    contact: {
      legend: 'Hoe kunnen we u bereiken?',
      hint: 'Vul een e-mailadres of telefoonnummer in, zodat een adviseur u kan antwoorden. Of kies voor anoniem.',
    },
    anonymous: {
      label: 'Ik wil anoniem blijven',
      hint: 'Vul dan geen naam, e-mailadres of telefoonnummer in. U krijgt een ontvangstcode: daarmee leest u ons antwoord op de pagina „Uw vraag volgen”.',
    },
    name: { label: 'Naam (niet verplicht)' },
    email: { label: 'E-mailadres', hint: 'Bijvoorbeeld naam@voorbeeld.nl.' },
    phone: { label: 'Telefoonnummer', hint: 'Bijvoorbeeld 06 12345678 of +31 10 1234567.' },
    description: {
      label: 'Beschrijf uw vraag of zorg',
      hint: 'Wat valt u op, sinds wanneer, en wat wilt u van ons weten? Gebruik minstens 20 en hoogstens 10.000 tekens. Noem alleen wat nodig is.',
    },
    signals: {
      legend: 'Wat valt u op? (niet verplicht)',
      hint: 'Kies alles wat past.',
      options: {
        isolation: 'Trekt zich terug of raakt geïsoleerd',
        'family-break': 'Breekt met familie of vrienden',
        hostility: 'Uit haat tegen andere groepen',
        'glorifying-violence': 'Verheerlijkt geweld',
        intimidation: 'Intimideert of bedreigt anderen',
        'extreme-ideas': 'Heeft extreme ideeën',
        other: 'Iets anders',
      },
    },
    ideology: {
      label: 'Om welke stroming gaat het? (niet verplicht)',
      empty: 'Kies, of laat leeg als u het niet weet',
      options: {
        'extreme-right': 'Extreemrechts',
        'left-wing': 'Extreemlinks',
        'animal-rights': 'Dierenrechtenactivisme',
        jihadism: 'Gewelddadig jihadisme',
        polarisation: 'Polarisatie',
        returnee: 'Terugkeerder',
        other: 'Iets anders',
        unknown: 'Weet ik niet',
      },
    },
    immediateDanger: {
      label: 'Iemand is nu in direct gevaar',
      hint: 'Bel dan eerst 112. Vink dit ook aan: dan krijgt uw vraag voorrang.',
    },
    privacyTitle: 'Privacy: wat doen we met uw gegevens?',
    privacy: [
      'We bewaren wat u in dit formulier invult, met de datum, de tijd en het zaaknummer. Alleen medewerkers van het MAR lezen het, om uw vraag te beantwoorden.',
      'We slaan uw IP-adres niet op. Deze website gebruikt geen cookies en geen trackers.',
      'We bewaren uw vraag een beperkte tijd: standaard twee jaar. Daarna wordt hij automatisch verwijderd.',
      'U mag anoniem blijven. Let op: ook wat u in de beschrijving schrijft, kan u of een ander herkenbaar maken.',
      'Wilt u weten welke gegevens we hebben, of wilt u ze laten verbeteren of verwijderen? Neem contact op met het MAR en noem uw zaaknummer.',
    ],
    consent: {
      label: 'Ik ga akkoord met de privacyverklaring',
      hintBefore: 'Lees eerst ',
      link: 'wat we met uw gegevens doen',
      hintAfter: '.',
    },
    honeypot: 'Laat dit veld leeg',
    submit: 'Verstuur uw vraag',
    summaryTitle: 'Controleer de volgende punten',
    script: {
      sending: 'Uw vraag wordt verstuurd…',
      network:
        'Uw vraag is niet verstuurd: er is geen verbinding. Wat u hebt ingevuld, staat er nog. Controleer uw internetverbinding en probeer het opnieuw.',
      tooLarge: 'Uw vraag is te lang om te versturen. Maak de beschrijving korter en probeer het opnieuw.',
      unsupported:
        'Uw vraag kon door een technisch probleem niet worden verstuurd. Wat u hebt ingevuld, staat er nog. Probeer het later opnieuw.',
      rateLimited:
        'Er zijn kort na elkaar veel vragen verstuurd. Wacht {seconds} seconden en probeer het dan opnieuw. Wat u hebt ingevuld, staat er nog.',
      rateLimitedSoon:
        'Er zijn kort na elkaar veel vragen verstuurd. Wacht even en probeer het dan opnieuw. Wat u hebt ingevuld, staat er nog.',
      failed:
        'Er ging iets mis aan onze kant. Uw vraag is niet verstuurd. Wat u hebt ingevuld, staat er nog. Probeer het over een paar minuten opnieuw.',
      countShort: 'Nog {missing} tekens nodig (minstens {min}).',
      count: '{count} van {max} tekens',
    },
  },
  confirmation: {
    title: 'Uw vraag is ontvangen – MAR Rotterdam',
    h1: 'We hebben uw vraag ontvangen',
    urgentTitle: 'Is er nu gevaar? Bel direct 112',
    urgentText:
      'Wacht niet op ons antwoord. Wij lezen uw vraag zo snel mogelijk, maar het MAR is geen hulpdienst. Bij direct gevaar helpen politie en ambulance via 112.',
    urgentStepsTitle: 'Wat u nu doet',
    urgentSteps: [
      'Is iemand nu in gevaar? Bel 112.',
      'Geen direct gevaar, maar wel politie nodig? Bel 0900-8844.',
      'Wilt u een adviseur van het MAR spreken? Bel {marPhone}.',
    ],
    referenceLabel: 'Uw zaaknummer',
    referenceAdvice:
      'Schrijf dit nummer op of maak een schermafbeelding. Noem het als u contact met ons hebt over deze vraag.',
    receiptLabel: 'Uw ontvangstcode',
    receiptAdvice:
      'Schrijf deze code nu op: u ziet hem maar één keer, en wij kunnen hem niet opnieuw tonen. Deel hem met niemand. Met het zaaknummer en deze code leest u ons antwoord en kunt u reageren.',
    receiptLookAfter: 'Kijk na {date} op de pagina „Uw vraag volgen”.',
    receiptReplaced:
      'U had deze vraag al verstuurd: er is geen tweede vraag bijgekomen. Dit is een nieuwe ontvangstcode; een code die u eerder kreeg, werkt niet meer.',
    receiptKept:
      'Deze vraag hadden we al ontvangen: er is geen tweede vraag bijgekomen. Gebruik de ontvangstcode die u de eerste keer kreeg; die blijft geldig.',
    copyReference: 'Kopieer zaaknummer',
    copyReceipt: 'Kopieer code',
    copied: 'Gekopieerd.',
    copyFailed: 'Kopiëren lukte niet. Selecteer de tekst en kopieer hem zelf.',
    nextTitle: 'Wat gebeurt er nu?',
    nextStepsNamed: [
      'Een adviseur van het MAR leest uw vraag.',
      'U krijgt uiterlijk {date} antwoord, per e-mail of telefoon.',
    ],
    nextStepsAnonymous: [
      'Een adviseur van het MAR leest uw vraag.',
      'Uiterlijk {date} staat ons antwoord voor u klaar op de pagina „Uw vraag volgen”. Wij mailen of bellen u niet: wij weten niet wie u bent.',
    ],
    followUpText: 'Lees ons antwoord en reageer met uw zaaknummer en ontvangstcode:',
    followUpLink: 'Uw vraag volgen',
    another: 'Nog een vraag stellen',
  },
  followUp: {
    title: 'Uw vraag volgen – MAR Rotterdam',
    h1: 'Uw vraag volgen',
    lead: 'Stelde u anoniem een vraag? Vul het zaaknummer en de ontvangstcode in die u toen kreeg. Dan leest u ons antwoord en kunt u reageren.',
    privacy:
      'Gebruikt u een computer of telefoon van iemand anders? Sluit dan het browservenster als u klaar bent. Wij vragen nooit om uw ontvangstcode per e-mail of telefoon.',
    referenceLabel: 'Zaaknummer',
    referenceHint: 'Bijvoorbeeld MAR-7K3Q-9XDF. Hoofdletters en streepjes maken niet uit.',
    receiptLabel: 'Ontvangstcode',
    receiptHint: 'De code van 16 tekens die u bij uw vraag kreeg, bijvoorbeeld 4F7K-Q2XD-9M3A-TR8C.',
    open: 'Gesprek openen',
    summaryTitle: 'Er is een probleem',
    conversationTitle: 'Uw gesprek met het MAR',
    statusLabel: 'Stand van zaken:',
    statuses: {
      received: 'ontvangen, een adviseur leest uw vraag binnenkort',
      acknowledged: 'een adviseur werkt aan uw vraag',
      answered: 'beantwoord',
      closed: 'afgesloten',
    },
    you: 'U',
    advisor: 'Adviseur van het MAR',
    noAnswerYet: 'Er is nog geen antwoord. Kijk over een paar werkdagen opnieuw.',
    replyTitle: 'Reageren',
    replyLabel: 'Uw bericht',
    replyHint: 'Noem geen namen als dat niet nodig is. Bij direct gevaar: bel 112.',
    send: 'Bericht versturen',
    sent: 'Uw bericht is verstuurd. Een adviseur leest het.',
    leave: 'Klaar? Sluit het browservenster.',
    lockedTitle: 'Te veel pogingen',
    lockedUntil: 'Te veel pogingen voor dit zaaknummer. Probeer het na {time} opnieuw.',
    closedNote: 'Dit gesprek is afgesloten. Reageert u toch, dan opent een adviseur het opnieuw.',
    newRequest: 'Een nieuwe vraag stellen',
  },
  error: {
    backToForm: 'Naar het formulier',
    keepInput: 'Gaat u terug met de terugknop van uw browser? Dan staat wat u hebt ingevuld er meestal nog.',
    byStatus: {
      '400': {
        title: 'Uw vraag kon niet worden gelezen',
        message: 'Ga terug naar het formulier en verstuur uw vraag opnieuw.',
      },
      '404': {
        title: 'Deze pagina bestaat niet',
        message: 'Misschien is het adres niet goed overgenomen. U kunt uw vraag stellen via het formulier.',
      },
      '413': {
        title: 'Uw vraag is te lang',
        message: 'Uw vraag is te groot om te versturen. Maak de beschrijving korter en verstuur hem opnieuw.',
      },
      '415': {
        title: 'Uw vraag kon niet worden verwerkt',
        message: 'Het formulier kwam niet goed bij ons aan. Verstuur uw vraag opnieuw.',
      },
      '429': {
        title: 'Te veel vragen kort na elkaar',
        message: 'Er zijn kort na elkaar veel vragen verstuurd. Wacht een paar minuten en probeer het dan opnieuw.',
      },
      '500': {
        title: 'Er ging iets mis',
        message:
          'Er ging iets mis aan onze kant. Uw vraag is waarschijnlijk niet verstuurd. Probeer het over een paar minuten opnieuw.',
      },
    },
  },
}

const en: Copy = {
  siteName: 'Radicalisation Advice Centre (MAR)',
  organisation: 'City of Rotterdam',
  skipLink: 'Skip to content',
  switchLanguage: { label: 'Lees deze pagina in het Nederlands', text: 'Nederlands', lang: 'nl', href: HOME.nl },
  languageNavLabel: 'Language',
  emergency: 'Immediate danger? Call 112',
  emergencyDetail: 'No emergency, but you need the police? Call 0900-8844.',
  footerPrivacy: 'Privacy',
  contact: { title: 'Contact the MAR', text: 'Call {phone} or e-mail {email}.' },
  errorPrefix: 'Error:',
  form: {
    title: 'Ask for advice about radicalisation – MAR Rotterdam',
    metaDescription:
      'Worried that someone is radicalising? Ask the Radicalisation Advice Centre of the City of Rotterdam. You may ask anonymously.',
    h1: 'Worried about radicalisation? Ask for advice',
    lead: 'The Meld- en Adviespunt Radicalisering (MAR), the radicalisation advice centre of the City of Rotterdam, helps you think things through when you are worried about someone around you.',
    notForEmergencies: 'This form is not for emergencies. Is someone in danger right now? Call 112.',
    whenTitle: 'When can you come to us?',
    whenText:
      'For example when someone withdraws, breaks with family or friends, expresses hatred of other groups, glorifies violence, intimidates others or develops extreme ideas. This may be about the extreme right, the extreme left, animal-rights activism or violent jihadism, and also about polarisation or returnees. You do not need to be sure that something is wrong.',
    trainingText: 'You can also ask us for an information session or a training.',
    whoTitle: 'Who can ask?',
    whoText:
      'Professionals, such as people working in care, education and welfare. And private persons: parents, family, neighbours or friends.',
    nextTitle: 'What happens to your request?',
    nextSteps: [
      'You get a reference number straight away, for example MAR-7K3Q-9XDF. Write it down.',
      'An advisor of the MAR reads your request.',
      'You get an answer within a few working days, by e-mail or phone.',
    ],
    anonymousTitle: 'Asking anonymously',
    anonymousText:
      'You may. Then leave out your name, e-mail address and phone number. You get a reference number and a receipt code. Write both down: only with them can you read our answer later and reply.',
    followUpLink: 'Asked already? Read our answer with your reference and receipt code',
    formTitle: 'Your request',
    requiredNote: 'You may skip fields marked “(optional)”.',
    requesterType: {
      legend: 'Are you asking for your work or as a private person?',
      options: { professional: 'For my work (professional)', private: 'As a private person' },
    },
    sector: {
      legend: 'Which sector do you work in?',
      hint: 'Only if you are asking for your work.',
      options: { care: 'Care', education: 'Education', welfare: 'Welfare', other: 'Other' },
    },
    organisation: {
      label: 'Organisation (optional)',
      hint: 'For example the name of your school or institution.',
    },
    topic: {
      legend: 'What is your request about?',
      options: {
        question: 'A general question about radicalisation',
        case: 'A concern about a specific person',
        training: 'A request for an information session or training',
      },
    },
    contact: {
      legend: 'How can we reach you?',
      hint: 'Enter an e-mail address or phone number so an advisor can reply. Or choose to stay anonymous.',
    },
    anonymous: {
      label: 'I want to stay anonymous',
      hint: 'Then leave out your name, e-mail address and phone number. You get a receipt code: with it you read our answer on the page “Follow your request”.',
    },
    name: { label: 'Name (optional)' },
    email: { label: 'E-mail address', hint: 'For example name@example.com.' },
    phone: { label: 'Phone number', hint: 'For example 06 12345678 or +31 10 1234567.' },
    description: {
      label: 'Describe your question or concern',
      hint: 'What do you notice, since when, and what would you like to know from us? Use at least 20 and at most 10,000 characters. Only mention what is needed.',
    },
    signals: {
      legend: 'What do you notice? (optional)',
      hint: 'Choose everything that applies.',
      options: {
        isolation: 'Withdraws or becomes isolated',
        'family-break': 'Breaks with family or friends',
        hostility: 'Expresses hatred of other groups',
        'glorifying-violence': 'Glorifies violence',
        intimidation: 'Intimidates or threatens others',
        'extreme-ideas': 'Has extreme ideas',
        other: 'Something else',
      },
    },
    ideology: {
      label: 'Which movement is it about? (optional)',
      empty: 'Choose, or leave empty if you do not know',
      options: {
        'extreme-right': 'Extreme right',
        'left-wing': 'Extreme left',
        'animal-rights': 'Animal-rights activism',
        jihadism: 'Violent jihadism',
        polarisation: 'Polarisation',
        returnee: 'Returnee',
        other: 'Something else',
        unknown: 'I do not know',
      },
    },
    immediateDanger: {
      label: 'Someone is in immediate danger now',
      hint: 'Call 112 first. Tick this box as well: your request then gets priority.',
    },
    privacyTitle: 'Privacy: what we do with your data',
    privacy: [
      'We store what you enter in this form, with the date, the time and the reference number. Only staff of the MAR read it, to answer your request.',
      'We do not store your IP address. This website uses no cookies and no trackers.',
      'We keep your request for a limited time: two years by default. After that it is deleted automatically.',
      'You may stay anonymous. Note that what you write in the description can still make you or someone else recognisable.',
      'Would you like to know what data we hold, or have it corrected or deleted? Contact the MAR and mention your reference number.',
    ],
    consent: {
      label: 'I agree with the privacy statement',
      hintBefore: 'First read ',
      link: 'what we do with your data',
      hintAfter: '.',
    },
    honeypot: 'Leave this field empty',
    submit: 'Send your request',
    summaryTitle: 'Please check the following',
    script: {
      sending: 'Sending your request…',
      network:
        'Your request was not sent: there is no connection. What you entered is still here. Check your internet connection and try again.',
      tooLarge: 'Your request is too long to send. Shorten the description and try again.',
      unsupported:
        'Your request could not be sent because of a technical problem. What you entered is still here. Please try again later.',
      rateLimited:
        'Many requests were sent in a short time. Wait {seconds} seconds and then try again. What you entered is still here.',
      rateLimitedSoon:
        'Many requests were sent in a short time. Wait a moment and then try again. What you entered is still here.',
      failed:
        'Something went wrong on our side. Your request was not sent. What you entered is still here. Please try again in a few minutes.',
      countShort: '{missing} more characters needed (at least {min}).',
      count: '{count} of {max} characters',
    },
  },
  confirmation: {
    title: 'Your request has been received – MAR Rotterdam',
    h1: 'We have received your request',
    urgentTitle: 'Is someone in danger now? Call 112 straight away',
    urgentText:
      'Do not wait for our answer. We read your request as soon as we can, but the MAR is not an emergency service. In immediate danger, the police and ambulance help you via 112.',
    urgentStepsTitle: 'What to do now',
    urgentSteps: [
      'Is someone in danger now? Call 112.',
      'No immediate danger, but you need the police? Call 0900-8844.',
      'Do you want to speak to a MAR advisor? Call {marPhone}.',
    ],
    referenceLabel: 'Your reference number',
    referenceAdvice: 'Write this number down or take a screenshot. Mention it when you contact us about this request.',
    receiptLabel: 'Your receipt code',
    receiptAdvice:
      'Write this code down now: you see it only once, and we cannot show it again. Share it with nobody. With the reference number and this code you read our answer and reply.',
    receiptLookAfter: 'Look after {date} on the page “Follow your request”.',
    receiptReplaced:
      'You had sent this request already: no second request was made. This is a new receipt code; a code you got before no longer works.',
    receiptKept:
      'We had received this request already: no second request was made. Use the receipt code you got the first time; it still works.',
    copyReference: 'Copy reference',
    copyReceipt: 'Copy code',
    copied: 'Copied.',
    copyFailed: 'Copying did not work. Select the text and copy it yourself.',
    nextTitle: 'What happens now?',
    nextStepsNamed: [
      'An advisor of the MAR reads your request.',
      'You get an answer by {date} at the latest, by e-mail or phone.',
    ],
    nextStepsAnonymous: [
      'An advisor of the MAR reads your request.',
      'By {date} at the latest, our answer is ready for you on the page “Follow your request”. We do not e-mail or call you: we do not know who you are.',
    ],
    followUpText: 'Read our answer and reply with your reference and receipt code:',
    followUpLink: 'Follow your request',
    another: 'Ask another question',
  },
  followUp: {
    title: 'Follow your request – MAR Rotterdam',
    h1: 'Follow your request',
    lead: 'Did you ask anonymously? Enter the reference and the receipt code you got then, to read our answer and reply.',
    privacy:
      'Using someone else’s computer or phone? Close the browser window when you are done. We never ask for your receipt code by e-mail or phone.',
    referenceLabel: 'Reference',
    referenceHint: 'For example MAR-7K3Q-9XDF. Capitals and dashes do not matter.',
    receiptLabel: 'Receipt code',
    receiptHint: 'The 16-character code you got with your request, for example 4F7K-Q2XD-9M3A-TR8C.',
    open: 'Open the conversation',
    summaryTitle: 'There is a problem',
    conversationTitle: 'Your conversation with the MAR',
    statusLabel: 'Where it stands:',
    statuses: {
      received: 'received, an advisor will read your request soon',
      acknowledged: 'an advisor is working on your request',
      answered: 'answered',
      closed: 'closed',
    },
    you: 'You',
    advisor: 'MAR advisor',
    noAnswerYet: 'There is no answer yet. Look again in a few working days.',
    replyTitle: 'Reply',
    replyLabel: 'Your message',
    replyHint: 'Leave out names unless they are needed. In immediate danger: call 112.',
    send: 'Send message',
    sent: 'Your message was sent. An advisor will read it.',
    leave: 'Done? Close the browser window.',
    lockedTitle: 'Too many attempts',
    lockedUntil: 'Too many attempts for this reference. Try again after {time}.',
    closedNote: 'This conversation is closed. If you reply anyway, an advisor opens it again.',
    newRequest: 'Ask a new question',
  },
  error: {
    backToForm: 'Go to the form',
    keepInput: 'If you go back with your browser’s back button, what you entered is usually still there.',
    byStatus: {
      '400': {
        title: 'Your request could not be read',
        message: 'Go back to the form and send your request again.',
      },
      '404': {
        title: 'This page does not exist',
        message: 'Perhaps the address was not copied correctly. You can ask your question with the form.',
      },
      '413': {
        title: 'Your request is too long',
        message: 'Your request is too large to send. Shorten the description and send it again.',
      },
      '415': {
        title: 'Your request could not be processed',
        message: 'The form did not reach us properly. Please send your request again.',
      },
      '429': {
        title: 'Too many requests in a short time',
        message: 'Many requests were sent in a short time. Wait a few minutes and then try again.',
      },
      '500': {
        title: 'Something went wrong',
        message:
          'Something went wrong on our side. Your request was probably not sent. Please try again in a few minutes.',
      },
    },
  },
}

export const COPY: Record<Lang, Copy> = { nl, en }
