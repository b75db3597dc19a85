/**
 * Every text of the advisor workspace (Dutch only). The vocabularies are keyed by core's enums, so a new status,
 * outcome or event type does not compile until it has a label. advisor.js carries no texts of its own: the pages
 * hand it `SCRIPT_COPY` as JSON in a data attribute.
 */
import type { CaseEvent, CaseStatus, Channel, DeadlineClockName, Outcome, Urgency } from '../../core/cases/case.ts'
import type { REQUESTER_TYPES } from '../../core/cases/web-request.ts'
import type { AutomaticReason } from '../../core/mail/inbound-mail.ts'
import type { StatisticsDimension } from '../../core/statistics/statistics.ts'
import { COPY } from '../pages/copy.ts'

const form = COPY.nl.form

export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: 'Ontvangen',
  assigned: 'Toegewezen',
  unassigned: 'Niet toegewezen',
  acknowledged: 'Ontvangst bevestigd',
  answered: 'Beantwoord',
  closed: 'Gesloten',
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  'advice-given': 'Advies gegeven',
  referred: 'Doorverwezen',
  'no-concern': 'Geen reden tot zorg',
  'training-info': 'Informatie over voorlichting of training gegeven',
  withdrawn: 'Ingetrokken door de melder',
}

const CHANNEL_LABELS: Record<Channel, string> = { web: 'Webformulier', email: 'E-mail', phone: 'Telefoon' }

const URGENCY_LABELS: Record<Urgency, string> = { normal: 'Normaal', urgent: 'Urgent' }

const TOPIC_LABELS: Record<keyof typeof form.topic.options, string> = {
  question: 'Algemene vraag',
  case: 'Zorg over een persoon',
  training: 'Voorlichting of training',
}

const REQUESTER_TYPE_LABELS: Record<(typeof REQUESTER_TYPES)[number], string> = {
  professional: 'Professional',
  private: 'Particulier',
}

const CLOCK_LABELS: Record<DeadlineClockName, string> = {
  acknowledge: 'Ontvangst bevestigen',
  respond: 'Antwoorden',
}

/**
 * Why no automatic acknowledgement went to a mail's sender (`mail.noAutoReply`): the automatic-mail reasons of
 * core, and the refusals of the filing code (functions/core/mail/file-message.ts, autoReplyRefusal and unreadable mail).
 */
export type NoAutoReplyReason =
  | AutomaticReason
  | 'no-sender'
  | 'own-address'
  | 'quarantined'
  | 'spam'
  | 'daily-limit'
  | 'unreadable'
  | 'auto-response-suppressed'
  | 'unverified-sender'
  | 'mail-loop'
  | 'sender-flood'

const NO_AUTO_REPLY_LABELS: Record<NoAutoReplyReason, string> = {
  'auto-submitted': 'het bericht is automatisch verstuurd',
  precedence: 'het is massapost of post van een lijst',
  list: 'het komt van een mailinglijst',
  'x-autoreply': 'het is een automatisch antwoord, zoals een afwezigheidsmelding',
  'delivery-report': 'het is een bericht over de bezorging van een e-mail',
  'system-sender': 'de afzender is een systeemadres (zoals MAILER-DAEMON, postmaster of noreply)',
  'empty-return-path': 'het bericht heeft geen retouradres',
  'no-sender': 'het bericht heeft geen afzender',
  'own-address': 'het komt van een adres van het MAR zelf',
  quarantined: 'het bericht kwam niet door de virusscan',
  spam: 'de spamfilter houdt het voor spam',
  'daily-limit': 'deze afzender kreeg de afgelopen 24 uur al 3 automatische antwoorden',
  unreadable: 'het bericht kon niet als e-mail worden gelezen',
  'auto-response-suppressed': 'de afzender vraagt om geen automatische antwoorden',
  'unverified-sender': 'de afzender is niet echt (SPF/DKIM/DMARC faalt)',
  'mail-loop': 'het lijkt een lus van automatische antwoorden',
  'sender-flood': 'deze afzender opende het afgelopen uur al meer dan 3 meldingen',
}

/** The fields of `POST …/classify`, as the history names them. */
const CLASSIFICATION_LABELS = {
  topic: 'onderwerp',
  urgency: 'urgentie',
  requesterType: 'melder',
  sector: 'sector',
} as const

