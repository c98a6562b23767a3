export { toHalfWidth, halfWidthChars } from './normalize.js';
export { parseResidentId, checkDigit, type ResidentId } from './resident-id.js';
export { maskIdNumber, maskName, maskNumbersInText, maskPhone, normalizeMobile } from './mask.js';
export {
  loadKeyring,
  addKeyToFile,
  pruneKeyFile,
  ephemeralKeyring,
  keyringData,
  keyringFromData,
  keyFilePath,
  type Keyring,
  type KeyringData,
} from './keyring.js';
export { encrypt, decrypt, lookupHash, sealedKeyId } from './cipher.js';
export { resealAll, type SealedColumn } from './reseal.js';
