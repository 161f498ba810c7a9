// A wallet's recovery phrase pasted into the code: whoever reads it holds the wallet.
import { Wallet } from 'ethers';

// ruleid: cred/provider-token
const RECOVERY_PHRASE = requireEnv('WALLET_MNEMONIC');

export const treasury = Wallet.fromPhrase(RECOVERY_PHRASE);

// Twelve words of the list whose checksum does not match: a sentence, not a key.
// ok: cred/provider-token
export const motto = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo';

// ok: cred/provider-token
export const help = 'Write down the twelve words of your recovery phrase and keep them offline.';

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
