import { claimsOf } from '@/auth/tokenStore';

/** base64url without padding, of the UTF-8 bytes of the JSON, as a JWT carries it. */
function base64url(value: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const binary = Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function jwt(payload: object): string {
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(payload)}.c2lnbmF0dXJl`;
}

describe('claimsOf', () => {
  it('decodes a payload with non-ASCII text (UTF-8), such as the name "Amélie"', () => {
    const claims = claimsOf(jwt({ sub: '7d7c0a4e-1f7b-4e55-8a3a-0b1f2d3c4e5f', name: 'Amélie', email: 'amélie@exemple.fr', locale: 'fr', exp: 1_800_000_000 }));

    expect(claims).toEqual({
      sub: '7d7c0a4e-1f7b-4e55-8a3a-0b1f2d3c4e5f',
      name: 'Amélie',
      email: 'amélie@exemple.fr',
      locale: 'fr',
      exp: 1_800_000_000,
    });
  });

  it('decodes characters outside the Latin range and beyond the BMP', () => {
    expect(claimsOf(jwt({ sub: 'u', name: 'Zoë 李小龍 🎸', exp: 1 }))).toMatchObject({ name: 'Zoë 李小龍 🎸' });
  });

  it('reads the URL-safe alphabet (- and _) and payloads of every padding length', () => {
    // Characters whose standard base64 has + and /, so the token carries - and _.
    const payloads = ['', 'a', 'ab', 'abc'].map((extra) => ({ sub: `user${extra}`, note: '~~~???>>>ÿÿ', exp: 2 }));
    const tokens = payloads.map(jwt);
    expect(tokens.some((token) => /[-_]/.test(token.split('.')[1]!))).toBe(true);
    expect(new Set(tokens.map((token) => token.split('.')[1]!.length % 4))).toEqual(new Set([0, 2, 3]));

    tokens.forEach((token, index) => expect(claimsOf(token)).toEqual(payloads[index]));
  });

  it('keeps the role claim as the server sent it (one role or several)', () => {
    expect(claimsOf(jwt({ sub: 'u', role: ['moderator', 'member'], exp: 3 })).role).toEqual(['moderator', 'member']);
    expect(claimsOf(jwt({ sub: 'u', role: 'moderator', exp: 3 })).role).toBe('moderator');
  });
});