const EVENT_LABELS: Record<CaseEvent['type'], string> = {
  received: 'Melding ontvangen',
  assigned: 'Toegewezen',
  unassigned: 'Niemand in dienst: niet toegewezen',
  acknowledged: 'Ontvangst bevestigd',
  'deadline-breached': 'Termijn verstreken',
  'task-failed': 'Een stap van de werkstroom is mislukt',
  read: 'Ingezien',
  replied: 'Antwoord verstuurd',
  'note-added': 'Notitie toegevoegd',
  reassigned: 'Opnieuw toegewezen',
  paused: 'Gepauzeerd',
  resumed: 'Hervat',
  closed: 'Gesloten',
  'phone-call-registered': 'Telefoongesprek vastgelegd',
  'mail-received': 'E-mail ontvangen',
  reopened: 'Heropend door een nieuw bericht',
  classified: 'Ingedeeld',
  'attachment-downloaded': 'Bijlage gedownload',
  'follow-up-received': 'Bericht in de ontvangstbus',
  'acknowledgement-withheld': 'Geen ontvangstbevestiging verstuurd: dagelijkse limiet van het adres bereikt',
  exported: 'Geëxporteerd (inzageverzoek)',
  'stale-flagged': 'Gemeld aan coördinatoren: lang geen activiteit',
  'requester-address-bounced': 'E-mail aan de melder kwam niet aan (bounce)',
}

