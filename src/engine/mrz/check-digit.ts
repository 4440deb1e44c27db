// ICAO 9303 part 3 check digit: weights 7, 3, 1 repeating; digits are their value, A-Z are 10-35, '<' is 0.

export function charValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (char === '<') return 0;
  return Number.NaN;
}

export function checkDigit(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const value = charValue(text[i]!);
    if (Number.isNaN(value)) return '?';
    sum += value * weights[i % 3]!;
  }
  return String(sum % 10);
}
