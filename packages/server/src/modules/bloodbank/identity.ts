/**
 * Two-person check at ward issue (临床输血技术规范 2000: issuer and collector check jointly and both sign): each person
 * is identified by a badge (工牌) or fingerprint reader. The device is behind this interface; a hospital wires its own
 * (`setIdentityVerifier`). The demo verifier accepts `BADGE-<staff no>-<name>` and `FP-<staff no>-<name>` credentials.
 */
export type CheckMethod = 'badge' | 'fingerprint';

export interface VerifiedPerson { personId: string; name: string; method: CheckMethod }

export interface IdentityVerifier {
  /** Resolves a credential read by the device (badge number, fingerprint template id) to a person, or null. */
  verify(credential: string, method: CheckMethod): Promise<VerifiedPerson | null>;
}

/** Demo device: `BADGE-1024-李护士` / `FP-1024-李护士`. Never use in production. */
export const demoIdentityVerifier: IdentityVerifier = {
  async verify(credential, method) {
    const prefix = method === 'badge' ? 'BADGE' : 'FP';
    const m = new RegExp(`^${prefix}-([A-Za-z0-9]{2,16})-(.{1,32})$`).exec(credential.trim());
    return m ? { personId: m[1], name: m[2], method } : null;
  },
};

let current: IdentityVerifier = demoIdentityVerifier;

export function setIdentityVerifier(v: IdentityVerifier): void {
  current = v;
}

export function identityVerifier(): IdentityVerifier {
  return current;
}
