import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assertDeployableCertificate, configContextKey, loadConfig } from '../../lib/config.ts'

const customDomain = {
  domainName: 'mar.rotterdam.nl',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012',
}
const minimal = { senderAddress: 'noreply@mar.rotterdam.nl', publicUrl: 'https://mar.rotterdam.nl', customDomain }
/** A deployment without a custom domain: publicUrl is the distribution's own address. */
const withoutDomain = { senderAddress: 'noreply@mar.rotterdam.nl', publicUrl: 'https://d1abc2defg3hij.cloudfront.net' }

describe('App configuration', () => {
  it('refuses a MAR phone number that is not one, and keeps one written as people write it', () => {
    expect(loadConfig({ ...minimal, marPhone: '010 - 123 45 67' }).marPhone).toBe('010 - 123 45 67')
    expect(loadConfig({ ...minimal, marPhone: '+31 (0)10 123 4567' }).marPhone).toBe('+31 (0)10 123 4567')
    for (const marPhone of ['', 'bel ons', '06-<b>1</b>', '112']) {
      expect(() => loadConfig({ ...minimal, marPhone }), marPhone).toThrow(/marPhone/)
    }
  })

  it('fills in the documented defaults', () => {
    const config = loadConfig(minimal)

    expect(config).toEqual({
      intakeAddress: 'mar_bsd@rotterdam.nl',
      marPhone: '06 - 23 66 03 86',
      senderAddress: 'noreply@mar.rotterdam.nl',
      publicUrl: 'https://mar.rotterdam.nl',
      customDomain,
      allowedOrigins: [],
      caseTableOperatorRoleArns: [],
      limits: {
        maxBodyBytes: 65_536,
        throttleRatePerSecond: 10,
        throttleBurst: 20,
        wafRatePer5Minutes: 300,
        routes: {
          submit: { ratePerSecond: 5, burst: 10 },
          followUp: { ratePerSecond: 5, burst: 10 },
          actions: { ratePerSecond: 5, burst: 10 },
          advisor: { ratePerSecond: 20, burst: 40 },
        },
        reservedConcurrency: {},
      },
      retention: {
        caseDays: 730,
        logDays: 90,
        rawMailDays: 30,
        closedCaseMonths: 12,
        closedCaseMonthsByOutcome: {},
        staleOpenCaseDays: 60,
        tombstoneDays: 3653,
      },
      workflow: {
        timeZone: 'Europe/Amsterdam',
        businessHours: { workdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '17:00' },
        holidays: { goodFriday: false, liberationDay: 'lustrum' },
        responseWindows: {
          urgent: { acknowledgeHours: 1, respondHours: 8 },
          case: { acknowledgeHours: 4, respondHours: 16 },
          question: { acknowledgeHours: 8, respondHours: 40 },
          training: { acknowledgeHours: 8, respondHours: 40 },
        },
      },
      advisorSignIn: { domainPrefix: 'mar-rotterdam-nl' },
    })
  })

  it("derives the Cognito domain prefix from publicUrl's host name unless one is configured", () => {
    expect(loadConfig(withoutDomain).advisorSignIn).toEqual({ domainPrefix: 'd1abc2defg3hij-cloudfront-net' })
    expect(loadConfig({ ...minimal, advisorSignIn: { domainPrefix: 'mar-staff' } }).advisorSignIn).toEqual({
      domainPrefix: 'mar-staff',
    })
  })

  it.each([
    ['upper case', 'MAR-staff', 'must be 1–63 lowercase letters, digits and hyphens'],
    ['a trailing hyphen', 'mar-', 'must be 1–63 lowercase letters, digits and hyphens'],
    ['64 characters', 'm'.repeat(64), 'must be 1–63 lowercase letters, digits and hyphens'],
    ['a word Cognito reserves', 'mar-cognito', 'must not contain "aws", "amazon" or "cognito"'],
  ])('refuses a domain prefix with %s', (_, domainPrefix, problem) => {
    expect(() => loadConfig({ ...minimal, advisorSignIn: { domainPrefix } })).toThrow(
      `  - advisorSignIn.domainPrefix: ${problem}`,
    )
  })

  it('takes MAR’s phone number as people write it, and refuses what is no phone number', () => {
    expect(loadConfig({ ...minimal, marPhone: '+31 10 267 00 00' }).marPhone).toBe('+31 10 267 00 00')
    expect(() => loadConfig({ ...minimal, marPhone: 'bel ons' })).toThrow(
      '  - marPhone: must be a phone number, e.g. "06 - 23 66 03 86"',
    )
  })

  it('asks for a domain prefix when the one derived from publicUrl would be refused', () => {
    const awsTest = { ...minimal, publicUrl: 'https://mar.aws-test.example', customDomain: undefined }
    expect(() =>
      loadConfig({ ...awsTest, customDomain: { ...customDomain, domainName: 'mar.aws-test.example' } }),
    ).toThrow(
      '  - advisorSignIn.domainPrefix: the prefix derived from publicUrl ("mar-aws-test-example") is not one Cognito ' +
        'accepts: set advisorSignIn.domainPrefix',
    )
  })

  it('accepts the configuration in cdk.json', () => {
    const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'))

    expect(() => loadConfig(cdkJson.context[configContextKey])).not.toThrow()
  })

  it('accepts a custom domain whose certificate is in us-east-1', () => {
    const config = loadConfig(minimal)

    expect(config.customDomain?.domainName).toBe('mar.rotterdam.nl')
  })

  it('accepts as publicUrl without a custom domain only the distribution’s own cloudfront.net address', () => {
    // Action links carry bearer tokens: a publicUrl the distribution does not serve would send them elsewhere.
    expect(loadConfig(withoutDomain).publicUrl).toBe('https://d1abc2defg3hij.cloudfront.net')
    for (const publicUrl of [
      'https://mar.rotterdam.nl',
      'https://d1abc.cloudfront.net.example.nl',
      'https://x.cloudfront.net',
    ]) {
      expect(() => loadConfig({ ...withoutDomain, publicUrl }), publicUrl).toThrow(
        "  - publicUrl: must be an address the distribution serves: configure customDomain for it, or use the distribution's own https://d….cloudfront.net",
      )
    }
  })

  it('takes the web ACL’s rate per client and the operator roles of the case table key', () => {
    const config = loadConfig({
      ...minimal,
      limits: { wafRatePer5Minutes: 1200 },
      caseTableOperatorRoleArns: [
        'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*',
      ],
    })

    expect(config.limits.wafRatePer5Minutes).toBe(1200)
    expect(config.caseTableOperatorRoleArns).toEqual([
      'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*',
    ])
    expect(() => loadConfig({ ...minimal, limits: { wafRatePer5Minutes: 9 } })).toThrow('  - limits.wafRatePer5Minutes')
    expect(
      loadConfig({ ...minimal, limits: { routes: { submit: { ratePerSecond: 1, burst: 2 } } } }).limits.routes,
    ).toEqual({
      submit: { ratePerSecond: 1, burst: 2 },
      followUp: { ratePerSecond: 5, burst: 10 },
      actions: { ratePerSecond: 5, burst: 10 },
      advisor: { ratePerSecond: 20, burst: 40 },
    })
    expect(() => loadConfig({ ...minimal, limits: { routes: { actions: { ratePerSecond: 0, burst: 2 } } } })).toThrow(
      '  - limits.routes.actions.ratePerSecond',
    )
    expect(() =>
      loadConfig({ ...minimal, caseTableOperatorRoleArns: ['arn:aws:iam::123456789012:user/admin'] }),
    ).toThrow('  - caseTableOperatorRoleArns.0: must be an IAM role ARN')
  })

  it('rejects bad values with one message that lists every problem', () => {
    const bad = {
      senderAddress: 'not-an-address',
      publicUrl: 'http://mar.rotterdam.nl',
      allowedOrigins: ['https://partner.example.nl/path'],
      limits: { maxBodyBytes: 10, throttleRatePerSecond: 0, throttleBurst: 2.5 },
      retention: { caseDays: -1, logDays: 91 },
      customDomain: {
        domainName: 'mar.rotterdam.nl',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      },
      surprise: true,
    }

    let message = ''
    try {
      loadConfig(bad)
    } catch (error) {
      message = (error as Error).message
    }

    expect(message).toMatch(/^Invalid configuration in cdk\.json context "mar"/)
    for (const path of [
      'senderAddress',
      'publicUrl',
      'allowedOrigins.0',
      'limits.maxBodyBytes',
      'limits.throttleRatePerSecond',
      'limits.throttleBurst',
      'retention.caseDays',
      'retention.logDays',
      'customDomain.certificateArn',
      '(root): Unrecognized key: "surprise"',
    ]) {
      expect(message).toContain(`  - ${path}`)
    }
  })

  it('rejects a public URL that does not use the custom domain', () => {
    expect(() =>
      loadConfig({
        ...minimal,
        publicUrl: 'https://elders.example.nl',
        customDomain: {
          domainName: 'mar.rotterdam.nl',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
      }),
    ).toThrow(/publicUrl: must use the custom domain mar\.rotterdam\.nl/)
  })

  it('keeps raw mail at least as long as the receive failures queue keeps a failed message (14 days)', () => {
    expect(loadConfig({ ...minimal, retention: { rawMailDays: 14 } }).retention.rawMailDays).toBe(14)
    expect(() => loadConfig({ ...minimal, retention: { rawMailDays: 7 } })).toThrow(
      '  - retention.rawMailDays: must be at least 14 (the receive failures queue keeps a failed message 14 days',
    )
  })

  it('takes a receiving address for SES when intake mail is forwarded to another domain, and none by default', () => {
    expect(loadConfig(minimal).receivingAddress).toBeUndefined()
    expect(loadConfig({ ...minimal, receivingAddress: 'mar-intake@ontvangst.mar.rotterdam.nl' }).receivingAddress).toBe(
      'mar-intake@ontvangst.mar.rotterdam.nl',
    )
    expect(() => loadConfig({ ...minimal, receivingAddress: 'not-an-address' })).toThrow('  - receivingAddress')
  })

  it('says what to add when the context key is missing', () => {
    expect(() => loadConfig(undefined)).toThrow(/add a "mar" object to the context in cdk\.json/)
  })
})

describe('App configuration: the placeholder certificate', () => {
  const placeholder = loadConfig(
    JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context.mar,
  )

  it('is refused for a deploy (an account resolved from credentials), naming the fix', () => {
    expect(() => assertDeployableCertificate(placeholder, '111111111111')).toThrow(
      /customDomain\.certificateArn in cdk\.json is the placeholder .*Request an ACM certificate for mar\.rotterdam\.nl in us-east-1/,
    )
  })

  it('is accepted by an offline synth (no account), and a real certificate by a deploy', () => {
    expect(() => assertDeployableCertificate(placeholder, undefined)).not.toThrow()
    expect(() => assertDeployableCertificate(loadConfig(minimal), '111111111111')).not.toThrow()
    expect(() => assertDeployableCertificate(loadConfig(withoutDomain), '111111111111')).not.toThrow()
  })
})
