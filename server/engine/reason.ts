// A written reason (for a loosening or an inline suppression) must say something a reviewer can
// read: whitespace, zero-width and other invisible characters alone are no reason.

/** White space, controls, format characters (zero-width space/joiners, bidi controls, BOM),
 * combining marks, private-use and unassigned code points, and the blank-looking letters
 * (Hangul fillers, Braille blank). */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;

export function hasVisibleText(reason: string | undefined): reason is string {
  return typeof reason === 'string' && reason.replace(INVISIBLE, '').length > 0;
}
