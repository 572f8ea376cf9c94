/**
 * A software WebAuthn authenticator for tests: it holds one ES256 (P-256) credential and answers
 * the server's creation and request options the way a browser plus a platform authenticator
 * would, producing real `none` attestations and real assertions that @simplewebauthn/server
 * verifies. Nothing is mocked: tests exercise the server's full ceremony.
 *
 * Knobs for negative tests: `origin`/`rpId` overrides (what a phishing page would produce), a
 * settable signature counter (or none at all), and whether the user is verified.
 */
import { encodeCBOR, type CBORType } from '@levischuck/tiny-cbor';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** Authenticator data flags (WebAuthn §6.1). */
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

/** COSE key labels and values for an EC2 P-256 ES256 key (RFC 9053). */
const COSE_KTY = 1;
const COSE_ALG = 3;
const COSE_EC2_CRV = -1;
const COSE_EC2_X = -2;
const COSE_EC2_Y = -3;
const COSE_KTY_EC2 = 2;
const COSE_ALG_ES256 = -7;
const COSE_CRV_P256 = 1;

export interface CeremonyOptions {
  /** The origin the "browser" reports in clientDataJSON. */
  origin: string;
  /** Overrides the RP ID whose hash goes into authenticator data (default: the options' rpId). */
  rpId?: string;
  /** Leave the user-verified flag clear (a security key without PIN). */
  userVerified?: boolean;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array) => Buffer.from(data).toString('base64url');

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

export class SoftAuthenticator {
  /** The credential id, raw. */
  readonly rawId: Buffer = randomBytes(16);
  /** The signature counter; the next ceremony reports `counter + 1`. Tests may wind it back. */
  counter = 0;
  /**
   * False: report 0 on every ceremony, as synced passkeys (iCloud Keychain, Google Password
   * Manager) do; the server cannot then detect a replay by the counter.
   */
  countsSignatures = true;
  /** The user handle the relying party gave at registration (base64url), once registered. */
  userHandle: string | undefined;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** The credential id as the server sees it (base64url). */
  get id(): string {
    return b64url(this.rawId);
  }

  /** The credential public key as a COSE_Key (CBOR map). */
  cosePublicKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return encodeCBOR(
      new Map<number, number | Uint8Array>([
        [COSE_KTY, COSE_KTY_EC2],
        [COSE_ALG, COSE_ALG_ES256],
        [COSE_EC2_CRV, COSE_CRV_P256],
        [COSE_EC2_X, Buffer.from(jwk.x ?? '', 'base64url')],
        [COSE_EC2_Y, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
  }

  /** navigator.credentials.create(): a `none` attestation for new credential options. */
  createCredential(
    options: PublicKeyCredentialCreationOptionsJSON,
    ceremony: CeremonyOptions,
  ): RegistrationResponseJSON {
    // A real authenticator refuses to create a second credential for the same account.
    if (options.excludeCredentials?.some((c) => c.id === this.id)) {
      throw new Error('InvalidStateError: the authenticator already holds an excluded credential');
    }
    if (!options.pubKeyCredParams.some((p) => p.alg === COSE_ALG_ES256)) {
      throw new Error('NotSupportedError: ES256 not offered');
    }
    this.userHandle = options.user.id;
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, ceremony.origin);
    const credentialId = this.rawId;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const attestedCredentialData = Buffer.concat([
      Buffer.alloc(16), // AAGUID: all zeros, as for `none` attestation
      idLength,
      credentialId,
      this.cosePublicKey(),
    ]);
    const authData = Buffer.concat([
      this.authDataHead(ceremony.rpId ?? options.rp.id ?? '', ceremony, FLAG_ATTESTED_CREDENTIAL),
      attestedCredentialData,
    ]);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBORType>()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** navigator.credentials.get(): an assertion signed with the credential's private key. */
  getAssertion(
    options: PublicKeyCredentialRequestOptionsJSON,
    ceremony: CeremonyOptions,
  ): AuthenticationResponseJSON {
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, ceremony.origin);
    const authData = this.authDataHead(ceremony.rpId ?? options.rpId ?? '', ceremony, 0);
    // ES256 over authenticatorData || SHA-256(clientDataJSON), DER-encoded (WebAuthn §6.3.3).
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), {
      key: this.privateKey,
      dsaEncoding: 'der',
    });
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle !== undefined ? { userHandle: this.userHandle } : {}),
      },
    };
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** rpIdHash | flags | signCount; bumps the counter as a real authenticator does. */
  private authDataHead(rpId: string, ceremony: CeremonyOptions, extraFlags: number): Buffer {
    if (this.countsSignatures) this.counter += 1;
    const verified = ceremony.userVerified ?? true;
    const flags = FLAG_USER_PRESENT | (verified ? FLAG_USER_VERIFIED : 0) | extraFlags;
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), uint32(this.counter)]);
  }
}
