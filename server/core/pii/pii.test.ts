import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addKeyToFile,
  checkDigit,
  decrypt,
  encrypt,
  ephemeralKeyring,
  loadKeyring,
  lookupHash,
  maskIdNumber,
  maskPhone,
  normalizeMobile,
  parseResidentId,
  pruneKeyFile,
  sealedKeyId,
} from './index.js';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the examples printed in the standard and derives birth date and sex', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      number: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
    expect(parseResidentId('440524188001010014')).toMatchObject({ birthDate: '1880-01-01', sex: 'male' });
  });

  it('takes a lower-case x, full-width digits and stray spaces', () => {
    expect(parseResidentId('11010519491231002x')?.number).toBe('11010519491231002X');
    expect(parseResidentId('１１０１０５ １９４９１２３１００２Ｘ')?.number).toBe('11010519491231002X');
  });

  it('computes the check character, X included', () => {
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('44052418800101001')).toBe('4');
  });

  it.each([
    ['110105194912310021', 'wrong check digit'],
    ['11010519491331002X', 'month 13 (and its check digit)'],
    ['1101051949123100', 'too short'],
    ['11010519491231002Y', 'letter other than X'],
    ['', 'empty'],
  ])('refuses %s (%s)', (id) => {
    expect(parseResidentId(id)).toBeNull();
  });

  it('refuses an impossible date even with a matching check digit', () => {
    const first17 = '11010519490230002'; // 30 February
    expect(parseResidentId(first17 + checkDigit(first17))).toBeNull();
  });

  it('refuses a birth date in the future', () => {
    const first17 = '11010520991231002';
    expect(parseResidentId(first17 + checkDigit(first17), new Date('2026-11-22'))).toBeNull();
  });

  it('reads a 15-digit first-generation number as born in the 1900s', () => {
    expect(parseResidentId('110105491231002')).toMatchObject({ birthDate: '1949-12-31', sex: 'female' });
  });
});

describe('masking', () => {
  it('keeps the first 6 and last 4 of an ID number', () => {
    expect(maskIdNumber('35010219800101123X')).toBe('350102********123X');
    expect(maskIdNumber('35010219800101123x')).toBe('350102********123X');
    expect(maskIdNumber('３５０１０２１９８００１０１１２３Ｘ')).toBe('350102********123X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('keeps the first 3 and last 4 of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678');
    expect(maskPhone('１３８１２３４５６７８')).toBe('138****5678');
    expect(maskPhone('87654321')).toBe('******21');
  });

  it('normalises mainland mobile numbers', () => {
    expect(normalizeMobile('+86-138 1234 5678')).toBe('13812345678');
    expect(normalizeMobile('12812345678')).toBeNull();
    expect(normalizeMobile('1381234567')).toBeNull();
  });
});

describe('encryption at rest', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const k = ephemeralKeyring();
    const a = encrypt(k, '11010519491231002X');
    const b = encrypt(k, '11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1101051949');
    expect(decrypt(k, a)).toBe('11010519491231002X');
  });

  it('refuses a tampered value and a value sealed with a key it does not hold', () => {
    const k = ephemeralKeyring();
    const sealed = encrypt(k, '13812345678');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('garbage!').toString('base64url');
    expect(() => decrypt(k, parts.join('.'))).toThrow();
    expect(() => decrypt(ephemeralKeyring(), sealed)).toThrow(/unknown key|unable/);
  });

  it('makes the same lookup hash for the same value and key only', () => {
    const k = ephemeralKeyring();
    expect(lookupHash(k, '13812345678')).toBe(lookupHash(k, '13812345678'));
    expect(lookupHash(k, '13812345678')).not.toBe(lookupHash(k, '13812345679'));
    expect(lookupHash(ephemeralKeyring(), '13812345678')).not.toBe(lookupHash(k, '13812345678'));
  });

  it('creates its key file with mode 0600, and rotates: old values stay readable, new ones use the new key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-keys-'));
    const before = loadKeyring(dir, '');
    expect(fs.statSync(path.join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    const old = encrypt(before, 'secret');
    const newId = addKeyToFile(dir);
    const after = loadKeyring(dir, '');
    expect(after.currentId).toBe(newId);
    expect(decrypt(after, old)).toBe('secret');
    const fresh = encrypt(after, 'secret');
    expect(sealedKeyId(fresh)).toBe(newId);
    pruneKeyFile(dir);
    const pruned = loadKeyring(dir, '');
    expect(decrypt(pruned, fresh)).toBe('secret');
    expect(() => decrypt(pruned, old)).toThrow(/unknown key/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes its keys from LINLI_SECRET_KEY when set, and rejects a key of the wrong size', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const k = loadKeyring('/nonexistent', key);
    expect(decrypt(k, encrypt(k, 'x'))).toBe('x');
    expect(() => loadKeyring('/nonexistent', 'c2hvcnQ=')).toThrow(/32 bytes/);
  });
});

describe('maskNumbersInText', () => {
  it('masks ID and phone numbers written anywhere in free text, full-width or spaced, and nothing else', async () => {
    const { maskNumbersInText } = await import('./mask.js');
    expect(maskNumbersInText('电话 139 1234 5678，身份证３５０１０２１９９００１０１１２３７。')).toBe(
      '电话 139****5678，身份证350102********1237。',
    );
    expect(maskNumbersInText('+86-13912345678 或 0591-87654321')).toBe('139****5678 或 059*****4321');
    expect(maskNumbersInText('3号楼2单元501，2026年12月2日')).toBe('3号楼2单元501，2026年12月2日');
  });
});
