import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as cognito from 'aws-cdk-lib/aws-cognito'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'

/** The Cognito groups; the advisor API reads them from the `cognito:groups` claim. */
export const STAFF_GROUPS = {
  advisor: 'advisor',
  coordinator: 'coordinator',
} as const

/** Where Cognito sends staff after sign-in and sign-out: the workspace's list page finishes the code exchange. */
export const advisorRedirectUri = (publicUrl: string) => `${publicUrl}/advisor/`

export interface AdvisorSignInProps {
  readonly config: AppConfig
}

/**
 * Sign-in for MAR staff: a Cognito user pool (no self sign-up: an administrator creates each user with the roster's
 * advisor id as username, e.g. `adv-01`), TOTP MFA required, threat protection on; the groups `advisor` and
 * `coordinator`; managed login on a Cognito domain; one public app client (authorization code with PKCE) for the
 * workspace pages. The pool holds the staff accounts and their MFA secrets: it is retained and deletion-protected.
 */
export class AdvisorSignIn extends Construct {
  readonly userPool: cognito.UserPool
  readonly client: cognito.UserPoolClient
  readonly domain: cognito.UserPoolDomain

  constructor(scope: Construct, id: string, props: AdvisorSignInProps) {
    super(scope, id)
    const { config } = props
    const workspaceUrl = advisorRedirectUri(config.publicUrl)

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // The e-mail address is for account recovery only; names stay in the roster.
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true, email: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // PLUS: threat protection (compromised credentials, risky sign-ins) for accounts that read special-category data.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Uw account voor de MAR-werkplek / Your MAR workspace account',
        emailBody:
          `Gebruikersnaam: {username}<br>Tijdelijk wachtwoord: {####}<br>Meld u binnen 3 dagen aan op ${workspaceUrl} ` +
          'en stel een authenticator-app in.<br><br>' +
          `Username: {username}<br>Temporary password: {####}<br>Sign in within 3 days at ${workspaceUrl} ` +
          'and set up an authenticator app.',
      },
      userVerification: {
        emailSubject: 'Uw verificatiecode voor de MAR-werkplek / Your MAR workspace verification code',
        emailBody: 'Uw verificatiecode is {####}.<br><br>Your verification code is {####}.',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    for (const [groupId, groupName] of [
      ['AdvisorGroup', STAFF_GROUPS.advisor],
      ['CoordinatorGroup', STAFF_GROUPS.coordinator],
    ] as const) {
      new cognito.UserPoolGroup(this, groupId, {
        userPool: this.userPool,
        groupName,
        description: `MAR Intake: ${groupName}s`,
      })
    }

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: config.advisorSignIn.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    })

    this.client = this.userPool.addClient('WorkspaceClient', {
      generateSecret: false,
      // Password sign-in happens on the managed login pages only (SRP); the page itself never sees a password.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [workspaceUrl],
        logoutUrls: [workspaceUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      // The page renews the hour-long access token with the refresh token (grant_type=refresh_token at the token
      // endpoint, web/src/advisor/token-renewal.ts) for a working day; after 12 hours staff sign in again.
      refreshTokenValidity: Duration.hours(12),
    })

    // Managed login (version 2) shows its pages only for an app client with a style: Cognito's own look.
    new cognito.CfnManagedLoginBranding(this, 'ManagedLoginStyle', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    })

    // What threat protection does: block sign-ins with leaked passwords and high-risk sign-ins (MFA is always asked).
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'],
        actions: { eventAction: 'BLOCK' },
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          lowAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    })
  }

  /** The issuer of the pool's tokens, as API Gateway's JWT authorizer wants it. */
  get issuerUrl(): string {
    return `https://cognito-idp.${this.userPool.stack.region}.${this.userPool.stack.urlSuffix}/${this.userPool.userPoolId}`
  }
}
