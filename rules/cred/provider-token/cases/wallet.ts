// A wallet's recovery phrase pasted into the code: whoever reads it holds the wallet.
import { Wallet } from 'ethers';

// ruleid: cred/provider-token
const RECOVERY_PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

export const treasury = Wallet.fromPhrase(RECOVERY_PHRASE);

// Twelve words of the list whose checksum does not match: a sentence, not a key.
// ok: cred/provider-token
export const motto = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo';

// ok: cred/provider-token
export const help = 'Write down the twelve words of your recovery phrase and keep them offline.';
