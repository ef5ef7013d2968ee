/**
 * Exact decimal rounding of IEEE-754 doubles with round-half-even, the way
 * CPython formats floats (`format(2.5, '.0f') == '2'`, whereas JavaScript's
 * `toFixed` rounds ties away from zero).
 *
 * @module
 */

/** Splits a finite positive double into `mantissa * 2 ** exponent`. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bits === 0) return { mantissa, exponent: -1074 };
  mantissa |= 1n << 52n;
  return { mantissa, exponent: bits - 1075 };
}

/**
 * `round_half_even(|value| * 10 ** scale)` computed exactly.
 *
 * @param value - a finite number (its sign is ignored)
 * @param scale - the power of ten to scale by (may be negative)
 */
function roundScaled(value: number, scale: number): bigint {
  const abs = Math.abs(value);
  if (abs === 0) return 0n;
  const { mantissa, exponent } = decompose(abs);
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  let quotient = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && quotient % 2n === 1n)) quotient += 1n;
  return quotient;
}

/**
 * Fixed-point digits of `|value|` with `precision` decimals (no sign).
 *
 * @param value - a finite number
 * @param precision - digits after the decimal point
 */
export function fixedDigits(value: number, precision: number): string {
  const digits = roundScaled(value, precision)
    .toString()
    .padStart(precision + 1, '0');
  if (precision === 0) return digits;
  return `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

/**
 * Scientific digits of `|value|` with `precision` decimals in the mantissa,
 * Python style (`1.500000e+03`; exponent at least two digits; no sign).
 *
 * @param value - a finite number
 * @param precision - digits after the mantissa's decimal point
 */
export function scientificDigits(value: number, precision: number): string {
  const abs = Math.abs(value);
  let exponent = abs === 0 ? 0 : Math.floor(Math.log10(abs));
  let digits = roundScaled(abs, precision - exponent);
  if (abs !== 0 && digits.toString().length > precision + 1) {
    exponent += 1;
    digits = roundScaled(abs, precision - exponent);
  } else if (abs !== 0 && digits.toString().length < precision + 1) {
    exponent -= 1;
    digits = roundScaled(abs, precision - exponent);
  }
  const text = digits.toString().padStart(precision + 1, '0');
  const mantissa = precision === 0 ? text : `${text[0]}.${text.slice(1)}`;
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
