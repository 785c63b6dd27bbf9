/**
 * Phone and ID-card numbers a resident types into free text (a description, a follow-up, a rating comment, a
 * questionnaire comment). The phone field is encrypted and masked, but "请打电话 13812345678" in a
 * description would otherwise reach every staff answer, the problem made from it, exports and
 * backups in full (个人信息保护法: the least personal data needed).
 *
 * Masked at write time: what is stored is already masked, so backups, the problem description
 * made at triage, and any future reader never hold the plain number. A mainland mobile number
 * found in the text is kept as the contact phone (encrypted, revealed only by the audited action,
 * erased with the other contact details) when the resident gave none in the phone field, so staff
 * can still call back. Also masked at read time for resident-written text, which covers rows
 * stored before this rule and costs one regular expression per field.
 *
 * Staff-written text (answers, comments, review reasons) is left alone: it carries office numbers
 * that residents are meant to call.
 */

import { maskPhone } from '../../platform/crypto/field.ts';

/** ASCII and full-width digits (a Chinese input method types the latter). */
const D = '[0-9\\uFF10-\\uFF19]';
const SEP = '[-\\s\\u2010-\\u2015\\uFF0D]?';
/** 11-digit mobile numbers 1[3-9]x, optionally +86 / 0086, grouped 3-4-4 with spaces or dashes. */
const MOBILE = new RegExp(
  `(?<!${D})(?:(?:\\+|\\uFF0B|00)86${SEP})?([1\\uFF11][3-9\\uFF13-\\uFF19]${D})${SEP}(${D}{4})${SEP}(${D}{4})(?!${D})`,
  'g',
);
/** Landlines with their area code: 0533-3181234, (0533)31812345, 053331812345. */
const LANDLINE = new RegExp(
  `(?<!${D})[(\\uFF08]?(0${D}{2,3})[)\\uFF09]?${SEP}(${D}{3,4})${SEP}(${D}{4})(?!${D})`,
  'g',
);

function ascii(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** An ID number's last character: a digit or the check letter X, ASCII or full-width. */
const CHECK = '[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58]';
/**
 * 18-character resident ID numbers (GB 11643: 6-digit area, 8-digit birth date, 3-digit sequence,
 * check character), e.g. a resident proving who they are in a description. Any such run of 18 is
 * masked: an order number that looks like one loses nothing a resident needs.
 */
const ID_NUMBER = new RegExp(`(?<!${D})(${D}{6})${D}{8}(${D}{3}${CHECK})(?!${CHECK})`, 'g');

/**
 * Masks mobile numbers as `138****5678`, landlines as `0533-****1234` and ID numbers as
 * `370303********1234` (the area kept, the birth date hidden) inside a text.
 */
export function maskPersonalDataInText(text: string): string;
export function maskPersonalDataInText(text: string | null): string | null;
export function maskPersonalDataInText(text: string | null): string | null {
  if (!text) return text;
  return (
    text
      .replace(ID_NUMBER, (_m, area: string, tail: string) =>
        ascii(`${area}********${tail}`).replace(/[x\uFF38\uFF58]$/, 'X'),
      )
      // The same 138****5678 as the phone field's mask (platform/crypto/field.ts).
      .replace(MOBILE, (_m, head: string, mid: string, tail: string) =>
        maskPhone(ascii(`${head}${mid}${tail}`))!,
      )
      .replace(LANDLINE, (_m, area: string, _mid: string, tail: string) => {
        return `${ascii(area)}-****${ascii(tail)}`;
      })
  );
}

/** The first mainland mobile number written in a text, as 11 ASCII digits. */
export function findMobileInText(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = new RegExp(MOBILE.source).exec(text);
  return m ? ascii(`${m[1]}${m[2]}${m[3]}`) : null;
}