/** The texts advisor.js shows. `{name}` and the like are filled in by the script. */
export const SCRIPT_COPY = {
  status: STATUS_LABELS,
  outcome: OUTCOME_LABELS,
  channel: CHANNEL_LABELS,
  urgency: URGENCY_LABELS,
  topic: TOPIC_LABELS,
  requesterType: REQUESTER_TYPE_LABELS,
  sector: form.sector.options,
  signals: form.signals.options,
  ideology: form.ideology.options,
  language: { nl: 'Nederlands', en: 'Engels' },
  clock: CLOCK_LABELS,
  clockDue: { acknowledge: 'bevestigen vóór', respond: 'antwoorden vóór' },
  deadlineState: { running: 'loopt', paused: 'gepauzeerd', stopped: 'gestopt' },
  delivery: { pending: 'wordt verzonden', sent: 'verzonden', failed: 'niet verzonden' },
  event: EVENT_LABELS,
  noAutoReply: NO_AUTO_REPLY_LABELS,
  classification: CLASSIFICATION_LABELS,
  messageKind: {
    reply: 'Antwoord aan de melder',
    note: 'Notitie (intern)',
    mail: 'E-mail',
    'follow-up': 'Bericht van de melder (ontvangstbus)',
  },
  roles: { advisor: 'adviseur', coordinator: 'coördinator' },
  statistics: {
    dimensions: {
      channel: 'Kanaal',
      topic: 'Onderwerp',
      requesterType: 'Melder',
      sector: 'Sector',
      ideology: 'Stroming',
      signals: 'Signalen',
      urgency: 'Urgentie',
      outcome: 'Uitkomst',
    } satisfies Record<StatisticsDimension, string>,
    buckets: {
      unclassified: 'Nog niet ingedeeld',
      'not-given': 'Niet opgegeven',
      none: 'Geen signalen',
      open: 'Nog open',
    },
    figures: {
      cases: 'Meldingen',
      stopped: 'Termijn gestopt',
      inTime: 'Op tijd',
      breaches: 'Verstreken',
      inTimeShare: 'Deel op tijd',
      medianBusinessHours: 'Mediaan (werkuren)',
    },
    month: 'Maand',
    clock: 'Termijn',
    value: 'Waarde',
    total: 'Totaal',
    noFigure: 'geen gegevens',
    hidden: 'minder dan 5',
    summary: 'Van {from} tot en met {to}. Open aan het eind van de periode: {open}.',
    summaryPublished:
      'Van {from} tot en met {to}, kleine aantallen verborgen. Open aan het eind van de periode: {open}.',
    volumeChartTitle: 'Meldingen per maand, per kanaal',
    volumeChartDesc:
      'Staafdiagram: per maand een staaf per kanaal, met het aantal erbij. De cijfers staan ook in de tabel onder het diagram.',
    deadlinesChartTitle: 'Deel op tijd per maand, per termijn',
    deadlinesChartDesc:
      'Staafdiagram: per maand een staaf per termijn (ontvangst bevestigen, antwoorden) met het percentage op tijd erbij. De cijfers staan ook in de tabel onder het diagram.',
    downloading: 'Bezig met downloaden…',
    downloaded: 'Het bestand is gedownload.',
    downloadFailed: 'Het bestand kon niet worden gedownload. Probeer het over een paar minuten opnieuw.',
  },
  text: {
    loading: 'Bezig met laden…',
    sending: 'Bezig met versturen…',
    signingIn: 'Bezig met inloggen…',
    anonymous: 'anoniem',
    notGiven: 'niet ingevuld',
    yes: 'ja',
    no: 'nee',
    nobody: 'Niemand',
    you: '{name} (u)',
    unknownAdvisor: 'onbekende adviseur',
    noDeadline: 'geen termijn',
    paused: 'gepauzeerd',
    overdue: 'verstreken',
    urgentMark: 'Urgent',
    caseCount: '{count} meldingen',
    caseCountOne: '1 melding',
    noCases: 'Geen meldingen gevonden.',
    noMessages: 'Nog geen berichten, antwoorden of notities.',
    notClassified: 'nog niet ingedeeld',
    requester: 'melder',
    unknownSender: 'onbekende afzender',
    noSubject: '(geen onderwerp)',
    noDate: 'geen datum in het bericht',
    subject: 'Onderwerp: ',
    mailAttachments: 'Bijlagen: ',
    quarantined: 'Bijlagen achtergehouden: het bericht kwam niet door de virusscan.',
    spam: 'De spamfilter houdt dit bericht voor spam. Wees voorzichtig met links en bijlagen.',
    noAutoReply: 'Er is geen automatische ontvangstbevestiging gestuurd: {reason}.',
    noAutoReplyOther: 'om een andere reden',
    unreadable: 'Dit bericht kon niet als e-mail worden gelezen. Het ruwe bericht staat bij de bijlagen.',
    unverifiedSender:
      'Let op: de afzender van dit bericht is niet echt bevestigd (SPF/DKIM/DMARC faalt). Het kan van iemand anders komen dan het adres zegt. Het is een nieuwe melding; de melding die het noemt is niet veranderd. Deel niets met deze afzender.',
    returnPath: 'Afzender volgens de mailserver (Return-Path): {address}',
    namesCase: 'Dit bericht noemt melding: ',
    mentionsOtherCase:
      'Dit bericht noemt een andere melding, maar komt niet van de melder daarvan: het is een nieuwe melding. Deel niets uit die andere melding met deze afzender.',
    relatedTo: 'Dit bericht volgt op een eerdere, gesloten melding: ',
    replyTo: 'Het antwoord gaat naar {address}.',
    replyToBox:
      'De melder is anoniem: het antwoord komt in de ontvangstbus, waar de melder het leest met zaaknummer en ontvangstcode. Er gaat geen e-mail uit.',
    attachmentSize: '{size} kB',
    download: 'Downloaden',
    downloading: 'Bezig met downloaden…',
    downloaded: 'Bijlage {name} gedownload.',
    withheld: 'achtergehouden',
    attachmentDetail: 'bijlage: {name}',
    readTimes: '{count}×',
    readTimesSpoken: '{count} keer',
    timeRangeTo: ' tot ',
    classifiedDetail: '{field}: {value}',
    roundDetail: 'antwoordronde {round}',
    noBreaches: 'Geen termijnen verstreken.',
    breach: '{clock}: termijn van {dueAt} verstreken (vastgelegd {recordedAt})',
    pausedSince: 'Gepauzeerd sinds {since} door {by}.',
    pausedUntil: 'Hervat vanzelf op {until}.',
    pausedReason: 'Reden: ',
    notPaused: 'Niet gepauzeerd.',
    caseDocumentTitle: 'Melding {reference} – MAR-werkplek',
    phoneRegistered: 'Telefoongesprek vastgelegd als melding {reference}.',
    errorPrefix: 'Fout:',
    caseClosed: 'Deze melding is gesloten ({outcome}).',
    noEmail:
      'De melder heeft geen e-mailadres opgegeven, dus u kunt niet per e-mail antwoorden. Bel de melder en leg het gesprek vast als notitie.',
    noEmailPhone: 'Telefoonnummer van de melder: {phone}.',
    byAdvisor: 'door {name}',
    toAdvisor: 'aan {name}',
    fromAdvisor: 'was {name}',
    untilMoment: 'tot {until}',
    outcomeDetail: 'uitkomst: {outcome}',
    signInFailed: 'Inloggen is niet gelukt. Probeer het opnieuw.',
    signInUnavailable: 'Inloggen kan nu niet. Probeer het over een paar minuten opnieuw.',
    sessionEnded:
      'Uw sessie is verlopen. Log opnieuw in: u komt terug op de pagina waar u was, en tekst die u nog niet had verstuurd staat daar weer klaar.',
    draftsRestored:
      'De tekst die u nog niet had verstuurd, staat weer in het invulveld. Controleer hem en verstuur hem opnieuw.',
  },
  error: {
    already_acknowledged: 'De ontvangst van deze melding is al bevestigd.',
    case_closed: 'Deze melding is gesloten: dat kan niet meer.',
    no_mail_address: 'De melder heeft geen e-mailadres. Bel de melder en leg het gesprek vast als notitie.',
    already_paused: 'Deze melding is al gepauzeerd.',
    not_paused: 'Deze melding is niet gepauzeerd.',
    no_running_clock: 'Er loopt geen termijn die kan worden gepauzeerd.',
    conflict: 'De melding is net door iemand anders gewijzigd. Bekijk de melding opnieuw en probeer het nog eens.',
    forbidden: 'U hebt geen toegang tot deze melding of deze handeling.',
    notFound: 'Deze melding bestaat niet. Controleer het zaaknummer.',
    network: 'Er is geen verbinding met de server. Controleer uw verbinding en probeer het opnieuw.',
    rateLimited: 'Er zijn kort na elkaar veel verzoeken verstuurd. Wacht even en probeer het opnieuw.',
    tooLarge: 'De tekst is te lang om te versturen. Maak hem korter.',
    failed: 'Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw.',
    validation: 'Controleer de gemarkeerde velden.',
    invalidUntil: 'Vul een datum en tijd in de toekomst in, of laat het veld leeg.',
    required: 'Vul dit veld in.',
    chooseAdvisor: 'Kies een adviseur.',
    chooseOutcome: 'Kies een uitkomst.',
    chooseClassification: 'Kies minstens één onderdeel dat u wilt wijzigen.',
    quarantined: 'Deze bijlage is achtergehouden: het bericht kwam niet door de virusscan.',
    downloadFailed: 'De bijlage kon niet worden gedownload. Probeer het over een paar minuten opnieuw.',
  },
} as const

export type ScriptCopy = typeof SCRIPT_COPY

/** Texts of the rendered pages. */
export const ADVISOR_COPY = {
  siteName: 'MAR-werkplek',
  organisation: 'Meld- en Adviespunt Radicalisering · Gemeente Rotterdam',
  skipLink: 'Direct naar de inhoud',
  errorPrefix: 'Fout:',
  navLabel: 'Werkplek',
  navCases: 'Meldingen',
  navPhone: 'Telefoongesprek vastleggen',
  navStats: 'Statistieken',
  signedInAs: 'Ingelogd als',
  signOut: 'Uitloggen',
  noScript: 'De werkplek werkt alleen met JavaScript. Zet JavaScript aan en laad de pagina opnieuw.',
  loading: SCRIPT_COPY.text.loading,
  footer: 'Alleen voor medewerkers van het MAR. Deel niets uit deze werkplek buiten het MAR.',
  list: {
    title: 'Meldingen – MAR-werkplek',
    signInTitle: 'Inloggen – MAR-werkplek',
    signInH1: 'Inloggen op de MAR-werkplek',
    signInLead: 'Log in om de meldingen te zien en te behandelen.',
    devSignInTitle: 'Lokale ontwikkelomgeving',
    devSignInLead: 'Kies met welke adviseur uit het rooster u inlogt.',
    cognitoSignIn: 'Inloggen met uw account van de gemeente',
    h1: 'Meldingen',
    phoneLink: 'Telefoongesprek vastleggen',
    filterTitle: 'Filter',
    mine: 'Alleen mijn meldingen',
    status: 'Status',
    allStatuses: 'Alle open meldingen',
    applyFilter: 'Filter toepassen',
    caption: 'Meldingen, de eerstvolgende termijn eerst',
    columns: {
      reference: 'Zaaknummer',
      urgency: 'Urgentie',
      topic: 'Onderwerp',
      channel: 'Kanaal',
      status: 'Status',
      assignee: 'Behandelaar',
      deadline: 'Termijn',
    },
  },
  case: {
    title: 'Melding – MAR-werkplek',
    back: 'Alle meldingen',
    h1: 'Melding',
    deadlinesTitle: 'Termijnen',
    breachesTitle: 'Verstreken termijnen',
    pauseTitle: 'Pauze',
    // The workspace is Dutch; in English: "The requester's e-mail address does not work: call or write another way."
    requesterAddressBounced: 'Het e-mailadres van de melder werkt niet: bel of schrijf anders.',
    submissionTitle: 'De melding',
    fields: {
      status: 'Status',
      urgency: 'Urgentie',
      assignee: 'Behandelaar',
      channel: 'Kanaal',
      topic: 'Onderwerp',
      createdAt: 'Ontvangen',
      requesterType: 'Melder',
      sector: 'Sector',
      organisation: 'Organisatie',
      name: 'Naam',
      email: 'E-mailadres',
      phone: 'Telefoonnummer',
      language: 'Taal',
      immediateDanger: 'Direct gevaar',
      signals: 'Signalen',
      ideology: 'Stroming',
      description: 'Beschrijving',
    },
    mailTitle: 'E-mail',
    mailFields: {
      from: 'Van',
      to: 'Aan',
      cc: 'Cc',
      date: 'Verstuurd',
      subject: 'Onderwerp',
    },
    mailTextTitle: 'Tekst van het bericht',
    mailTextHint: 'Zoals de afzender het schreef, als gewone tekst: links en opmaak werken hier niet.',
    attachmentsTitle: 'Bijlagen',
    attachmentsHint:
      'Bijlagen komen van buiten de gemeente. Open ze alleen als het nodig is, en nooit als ze om macro’s vragen.',
    messagesTitle: 'Berichten en notities',
    actionsTitle: 'Behandelen',
    acknowledgeTitle: 'Ontvangst bevestigen',
    acknowledgeHint: 'Laat weten dat u de melding in behandeling neemt. Dit stopt de termijn voor bevestigen.',
    acknowledge: 'Ontvangst bevestigen',
    classifyTitle: 'Indelen',
    classifyLegend: 'Wat wilt u wijzigen?',
    classifyHint:
      'Kies alleen wat u wilt wijzigen; de rest blijft zoals het is. De termijnen gaan mee met de indeling.',
    classifyTopic: 'Onderwerp',
    classifyUrgency: 'Urgentie',
    classifyRequesterType: 'Melder',
    classifySector: 'Sector',
    classifySectorHint: 'Alleen bij een professional.',
    classifyUnchanged: 'ongewijzigd',
    classify: 'Indeling opslaan',
    replyTitle: 'Antwoorden aan de melder',
    replyLabel: 'Uw antwoord',
    replyHint: 'De melder krijgt dit per e-mail, met het zaaknummer in het onderwerp.',
    reply: 'Antwoord versturen',
    noteTitle: 'Notitie toevoegen',
    noteLabel: 'Notitie',
    noteHint: 'Alleen voor medewerkers van het MAR. Leg hier ook een telefoongesprek met de melder vast.',
    note: 'Notitie opslaan',
    assignTitle: 'Toewijzen',
    assignLabel: 'Adviseur',
    assign: 'Toewijzen',
    pauseFormTitle: 'Pauzeren',
    pauseHint: 'Tijdens een pauze lopen de termijnen niet.',
    pauseReason: 'Reden van de pauze',
    pauseReasonHint: 'Bijvoorbeeld: wacht op informatie van de melder.',
    pauseUntil: 'Vanzelf hervatten op (niet verplicht)',
    pauseUntilHint: 'Datum en tijd, Nederlandse tijd. Leeg laten: u hervat zelf.',
    pause: 'Pauzeren',
    resumeTitle: 'Hervatten',
    resumeHint: 'De termijnen lopen weer vanaf nu.',
    resume: 'Hervatten',
    closeTitle: 'Sluiten',
    closeLabel: 'Uitkomst',
    closeEmpty: 'Kies een uitkomst',
    close: 'Melding sluiten',
    closeConfirm: 'Weet u zeker dat u deze melding wilt sluiten, met de uitkomst ‘{outcome}’?',
    closeConfirmYes: 'Ja, sluiten',
    closeConfirmNo: 'Nee, niet sluiten',
    closeUnanswered:
      'Let op: de melder heeft nog nooit een antwoord gekregen, niet per e-mail, niet per telefoon en niet in de ontvangstbus.',
    historyTitle: 'Geschiedenis',
  },
  stats: {
    title: 'Statistieken – MAR-werkplek',
    h1: 'Statistieken',
    lead: 'Aantallen meldingen per maand en hoe vaak het MAR op tijd was. Zonder namen, teksten of zaaknummers.',
    periodTitle: 'Periode',
    periodHint: 'Van en tot en met een datum, Nederlandse tijd. Hoogstens 60 maanden. Zonder keuze: deze maand.',
    from: 'Van',
    to: 'Tot en met',
    show: 'Cijfers tonen',
    downloadsTitle: 'Downloaden',
    downloadsHint:
      'Als CSV: komma’s en de codes van de API, voor andere programma’s. Voor Excel: opent met een dubbelklik in Excel met Nederlandse instellingen, met Nederlandse namen en decimale komma’s. Gaat de tabel buiten het MAR, kies dan de versie voor publicatie: daarin staat <5 waar een aantal 1 tot en met 4 is.',
    downloadExcel: 'Downloaden voor Excel',
    downloadExcelPublished: 'Downloaden voor Excel, voor publicatie',
    download: 'CSV downloaden',
    downloadPublished: 'CSV voor publicatie downloaden',
    volumeTitle: 'Meldingen per maand, per kanaal',
    volumeCaption: 'Aantal meldingen per maand en kanaal',
    deadlinesTitle: 'Termijnen per maand',
    deadlinesHint:
      'Op tijd: de termijn stopte (ontvangst bevestigd, beantwoord of gesloten) zonder dat hij verstreek. Het deel op tijd telt de meldingen waarvan al vaststaat of ze op tijd waren. Werkuren: maandag tot en met vrijdag 08.30–17.00 uur, zonder feestdagen.',
    deadlinesCaption: 'Termijnen per maand: aantallen, deel op tijd en mediaan in werkuren',
    dimensionsTitle: 'Alle indelingen per maand',
  },
  phone: {
    title: 'Telefoongesprek vastleggen – MAR-werkplek',
    h1: 'Telefoongesprek vastleggen',
    lead: 'Vul in wat de beller vertelt. De melding komt op uw naam en de ontvangst is meteen bevestigd.',
    summaryTitle: 'Controleer de volgende punten',
    requesterType: 'Belt de melder voor het werk of als particulier?',
    sector: 'Sector',
    sectorHint: 'Alleen bij een professional.',
    organisation: 'Organisatie (niet verplicht)',
    organisationHint: 'Alleen bij een professional.',
    topic: 'Waar gaat het gesprek over?',
    contactLegend: 'Hoe kan het MAR de melder bereiken?',
    contactHint: 'Een e-mailadres of telefoonnummer, of anoniem.',
    anonymous: 'De melder wil anoniem blijven',
    anonymousHint: 'Vul dan geen naam, e-mailadres of telefoonnummer in.',
    name: 'Naam (niet verplicht)',
    email: 'E-mailadres',
    emailHint: 'Nodig om per e-mail te kunnen antwoorden.',
    phone: 'Telefoonnummer',
    description: 'Waar maakt de melder zich zorgen over?',
    descriptionHint: 'Minstens 20 en hoogstens 10.000 tekens. Noteer alleen wat nodig is.',
    signals: 'Wat valt de melder op? (niet verplicht)',
    signalsHint: 'Kies alles wat past.',
    ideology: 'Om welke stroming gaat het? (niet verplicht)',
    ideologyEmpty: 'Kies, of laat leeg als het onbekend is',
    immediateDanger: 'Iemand is nu in direct gevaar',
    immediateDangerHint: 'Verwijs de beller eerst naar 112. De melding krijgt dan voorrang.',
    language: 'Taal van de melder',
    consent: 'De melder is gewezen op de privacyverklaring en gaat akkoord',
    consentHint: {
      before: 'Lees ',
      link: 'de privacytekst van het webformulier',
      after: ' voor als de melder dat wil.',
    },
    submit: 'Melding vastleggen',
  },
} as const
